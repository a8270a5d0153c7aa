import { HEADERS, type Envelope } from '@onedoor/contracts';
import type { RecordedEvent } from '@onedoor/event-store';
import { traceparentOr } from './trace-context';
import type { Headers, OutgoingMessage } from './transport';

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

/** Parses and minimally validates a message value as an Envelope. */
export function parseEnvelope(value: Buffer | string | null): Envelope {
  if (value === null) throw new MalformedMessageError('empty message value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (e) {
    throw new MalformedMessageError(`value is not JSON: ${(e as Error).message}`);
  }
  const e = parsed as Partial<Envelope> | null;
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new MalformedMessageError('value is not a JSON object');
  if (typeof e.eventId !== 'string' || !e.eventId) throw new MalformedMessageError('envelope has no eventId');
  if (typeof e.type !== 'string' || !e.type) throw new MalformedMessageError('envelope has no type');
  return e as Envelope;
}
