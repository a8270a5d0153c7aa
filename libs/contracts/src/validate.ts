import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import events from '../schemas/events.schema.json';
import { SCHEMA_VERSIONS } from './catalogue';
import type { Envelope } from './topics';
import { PAYLOAD_UPCASTERS, type PayloadUpcasters } from './upcasters';

export * from './upcasters';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(events, 'events');
/** One compiled validator per event type, compiled on first use and kept. */
const compiled = new Map<string, ValidateFunction>();
const definitions = events.definitions as Record<string, unknown>;

function validatorOf(type: string): ValidateFunction | undefined {
  let validate = compiled.get(type);
  if (!validate && Object.prototype.hasOwnProperty.call(definitions, type) && type !== 'PublicEvents') {
    validate = ajv.getSchema(`events#/definitions/${type}`)!;
    compiled.set(type, validate);
  }
  return validate;
}

const errorsOf = (prefix: string, errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${prefix}${e.instancePath} ${e.message}`);

/**
 * Validates a public event's payload against its JSON Schema (the current schema version of the
 * type). Returns the errors, e.g. `["CasePaid/amountFen must be integer"]`, or [] when valid; an
 * unknown type gives one error. Validators are compiled once per type.
 */
export function validateEventPayload(type: string, data: unknown): string[] {
  const validate = validatorOf(type);
  if (!validate) return [`unknown public event type ${type}`];
  return validate(data) ? [] : errorsOf(type, validate.errors);
}

/**
 * The fields of the envelope (AsyncAPI `components.messages.*.payload`), `data` aside. Fields a
 * newer producer adds are allowed: an envelope is read for the fields this contract names.
 */
const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'globalPosition', 'occurredAt', 'correlationId', 'causationId', 'actor', 'jurisdiction', 'data'],
  properties: {
    eventId: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    schemaVersion: { type: 'integer', minimum: 1 },
    streamId: { type: 'string', minLength: 1 },
    streamVersion: { type: 'integer', minimum: 1 },
    globalPosition: { type: 'string', pattern: '^[0-9]+$' },
    occurredAt: { type: 'string', format: 'date-time' },
    correlationId: { type: 'string', minLength: 1 },
    causationId: { type: ['string', 'null'] },
    actor: {
      oneOf: [{ type: 'null' }, { type: 'object', properties: { sub: { type: 'string' }, role: { type: 'string' } }, required: ['sub', 'role'] }],
    },
    jurisdiction: { type: ['string', 'null'] },
  },
};
const validateEnvelopeFields = ajv.compile(ENVELOPE_SCHEMA);

/**
 * Checks a parsed message value against the envelope fields of the contract (`data` itself is
 * not looked at, only that it is present). Returns the errors, e.g. `["envelope/streamVersion
 * must be integer"]`, or [] when the value is an envelope.
 */
export function validateEnvelopeFieldsOf(value: unknown): string[] {
  return validateEnvelopeFields(value) ? [] : errorsOf('envelope', validateEnvelopeFields.errors);
}

/** What a consumer can make of an envelope's payload. */
export type PayloadReading =
  /** A known type at a known version: `data` is valid, at the type's current `schemaVersion` (upcast if it was older). */
  | { status: 'valid'; schemaVersion: number; data: unknown }
  /** A type, or a version of one, that this contract does not know (a newer producer): `data` was not read. */
  | { status: 'unknown'; reason: string }
  /** Known type and version, but `data` violates the schema (or an older version cannot be upcast). */
  | { status: 'invalid'; reason: string };

/**
 * Reads a payload as consumers must before using it: the type must be a public event of the
 * contract; a payload of an older schema version is first brought to the current version by
 * `upcasters` (default PAYLOAD_UPCASTERS), then validated against the current JSON Schema; a
 * version above the current one is 'unknown'. Never throws (an upcaster that throws makes the
 * payload 'invalid'). The input is not modified; an upcast payload is a new value.
 */
export function readEventPayload(type: string, schemaVersion: number, data: unknown, upcasters: PayloadUpcasters = PAYLOAD_UPCASTERS): PayloadReading {
  const current = (SCHEMA_VERSIONS as Record<string, number>)[type];
  const validate = validatorOf(type);
  if (!validate || current === undefined) return { status: 'unknown', reason: `unknown event type ${type}` };
  if (schemaVersion > current) {
    return { status: 'unknown', reason: `${type} schema version ${schemaVersion} is newer than the known version ${current}` };
  }
  let payload = data;
  for (let v = schemaVersion; v < current; v++) {
    const step = upcasters[type]?.[v];
    if (!step) return { status: 'invalid', reason: `${type} schema version ${v} cannot be upcast to ${v + 1}` };
    try {
      payload = step(payload);
    } catch (e) {
      return { status: 'invalid', reason: `${type} version ${v} payload could not be upcast: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (!validate(payload)) return { status: 'invalid', reason: errorsOf(type, validate.errors).join('; ') };
  return { status: 'valid', schemaVersion: current, data: payload };
}

/** An envelope as consumers may use it: its fields and payload read and validated by readEnvelope. */
export type EnvelopeReading =
  | { status: 'valid'; envelope: Envelope }
  /** Envelope fields are valid; the type or its version is unknown here, `envelope.data` unread. */
  | { status: 'unknown'; envelope: Envelope; reason: string }
  | { status: 'invalid'; reason: string };

/**
 * Validates a parsed message value as an envelope of the contract: its fields (see
 * validateEnvelopeFieldsOf), then its payload (see readEventPayload). A valid envelope is returned
 * with its payload at the current schema version (a new object when upcast, else the same one).
 * Never throws.
 */
export function readEnvelopeValue(value: unknown, upcasters: PayloadUpcasters = PAYLOAD_UPCASTERS): EnvelopeReading {
  const fieldErrors = validateEnvelopeFieldsOf(value);
  if (fieldErrors.length) return { status: 'invalid', reason: fieldErrors.join('; ') };
  const envelope = value as Envelope;
  const payload = readEventPayload(envelope.type, envelope.schemaVersion, envelope.data, upcasters);
  switch (payload.status) {
    case 'valid':
      return {
        status: 'valid',
        envelope: payload.schemaVersion === envelope.schemaVersion && payload.data === envelope.data
          ? envelope
          : { ...envelope, schemaVersion: payload.schemaVersion, data: payload.data },
      };
    case 'unknown':
      return { status: 'unknown', envelope, reason: payload.reason };
    default:
      return { status: 'invalid', reason: payload.reason };
  }
}
