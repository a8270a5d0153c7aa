import type { AidGranted, AnyDepartment, ApplicationRouted, Envelope, FundsDisbursed } from '@onedoor/contracts';
import { quoteSchema, type EventMetadata, type EventStore } from '@onedoor/event-store';
import { chinaDateOf, isOverdue, type ParameterSet, type PolicyRegistry } from '@onedoor/policy';
import { causedBy, execute, load, loadState, ProblemError, type ServiceRuntime } from '@onedoor/service-kit';
import { caseStatusOf, isDecided } from '../domain/caseStatus';
import type { DepartmentCaseCommand } from '../domain/commands';
import { decideInSequence, KIT_RECORD_FORMAT, recordedDecider, type RecordedCaseEvent } from '../domain/recordFormat';
import { isRuleViolation } from '../domain/ruleViolation';
import type { DepartmentCaseState } from '../domain/state';
import { markPaidFrom, openCaseFromRouting, ruleDecisions } from '../domain/workflow';
import { caseViewOf, type DepartmentCaseView } from './case-view';
import type { CaseSource, DepartmentSpec, ShownCase } from './department-spec';

type CaseDecider = ReturnType<typeof recordedDecider>;

/** Whether `source` is addressed to the department: routed there, or referred there when it takes referrals. */
export const addressedTo = (source: CaseSource, spec: DepartmentSpec): boolean =>
  'routed' in source ? source.routed.routes.some((r) => r.department === spec.department) : !!spec.referrals && source.referral.toDepartment === spec.department;

/** The kit's decider deciding several commands at once, in order (the decisions of one assessment, appended together). */
const inSequence = (kit: CaseDecider) => ({
  decide: (commands: DepartmentCaseCommand[], state: DepartmentCaseState): RecordedCaseEvent[] => decideInSequence(kit, commands, state),
  evolve: kit.evolve,
  initialState: kit.initialState,
});

/**
 * The department case aggregates of one service (its store), behind the consumers, the desk and the
 * deadline watch: load → decide (the kit's pure deciders) → append with the expected version, each
 * department's cases in its record format. `service` names the service in the metadata of what it
 * appends (default: the runtime's).
 */
export class DepartmentCases {
  private registry?: PolicyRegistry;
  private readonly specs: Map<AnyDepartment, DepartmentSpec>;
  private readonly deciders = new Map<AnyDepartment, CaseDecider>();
  readonly service: string;

  constructor(
    readonly runtime: ServiceRuntime,
    specs: readonly DepartmentSpec[],
    service?: string,
  ) {
    this.specs = new Map(specs.map((s) => [s.department, s]));
    for (const s of specs) this.deciders.set(s.department, recordedDecider(s.records ?? KIT_RECORD_FORMAT));
    this.service = service ?? runtime.spec.service;
  }

  get departments(): AnyDepartment[] {
    return [...this.specs.keys()];
  }

  /** The hosted departments taking cases from temporary aid's referrals. */
  get referredDepartments(): AnyDepartment[] {
    return [...this.specs.values()].filter((s) => s.referrals).map((s) => s.department);
  }

  /** The declaration of a hosted department. */
  spec(department: AnyDepartment): DepartmentSpec | undefined {
    return this.specs.get(department);
  }

  usePolicy(registry: PolicyRegistry) {
    this.registry = registry;
  }

  /** The parameter set in force at `jurisdiction` on the China date of `now` (appeal window, provenance). */
  parameterSet(jurisdiction: string, now: string): ParameterSet {
    if (!this.registry) throw ProblemError.serviceUnavailable(`${this.service}: the policy parameter sets are not loaded yet`);
    return this.registry.lookup(jurisdiction, chinaDateOf(now));
  }

  /** The hosted department owning `caseId` (`<department>-…`), if any. */
  private specOfCase(caseId: string): DepartmentSpec | undefined {
    return [...this.specs.values()].find((s) => caseId.startsWith(`${s.department}-`));
  }

  /** The case's stream and decider, in its department's record format (the kit's for a case of no hosted department). */
  private recordOf(caseId: string): { streamId: string; decider: CaseDecider } {
    const spec = this.specOfCase(caseId);
    const records = spec?.records ?? KIT_RECORD_FORMAT;
    return { streamId: records.streamId(caseId), decider: (spec && this.deciders.get(spec.department)) ?? recordedDecider(KIT_RECORD_FORMAT) };
  }

  /**
   * ApplicationRouted → a case per hosted department the application was routed to (idempotent:
   * `<department>-<applicationId>`); rule departments decide it at once. In the inbox transaction.
   */
  openFromRouting(routed: ApplicationRouted, envelope: Envelope, store: EventStore): Promise<void> {
    return this.openFrom({ routed }, envelope, store);
  }

  /**
   * The workflow of a routing or a referral, in the inbox transaction: for each hosted department it
   * is addressed to, open the case (its own `open`, else the kit's from the routing; the second
   * opening appends nothing), then a rule department decides it at once (ledger first, then case
   * when it declares a ledger). Production's consumers and the ops test world run this.
   * @throws RuleViolation of a rule or a ledger; ConcurrencyError when a ledger or the case moved meanwhile (the message is retried).
   */
  async openFrom(source: CaseSource, envelope: Envelope, store: EventStore, now: string = new Date().toISOString()): Promise<void> {
    for (const spec of this.specs.values()) {
      if (!addressedTo(source, spec)) continue;
      const open = spec.open
        ? spec.open(source, { now, parameterSet: (jurisdiction) => this.parameterSet(jurisdiction, now) })
        : 'routed' in source
          ? openCaseFromRouting(source.routed, spec.department, now, spec.defaultDecisionWorkingDays)
          : undefined;
      if (!open) continue;
      const steps = spec.steps ?? { open: `open:${spec.department}`, decide: `decide:${spec.department}` };
      const metadata = causedBy(this.service, envelope, open.data.jurisdiction);
      const { streamId, decider } = this.recordOf(open.data.caseId);
      const opened = await execute(store, streamId, decider, open, { metadata, commandId: `${envelope.eventId}:${steps.open}` });
      if (spec.decisions !== 'rule' || (!spec.rule && !spec.decide)) continue;
      const commandId = `${envelope.eventId}:${steps.decide}`;
      if (spec.ledger) {
        await this.decideWithLedger(spec, streamId, decider, now, metadata, commandId, store);
        continue;
      }
      const set = this.parameterSet(open.data.jurisdiction, now);
      const decisions = this.decisionsOf(spec, opened.state, { now, set, ledgers: {} });
      for (const [i, command] of decisions.entries()) {
        await execute(store, streamId, decider, command, { metadata, commandId: `${commandId}:${i}` });
      }
    }
  }

  /** A rule department's decisions on the case: its own `decide`, else ruleDecisions by its rule. */
  private decisionsOf(spec: DepartmentSpec, state: DepartmentCaseState, context: { now: string; set: ParameterSet; ledgers: Record<string, unknown> }): DepartmentCaseCommand[] {
    if (spec.decide) return spec.decide(state, context);
    const { set, now } = context;
    const provenance = { parameterSetId: set.id, parameterSetVersion: set.version, ruleIds: [] };
    return ruleDecisions(state, spec.rule!(set.params), { now, appealWindowDays: set.params.appealWindowDays, provenance });
  }

  /**
   * Ledger first, then case (LedgerStep): decides the open case with the ledgers it declares, appends
   * each grant's ledger command at the ledger's version read, then the case's events at the case's
   * version read first, neither retried: a concurrent append fails the message with a
   * ConcurrencyError and the inbox transaction retries it whole. A case no longer open is left alone.
   */
  private async decideWithLedger(spec: DepartmentSpec, streamId: string, decider: CaseDecider, now: string, metadata: EventMetadata, commandId: string, store: EventStore) {
    const ledger = spec.ledger!;
    const current = await loadState(store, streamId, decider);
    const c = current.state;
    if (c.status !== 'opened' || caseStatusOf(c) !== 'open') return;
    const set = this.parameterSet(c.jurisdiction, now);
    const read = new Map<string, { streamId: string; state: unknown; version: number }>();
    for (const [key, ledgerStreamId] of Object.entries(ledger.streams(c, now))) {
      if (!read.has(key)) read.set(key, { streamId: ledgerStreamId, ...(await loadState(store, ledgerStreamId, ledger.decider)) });
    }
    const context = { now, set, ledgers: Object.fromEntries([...read].map(([key, l]) => [key, l.state])) };
    const commands = this.decisionsOf(spec, c, context);
    for (const e of decideInSequence(decider, commands, c)) {
      if (e.type !== 'AidGranted') continue;
      const granted = e.data as AidGranted;
      const l = read.get(granted.beneficiaryRef);
      if (!l) throw new Error(`${spec.department}: no ledger was read for ${granted.beneficiaryRef}, the beneficiary of grant ${granted.grantId}`);
      await execute(store, l.streamId, ledger.decider, ledger.record(granted, c, context), { metadata, commandId: `${commandId}:ledger`, expectedVersion: l.version, retries: 0 });
    }
    await execute(store, streamId, inSequence(decider), commands, { metadata, commandId, expectedVersion: current.version, retries: 0 });
  }

  /**
   * FundsDisbursed for a hosted department's grant → CasePaid once. In the inbox transaction;
   * `metadata` defaults to what the service appends because of the payment.
   */
  markPaid(payment: FundsDisbursed, envelope: Envelope, store: EventStore, metadata: EventMetadata = causedBy(this.service, envelope, envelope.jurisdiction)) {
    const { streamId, decider } = this.recordOf(payment.caseId);
    return execute(store, streamId, decider, markPaidFrom(payment), { metadata, commandId: `${envelope.eventId}:paid` });
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
      const { streamId, decider } = this.recordOf(caseId);
      await execute(this.runtime.store, streamId, decider, command, { metadata, retries, ...options });
    } catch (e) {
      if (isRuleViolation(e) && e.field) throw ProblemError.badRequest(e.message, [{ field: e.field, message: e.message }]);
      throw e;
    }
    return this.view(caseId);
  }

  /** The case as the department desk shows it (the kit's view). @throws ProblemError 404 when there is no such case here. */
  async view(caseId: string, store: EventStore = this.runtime.store): Promise<DepartmentCaseView> {
    const { streamId, decider } = this.recordOf(caseId);
    const { state, version, events } = await load(store, streamId, decider);
    const reasons = events.filter((e) => e.type === 'AidGranted' || e.type === 'AidRefused').flatMap((e) => (e.data as { reasons: string[] }).reasons);
    const view = caseViewOf(state, version, reasons);
    if (!view || !this.specs.has(view.department as AnyDepartment)) throw ProblemError.notFound(`case ${caseId} not found`);
    return view;
  }

  /**
   * The case as its department's API shows it: the department's own `view` when it declares one,
   * else the kit's view. @throws ProblemError 404 when there is no such case here.
   */
  async shownCase(caseId: string, store: EventStore = this.runtime.store): Promise<ShownCase> {
    const spec = this.specOfCase(caseId);
    if (!spec?.view) return this.view(caseId, store);
    const { streamId, decider } = this.recordOf(caseId);
    const { state, version, events } = await load(store, streamId, decider);
    const view = spec.view(state, version, events);
    if (!view) throw ProblemError.notFound(`case ${caseId} not found`);
    return view;
  }

  /** The correlation id of the case's flow (that of the routing that opened it). */
  async correlationOf(caseId: string): Promise<string | undefined> {
    const [first] = await this.runtime.store.readStream(this.recordOf(caseId).streamId, { from: 1, to: 1 });
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
        const { streamId, decider } = this.recordOf(caseId);
        const { state } = await load(this.runtime.store, streamId, decider);
        if (state.status !== 'opened' || isDecided(state) || state.missedDeadlines.length || !isOverdue(state.dueBy, now)) continue;
        const { events } = await execute(
          this.runtime.store,
          streamId,
          decider,
          { type: 'FlagMissedDeadline', data: { caseId, service: this.service, now: now.toISOString() } },
          {
            metadata: { correlationId: (await this.correlationOf(caseId)) ?? caseId, actor: { sub: 'deadline-watch', role: 'system' }, jurisdiction: state.jurisdiction },
            commandId: `deadline:${caseId}`,
          },
        );
        for (const e of events) if (e.type === 'DeadlineMissed') this.runtime.metrics.deadlinesMissed.inc({ deadline: (e.data as { deadline: string }).deadline, department: state.department });
        flagged += events.length;
      } catch (e) {
        onError(caseId, e);
      }
    }
    return flagged;
  }
}
