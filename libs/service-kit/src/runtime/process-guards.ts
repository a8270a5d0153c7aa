import { Logger } from '@nestjs/common';
import { isTransientError } from '@onedoor/event-store';

let installed = false;

/**
 * Last resort for a promise rejection nobody handled. A transient infrastructure failure
 * (isTransientError: the database or broker away, a connection reset) is logged as a warning and
 * the process carries on: the work it belonged to is retried by its owner, and readiness reports
 * the outage. Anything else is logged with its stack and ends the process with exit code 1, as
 * Node does by default, because its state can no longer be trusted. Installed once per process;
 * later calls do nothing. Returns whether this call installed it.
 */
export function guardProcess(log: Pick<Logger, 'warn' | 'error'> = new Logger('process')): boolean {
  if (installed) return false;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isTransientError(reason)) {
      log.warn(`unhandled rejection of a transient failure (carrying on): ${describe(reason)}`);
      return;
    }
    log.error(`unhandled rejection, exiting: ${reason instanceof Error ? (reason.stack ?? describe(reason)) : describe(reason)}`);
    process.exit(1);
  });
  return true;
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  return `${e.name}${typeof code === 'string' ? ` ${code}` : ''}: ${e.message}`;
}
