/**
 * Failures of the infrastructure rather than of the work: the database or broker is unreachable,
 * restarting, overloaded, or a transaction lost a serialization race. Retrying the same work later
 * succeeds, so such a failure must never dead-letter a message, end a process or reach a client as
 * a 500 — it is a 503 with Retry-After, or a paused consumer.
 *
 * Recognised (one definition, used by the HTTP problem filter, the inbox consumer and the relay):
 * - PostgreSQL SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P01–57P03
 *   (administrator/crash shutdown, cannot connect now), 57P05 (idle-session timeout), 40001
 *   (serialization failure), 40P01 (deadlock detected), 57014 (statement timeout / cancel), 55P03
 *   (lock not available: lock_timeout), 25P03 (idle-in-transaction timeout), 25006 (read-only
 *   transaction, e.g. a standby during failover);
 * - Node socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, EHOSTUNREACH, ENOTFOUND, EAI_AGAIN…);
 * - node-postgres' own connection messages ("Connection terminated…", "timeout exceeded when trying
 *   to connect", "Client has encountered a connection error…");
 * - kafkajs errors marked `retriable`, and its connection, request-timeout, timeout, lock-timeout,
 *   broker-not-found, coordinator-not-found and retries-exceeded errors;
 * - any error whose `cause` (or `originalError`, or one of its `errors` when aggregated) is one of these.
 */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; retriable?: unknown; cause?: unknown; originalError?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^(08|53)/.test(code) || TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SOCKET_CODES.has(code)) return true;
  const name = typeof e.name === 'string' ? e.name : '';
  if (TRANSIENT_KAFKA_ERRORS.has(name) || (name.startsWith('KafkaJS') && e.retriable === true)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (TRANSIENT_MESSAGES.some((m) => m.test(message))) return true;
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.some((x) => isTransientError(x, depth + 1))) return true;
  return isTransientError(e.cause, depth + 1) || isTransientError(e.originalError, depth + 1);
}

const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '40001', '40P01', '57014', '55P03', '25P03', '25006']);
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN',
]);
const TRANSIENT_KAFKA_ERRORS = new Set([
  'KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSBrokerNotFound', 'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionClosedError', 'KafkaJSLockTimeout', 'KafkaJSTimeout', 'KafkaJSGroupCoordinatorNotFound',
]);
const TRANSIENT_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Query read timeout/i,
];
