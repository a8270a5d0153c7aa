import { AsyncLocalStorage } from 'node:async_hooks';
import { tracingActive } from '../tracing/state';

/**
 * What every log line written while handling one request or one consumed message says about it:
 * the request id (`x-request-id`), the flow's correlation id (an application's id) once known, and
 * the W3C `traceparent` the work arrived with (used for the trace fields when no span is active).
 */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
  traceparent?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** The context of the work in progress, if any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/**
 * Whether work carries its log context: yes unless `ONEDOOR_LOG_CONTEXT=off`, and always while
 * tracing (whose context travels the same way). Off, a service saves the cost of asynchronous
 * context tracking on Node 20 (about a fifth of the CPU of a cheap request); completion lines of
 * requests still carry their request id.
 */
export function logContextEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return tracingActive() || env.ONEDOOR_LOG_CONTEXT?.trim().toLowerCase() !== 'off';
}

/** Runs `work` with `context` as the log context of everything it does (also asynchronously). */
export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return logContextEnabled() ? storage.run(context, work) : work();
}

/**
 * Names the flow the current request or message belongs to, for the log lines that follow
 * (`correlationId`). Outside a request or message, does nothing.
 */
export function setLogCorrelation(correlationId: string): void {
  const store = storage.getStore();
  if (store) store.correlationId = correlationId;
}
