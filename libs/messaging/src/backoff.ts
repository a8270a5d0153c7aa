export interface RetryPolicy {
  /** Handler attempts before the message is dead-lettered. Default 5. */
  attempts?: number;
  /** Pause after the first failure; doubles each time. Default 50 ms. */
  baseDelayMs?: number;
  /** Upper bound of one pause. Default 5 s. */
  maxDelayMs?: number;
}

/**
 * Pause after the n-th failed attempt (1-based): exponential, so a brief outage (a lock, a
 * failover) is ridden out quickly while a persistent failure does not hammer the database.
 */
export function backoffDelay(failedAttempt: number, policy: RetryPolicy = {}): number {
  const base = policy.baseDelayMs ?? 50;
  return Math.min(base * 2 ** (failedAttempt - 1), policy.maxDelayMs ?? 5000);
}

/** Waiting out an infrastructure failure: no attempt limit, only a pause that grows to a cap. */
export interface OutageBackoff {
  /** Pause after the first failure; doubles each time. Default 100 ms. */
  baseDelayMs?: number;
  /** Upper bound of one pause. Default 30 s. */
  maxDelayMs?: number;
}

/** Pause after the n-th consecutive infrastructure failure (1-based): 100 ms, 200 ms, … up to 30 s by default. */
export function outageDelay(failure: number, policy: OutageBackoff = {}): number {
  return backoffDelay(failure, { baseDelayMs: policy.baseDelayMs ?? 100, maxDelayMs: policy.maxDelayMs ?? 30000 });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown by `pause` when it was cut short: the work waiting must give up (and stay uncommitted). */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/**
 * Sleeps `ms`, but checks `interrupted()` at least every `tickMs` (default 100) and rejects with
 * InterruptedError(reason) as soon as it returns a reason; `tick` (e.g. a consumer heartbeat) runs
 * between checks, and its failures are ignored. Resolves after `ms` otherwise.
 */
export async function pause(
  ms: number,
  interrupted: () => string | undefined,
  tick?: () => Promise<void> | void,
  tickMs = 100,
): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const reason = interrupted();
    if (reason) throw new InterruptedError(reason);
    const left = until - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(left, tickMs));
    try {
      await tick?.();
    } catch {
      // A missed heartbeat is reported through interrupted() by whoever owns it.
    }
  }
}
