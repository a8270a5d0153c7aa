import { Logger } from '@nestjs/common';
import { isTransientError } from '@onedoor/event-store';
import type { Infrastructure } from './infrastructure';

export interface AwaitInfrastructureOptions {
  /** Longest wait for one probe, in ms. Default ONEDOOR_READY_TIMEOUT_MS or 2000. */
  probeTimeoutMs?: number;
  /** Upper bound of the pause between probes, in ms. Default 10000. */
  maxDelayMs?: number;
  /** Where progress goes; default a Nest logger named "startup". */
  log?: Pick<Logger, 'warn' | 'log'>;
}

/**
 * Waits until the database answers `SELECT 1` and, in distributed mode, the broker answers a
 * metadata request, so a service started before them (a cluster booting, an outage in progress)
 * waits instead of exiting. Probes back off from 250 ms to `maxDelayMs`; each failed probe is
 * logged with what is awaited and why (never with connection secrets).
 *
 * Resolves once both answered. Rejects only for a failure that waiting will not cure (not
 * `isTransientError`: a refused password, an unknown database, a malformed URL), so that a
 * misconfiguration still ends the process with its reason.
 */
export async function awaitInfrastructure(infra: Infrastructure, options: AwaitInfrastructureOptions = {}): Promise<void> {
  const log = options.log ?? new Logger('startup');
  const timeout = options.probeTimeoutMs ?? Number(process.env.ONEDOOR_READY_TIMEOUT_MS ?? 2000);
  const maxDelay = options.maxDelayMs ?? 10_000;
  const probes: [string, () => Promise<unknown>][] = [['database', () => infra.driver.query('SELECT 1')]];
  if (infra.checkBroker) probes.push(['broker', () => infra.checkBroker!(timeout)]);
  for (const [what, probe] of probes) {
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(probe(), timeout, `${what} did not answer within ${timeout} ms`);
        if (attempt > 1) log.log(`${what} reachable after ${attempt} attempts; starting`);
        break;
      } catch (e) {
        if (!isTransientError(e) && !(e instanceof ProbeTimeout)) throw e;
        const delay = Math.min(250 * 2 ** (attempt - 1), maxDelay);
        log.warn(`waiting for the ${what}: ${(e as Error).message ?? e}; next try in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}

class ProbeTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // a late rejection after the timeout is not unhandled
  return Promise.race([
    work,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout(message)), ms))),
  ]).finally(() => clearTimeout(timer));
}
