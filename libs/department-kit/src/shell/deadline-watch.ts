import { Logger } from '@nestjs/common';
import type { DepartmentCases } from './department-cases';

/**
 * Escalates missed decision deadlines of the hosted departments' cases: every
 * ONEDOOR_DEADLINE_SCAN_MS (default 60 s; 0 turns it off) — a failed scan is logged and tried again.
 */
export class DepartmentDeadlineWatch {
  private readonly log = new Logger('deadlines');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly cases: DepartmentCases) {}

  start(every = Number(process.env.ONEDOOR_DEADLINE_SCAN_MS ?? 60_000)) {
    const failed = (e: unknown) => this.log.warn(`deadline scan failed; next in ${every} ms: ${(e as Error)?.message ?? String(e)}`);
    if (every > 0) this.timer = setInterval(() => (this.running ??= this.scan().catch(failed).finally(() => (this.running = undefined))), every);
  }

  async stop() {
    clearInterval(this.timer);
    await this.running;
  }

  scan(now = new Date()): Promise<number> {
    return this.cases.flagMissedDeadlines(now, (caseId, e) => this.log.warn(`deadline of ${caseId} not flagged: ${(e as Error).message}`));
  }
}
