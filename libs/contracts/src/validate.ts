import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import events from '../schemas/events.schema.json';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(events, 'events');
const compiled = new Map<string, ValidateFunction>();

/** Validates a public event's payload against its JSON Schema; returns the errors, or [] when valid. */
export function validateEventPayload(type: string, data: unknown): string[] {
  if (!(type in (events.definitions as object))) return [`unknown public event type ${type}`];
  let validate = compiled.get(type);
  if (!validate) {
    validate = ajv.getSchema(`events#/definitions/${type}`)!;
    compiled.set(type, validate);
  }
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message}`);
}
