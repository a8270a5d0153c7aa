import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { isPartnerDepartment, type Service } from '@onedoor/contracts';
import { chinaDateOf, isOverdue } from '@onedoor/policy';
import { execute, type ServiceRuntime } from '@onedoor/service-kit';
import { applicationDecider, applicationStreamId } from '../domain';
import { DossierStore } from './dossier.store';
import { INTAKE_RUNTIME } from './intake.spec';

/**
 * Escalates missed deadlines: every ONEDOOR_DEADLINE_SCAN_MS (default 60 s) the dossiers with an
 * undecided department past its due date get a DeadlineMissed (once per deadline and case). Partner
 * departments' cases are escalated by the service that hosts them (the department kit's watch), not here.
 */
@Injectable()
export class DeadlineWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('deadlines');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly dossiers: DossierStore,
  ) {}

  onApplicationBootstrap() {
    const every = Number(process.env.ONEDOOR_DEADLINE_SCAN_MS ?? 60_000);
    // A failed scan (the database away) is logged and tried again at the next tick; never thrown.
    const failed = (e: unknown) => this.log.warn(`deadline scan failed; next in ${every} ms: ${(e as Error)?.message ?? String(e)}`);
    if (every > 0) this.timer = setInterval(() => (this.running ??= this.scan().then(() => undefined, failed).finally(() => (this.running = undefined))), every);
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  async scan(now = new Date()): Promise<number> {
    let flagged = 0;
    const today = chinaDateOf(now); // deadlines are China dates
    for (const d of await this.dossiers.overdue(today)) {
      for (const dept of d.departments.filter((e) => !e.decided && !isPartnerDepartment(e.department) && e.dueBy && isOverdue(e.dueBy, now))) {
        try {
          const { events } = await execute(
            this.runtime.store,
            applicationStreamId(d.applicationId),
            applicationDecider,
            {
              type: 'FlagMissedDeadline',
              data: {
                applicationId: d.applicationId,
                deadline: dept.department === 'temporary-aid' ? 'township_decision' : 'ordinary_decision',
                caseId: dept.caseId,
                service: dept.department as Service,
                dueBy: dept.dueBy!,
                now: now.toISOString(),
              },
            },
            {
              metadata: { correlationId: await this.correlationOf(d.applicationId), actor: { sub: 'deadline-watch', role: 'system' }, jurisdiction: d.jurisdiction ?? undefined },
              commandId: `deadline:${d.applicationId}:${dept.caseId}`,
            },
          );
          flagged += events.length;
          for (const e of events) {
            if (e.type === 'DeadlineMissed') this.runtime.metrics.deadlinesMissed.inc({ deadline: e.data.deadline, department: dept.department });
          }
        } catch (e) {
          this.log.warn(`deadline of ${dept.caseId} not flagged: ${(e as Error).message}`);
        }
      }
    }
    return flagged;
  }

  /** The correlation id of the application's flow (that of its submission), so the escalation joins the flow and its trace. */
  private async correlationOf(applicationId: string): Promise<string> {
    const [first] = await this.runtime.store.readStream(applicationStreamId(applicationId), { from: 1, to: 1 });
    return typeof first?.metadata.correlationId === 'string' && first.metadata.correlationId ? first.metadata.correlationId : applicationId;
  }
}
