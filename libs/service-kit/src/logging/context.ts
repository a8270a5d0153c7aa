import { AsyncLocalStorage } from 'node:async_hooks';

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

/** Runs `work` with `context` as the log context of everything it does (also asynchronously). */
export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

/**
 * Names the flow the current request or message belongs to, for the log lines that follow
 * (`correlationId`). Outside a request or message, does nothing.
 */
export function setLogCorrelation(correlationId: string): void {
  const store = storage.getStore();
  if (store) store.correlationId = correlationId;
}
