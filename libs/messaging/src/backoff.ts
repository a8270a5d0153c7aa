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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
