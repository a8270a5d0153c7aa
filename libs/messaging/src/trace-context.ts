import { createHash, randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (`traceparent`: version-traceId-parentId-flags, lower-case hex) as events
 * carry it: the submission's request starts or joins a trace, and every event caused by another
 * carries the cause's trace id with a span of its own, so one application is one trace across
 * every service and topic.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The same test in SQL (PostgreSQL regular expression), for the relay's page read. */
export const TRACEPARENT_SQL_PATTERN = '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

/**
 * True for a traceparent of the W3C format: two hex digits of version (not ff), a 32-digit trace
 * id and a 16-digit parent id (neither all zeros), two hex digits of flags. Anything else
 * (undefined, upper case, extra fields) is false.
 */
export function isTraceparent(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TRACEPARENT.exec(value);
  return !!m && m[1] !== 'ff' && !/^0+$/.test(m[2]) && !/^0+$/.test(m[3]);
}

/** The 32-hex-digit trace id of a valid traceparent; undefined for anything else. */
export function traceIdOf(traceparent: unknown): string | undefined {
  return isTraceparent(traceparent) ? traceparent.slice(3, 35) : undefined;
}

/** A new trace: random trace id and span id, sampled (`00-<32 hex>-<16 hex>-01`). */
export function rootTraceparent(): string {
  return `00-${nonZeroHex(16)}-${nonZeroHex(8)}-01`;
}

/**
 * A span within the trace of `parent`: same trace id and flags, a new span id — derived from
 * `spanName` when given (so redoing the same work yields the same context), random otherwise.
 * An invalid or absent parent starts a new trace (rootTraceparent).
 */
export function childTraceparent(parent: string | undefined, spanName?: string): string {
  if (!isTraceparent(parent)) return rootTraceparent();
  const span = spanName === undefined ? nonZeroHex(8) : hexOf(`span:${spanName}`, 16);
  return `00-${parent.slice(3, 35)}-${span}-${parent.slice(53, 55)}`;
}

/**
 * The traceparent of an event stored without a valid one: trace id derived from its correlation
 * (so one flow is one trace), span id from its event id; flags 01. Deterministic, so a message
 * published twice carries the same value; the relay's SQL computes the same string (md5).
 */
export function derivedTraceparent(correlationId: string, eventId: string): string {
  return `00-${hexOf(`trace:${correlationId}`, 32)}-${hexOf(`span:${eventId}`, 16)}-01`;
}

/** `traceparent` when valid, else derivedTraceparent(correlationId, eventId). */
export function traceparentOr(traceparent: unknown, correlationId: string, eventId: string): string {
  return isTraceparent(traceparent) ? traceparent : derivedTraceparent(correlationId, eventId);
}

const hexOf = (text: string, digits: number) => createHash('md5').update(text, 'utf8').digest('hex').slice(0, digits);

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}
