import {
  HEADERS, readEnvelopeValue, validateEnvelopeFieldsOf, type Envelope, type EnvelopeReading, type PayloadUpcasters,
} from '@onedoor/contracts';
import type { RecordedEvent } from '@onedoor/event-store';
import { traceparentOr } from './trace-context';
import type { Headers, IncomingMessage, OutgoingMessage } from './transport';

/**
 * The message key: the application the event belongs to, so every department sees one
 * application's events in order. Events outside an application fall back to their correlation
 * (one business flow stays ordered) and then to their stream (one aggregate stays ordered).
 */
export function messageKey(event: RecordedEvent): string {
  const data = event.data as { applicationId?: unknown } | null;
  const applicationId = data && typeof data === 'object' ? data.applicationId : undefined;
  if (typeof applicationId === 'string' && applicationId) return applicationId;
  return event.metadata?.correlationId || event.streamId;
}

/** The public envelope of the Kafka contract. An event with no correlation starts its own. */
export function toEnvelope(event: RecordedEvent): Envelope {
  const m = event.metadata ?? {};
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    occurredAt: event.occurredAt.toISOString(),
    correlationId: m.correlationId ?? event.eventId,
    causationId: m.causationId ?? null,
    actor: m.actor ?? null,
    jurisdiction: m.jurisdiction ?? null,
    data: event.data,
  };
}

/**
 * Every contract header, so consumers can route and filter without parsing the value.
 * causation-id is empty for a root event (causationId null); traceparent is the event's own when
 * valid, else derived from its correlation and id (derivedTraceparent).
 */
export function envelopeHeaders(envelope: Envelope, traceparent?: string): Headers {
  return {
    [HEADERS.eventType]: envelope.type,
    [HEADERS.eventId]: envelope.eventId,
    [HEADERS.schemaVersion]: String(envelope.schemaVersion),
    [HEADERS.correlationId]: envelope.correlationId,
    [HEADERS.causationId]: envelope.causationId ?? '',
    [HEADERS.traceparent]: traceparentOr(traceparent, envelope.correlationId, envelope.eventId),
  };
}

/** A recorded event as the message the relay publishes. */
export function toMessage(event: RecordedEvent): OutgoingMessage {
  const envelope = toEnvelope(event);
  return {
    key: messageKey(event),
    value: JSON.stringify(envelope),
    headers: envelopeHeaders(envelope, event.metadata?.traceparent),
  };
}

/** Thrown for a message that is not an envelope: it can never succeed, so it is dead-lettered at once. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/**
 * Parses a message value and validates the envelope fields of the contract (eventId, type,
 * schemaVersion, streamId, streamVersion, globalPosition, occurredAt, correlationId, causationId,
 * actor, jurisdiction, and that `data` is present). The payload is not validated: see
 * readEnvelope for what consumers use. Throws MalformedMessageError naming what is wrong.
 */
export function parseEnvelope(value: Buffer | string | null): Envelope {
  const parsed = parseJson(value);
  const errors = validateEnvelopeFieldsOf(parsed);
  if (errors.length) throw new MalformedMessageError(errors.join('; '));
  return parsed as Envelope;
}

function parseJson(value: Buffer | string | null): unknown {
  if (value === null) throw new MalformedMessageError('empty message value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (e) {
    throw new MalformedMessageError(`value is not JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new MalformedMessageError('value is not a JSON object');
  return parsed;
}

/** Contract headers and the envelope field each must agree with. */
const HEADER_FIELDS: [header: string, field: (e: Envelope) => string | null][] = [
  [HEADERS.eventType, (e) => e.type],
  [HEADERS.eventId, (e) => e.eventId],
  [HEADERS.schemaVersion, (e) => String(e.schemaVersion)],
  [HEADERS.correlationId, (e) => e.correlationId],
  [HEADERS.causationId, (e) => e.causationId],
];

/**
 * Reads a message as a consumer must before any code uses it. Never throws. The result is
 * - `valid`: the value is a JSON envelope whose fields and payload satisfy the contract (the
 *   payload checked against its event's JSON Schema, after upcasting an older schema version to
 *   the current one — the envelope returned then carries the current version and payload);
 * - `unknown`: the envelope fields are valid, but the event type, or its schema version, is newer
 *   than this contract: `envelope.data` has not been read and must not be used;
 * - `invalid`, with the reason: not JSON, no value, an envelope field missing or of the wrong
 *   type, a contract header (event-type, event-id, schema-version, correlation-id, causation-id)
 *   contradicting the envelope, or a payload violating its schema. Absent headers are allowed:
 *   the value is what counts, headers only let routers skip parsing it.
 */
export function readEnvelope(message: Pick<IncomingMessage, 'value' | 'headers'>, upcasters?: PayloadUpcasters): EnvelopeReading {
  let value: unknown;
  try {
    value = parseJson(message.value);
  } catch (e) {
    return { status: 'invalid', reason: (e as Error).message };
  }
  const reading = readEnvelopeValue(value, upcasters);
  if (reading.status === 'invalid') return reading;
  const original = value as Envelope;
  for (const [header, field] of HEADER_FIELDS) {
    const given = message.headers[header];
    if (given === undefined) continue;
    const expected = field(original);
    if (given !== (expected ?? '')) {
      return { status: 'invalid', reason: `header ${header} ${JSON.stringify(given)} contradicts the envelope (${JSON.stringify(expected)})` };
    }
  }
  return reading;
}
