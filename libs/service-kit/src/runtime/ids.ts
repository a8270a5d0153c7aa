import { createHash } from 'node:crypto';
import { HEADERS, type Envelope } from '@onedoor/contracts';
import { childTraceparent, derivedTraceparent, isTraceparent, traceparentOr, type Headers } from '@onedoor/messaging';

/**
 * A UUID derived from a name (SHA-256 based, version-8 layout). Events caused by the same input
 * get the same ids, so a repeated command appends nothing twice.
 */
export function uuidFromName(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The traceparent each consumed envelope arrived with (kept as long as the envelope object lives). */
const arrivedWith = new WeakMap<Envelope, string>();

/** Records the `traceparent` header of the message an envelope was read from (for causedBy). */
export function noteTraceContext(envelope: Envelope, headers: Headers | undefined): void {
  const traceparent = headers?.[HEADERS.traceparent];
  if (traceparent) arrivedWith.set(envelope, traceparent);
}

/**
 * The trace context of a consumed event: the traceparent its message carried when valid, else
 * the one the relay derives for an event stored without one (same value, so a trace is never split).
 */
export function traceContextOf(envelope: Envelope): string {
  return traceparentOr(arrivedWith.get(envelope), envelope.correlationId, envelope.eventId);
}

/**
 * The trace context of work done because of `cause` by `service`: the cause's trace id and flags
 * with a span id derived from both names, so handling the same event again yields the same value.
 */
export function traceContextCausedBy(service: string, cause: Envelope): string {
  return childTraceparent(traceContextOf(cause), `${service}|${cause.eventId}`);
}

/**
 * The trace context of the events a request starts a flow with: a new span within the incoming
 * `traceparent` when that is a valid W3C value; otherwise (absent or invalid, which W3C Trace
 * Context says to ignore) a new span in the trace of the flow's correlation id — the trace the
 * relay derives for the flow's events stored without one, so the whole flow stays one trace.
 */
export function traceContextOfRequest(incoming: string | undefined, correlationId: string): string {
  const parent = incoming?.trim();
  return childTraceparent(isTraceparent(parent) ? parent : derivedTraceparent(correlationId, correlationId));
}
