import type { AnyDepartment, ApplicationRouted, Envelope, FundsDisbursed } from '@onedoor/contracts';
import { quoteSchema, type EventMetadata, type EventStore } from '@onedoor/event-store';
import { chinaDateOf, isOverdue, type ParameterSet, type PolicyRegistry } from '@onedoor/policy';
import { causedBy, execute, load, ProblemError, type ServiceRuntime } from '@onedoor/service-kit';
import { isDecided } from '../domain/caseStatus';
import type { DepartmentCaseCommand } from '../domain/commands';
import { departmentCaseDecider } from '../domain/departmentCase';
import { isRuleViolation } from '../domain/ruleViolation';
import { departmentCaseStreamId } from '../domain/state';
import { markPaidFrom, openCaseFromRouting, ruleDecisions } from '../domain/workflow';
import { caseViewOf, type DepartmentCaseView } from './case-view';
import type { DepartmentSpec } from './department-spec';

/**
 * The department case aggregates of one service (its store), behind the consumers, the desk and the
 * deadline watch: load → decide (the kit's pure deciders) → append with the expected version.
 */
export class DepartmentCases {
  private registry?: PolicyRegistry;
  private readonly specs: Map<AnyDepartment, DepartmentSpec>;

  constructor(
    readonly runtime: ServiceRuntime,
    specs: readonly DepartmentSpec[],
  ) {
    this.specs = new Map(specs.map((s) => [s.department, s]));
  }

  get departments(): AnyDepartment[] {
    return [...this.specs.keys()];
  }

  usePolicy(registry: PolicyRegistry) {
    this.registry = registry;
  }

  /** The parameter set in force at `jurisdiction` on the China date of `now` (appeal window, provenance). */
  parameterSet(jurisdiction: string, now: string): ParameterSet {
    if (!this.registry) throw ProblemError.serviceUnavailable(`${this.runtime.spec.service}: the policy parameter sets are not loaded yet`);
    return this.registry.lookup(jurisdiction, chinaDateOf(now));
  }

  /**
   * ApplicationRouted → a case per hosted department the application was routed to (idempotent:
   * `<department>-<applicationId>`); rule departments decide it at once. In the inbox transaction.
   */
  async openFromRouting(routed: ApplicationRouted, envelope: Envelope, store: EventStore): Promise<void> {
    const now = new Date().toISOString();
    for (const spec of this.specs.values()) {
      const open = openCaseFromRouting(routed, spec.department, now, spec.defaultDecisionWorkingDays);
      if (!open) continue;
      const metadata = causedBy(this.runtime.spec.service, envelope, open.data.jurisdiction);
      const opened = await execute(store, departmentCaseStreamId(open.data.caseId), departmentCaseDecider, open, { metadata, commandId: `${envelope.eventId}:open:${spec.department}` });
      if (spec.decisions !== 'rule' || !spec.rule) continue;
      const set = this.parameterSet(open.data.jurisdiction, now);
      const provenance = { parameterSetId: set.id, parameterSetVersion: set.version, ruleIds: [] };
      const decisions = ruleDecisions(opened.state, spec.rule(set.params), { now, appealWindowDays: set.params.appealWindowDays, provenance });
      for (const [i, command] of decisions.entries()) {
        await execute(store, departmentCaseStreamId(open.data.caseId), departmentCaseDecider, command, { metadata, commandId: `${envelope.eventId}:decide:${spec.department}:${i}` });
      }
    }
  }

  /** FundsDisbursed for a hosted department's grant → CasePaid once. In the inbox transaction. */
  markPaid(payment: FundsDisbursed, envelope: Envelope, store: EventStore) {
    return execute(store, departmentCaseStreamId(payment.caseId), departmentCaseDecider, markPaidFrom(payment), {
      metadata: causedBy(this.runtime.spec.service, envelope, envelope.jurisdiction),
      commandId: `${envelope.eventId}:paid`,
    });
  }

  /**
   * A desk command (accept, decide, report a payment) on the case at `expectedVersion` when the
   * client gave one (a newer case version is then a 409), else on the case as it is when appended
   * (decided again after a concurrent append); a rule violation naming an input (amountFen, paidBy,
   * programmeId…) is a 400 with that field, others 422. Nothing is appended when it is refused.
   */
  async command(caseId: string, command: DepartmentCaseCommand, metadata: EventMetadata, options: { expectedVersion?: number; commandId?: string }): Promise<DepartmentCaseView> {
    try {
      const retries = options.expectedVersion === undefined ? 3 : 0;
      await execute(this.runtime.store, departmentCaseStreamId(caseId), departmentCaseDecider, command, { metadata, retries, ...options });
    } catch (e) {
      if (isRuleViolation(e) && e.field) throw ProblemError.badRequest(e.message, [{ field: e.field, message: e.message }]);
      throw e;
    }
    return this.view(caseId);
  }

  /** The case as the desk shows it. @throws ProblemError 404 when there is no such case here. */
  async view(caseId: string, store: EventStore = this.runtime.store): Promise<DepartmentCaseView> {
    const { state, version, events } = await load(store, departmentCaseStreamId(caseId), departmentCaseDecider);
    const reasons = events.filter((e) => e.type === 'AidGranted' || e.type === 'AidRefused').flatMap((e) => (e.data as { reasons: string[] }).reasons);
    const view = caseViewOf(state, version, reasons);
    if (!view || !this.specs.has(view.department as AnyDepartment)) throw ProblemError.notFound(`case ${caseId} not found`);
    return view;
  }

  /** The correlation id of the case's flow (that of the routing that opened it). */
  async correlationOf(caseId: string): Promise<string | undefined> {
    const [first] = await this.runtime.store.readStream(departmentCaseStreamId(caseId), { from: 1, to: 1 });
    return typeof first?.metadata.correlationId === 'string' ? first.metadata.correlationId : undefined;
  }

  /** Ids of the cases opened for `departments`, oldest first (from the store's CaseOpened events). */
  async caseIds(departments: readonly AnyDepartment[]): Promise<string[]> {
    const { rows } = await this.runtime.store.sql.query<{ case_id: string }>(
      `SELECT data->>'caseId' AS case_id FROM ${quoteSchema(this.runtime.store.schema)}.events
       WHERE type = 'CaseOpened' AND data->>'department' = ANY($1::text[]) ORDER BY global_position`,
      [departments],
    );
    return rows.map((r) => r.case_id);
  }

  /**
   * Escalates every case of the hosted departments past its decision deadline at `now` with
   * programmes still pending: DeadlineMissed once per case (policy-rules §8). Returns the events appended.
   */
  async flagMissedDeadlines(now: Date, onError: (caseId: string, e: unknown) => void): Promise<number> {
    let flagged = 0;
    for (const caseId of await this.caseIds(this.departments)) {
      try {
        const { state } = await load(this.runtime.store, departmentCaseStreamId(caseId), departmentCaseDecider);
        if (state.status !== 'opened' || isDecided(state) || state.missedDeadlines.length || !isOverdue(state.dueBy, now)) continue;
        const { events } = await execute(
          this.runtime.store,
          departmentCaseStreamId(caseId),
          departmentCaseDecider,
          { type: 'FlagMissedDeadline', data: { caseId, service: this.runtime.spec.service, now: now.toISOString() } },
          {
            metadata: { correlationId: (await this.correlationOf(caseId)) ?? caseId, actor: { sub: 'deadline-watch', role: 'system' }, jurisdiction: state.jurisdiction },
            commandId: `deadline:${caseId}`,
          },
        );
        for (const e of events) if (e.type === 'DeadlineMissed') this.runtime.metrics.deadlinesMissed.inc({ deadline: e.data.deadline, department: state.department });
        flagged += events.length;
      } catch (e) {
        onError(caseId, e);
      }
    }
    return flagged;
  }
}
