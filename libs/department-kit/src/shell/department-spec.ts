import type { AidGranted, AnyDepartment, ApplicationRouted, ReferralIssued } from '@onedoor/contracts';
import type { ParameterSet, PolicyParams } from '@onedoor/policy';
import type { Decider } from '@onedoor/service-kit';
import type { DepartmentCaseCommand, OpenCase } from '../domain/commands';
import type { RecordedCaseEvent, CaseRecordFormat } from '../domain/recordFormat';
import type { CaseOnRecord, DepartmentCaseState } from '../domain/state';
import type { DecisionMode, DepartmentRule } from '../domain/workflow';

/**
 * Where a case comes from: intake's ApplicationRouted, or temporary aid's ReferralIssued addressed
 * to the department (for departments that take referrals). Whichever comes first opens the case; the
 * second opening appends nothing.
 */
export type CaseSource = { routed: ApplicationRouted } | { referral: ReferralIssued };

/** What a department's own opening is given: the instant (ISO 8601) and the parameter set in force at a jurisdiction on its China date. */
export interface OpeningContext {
  now: string;
  parameterSet(jurisdiction: string): ParameterSet;
}

/**
 * What a rule department's own decision is given: the instant (ISO 8601), the parameter set in force
 * where the case belongs on its China date, and the ledgers it declared (`LedgerStep.streams`), each
 * as read at the version the grant is then recorded against, by the key the step named it.
 */
export interface DecisionContext<L = unknown> {
  now: string;
  set: ParameterSet;
  ledgers: Readonly<Record<string, L>>;
}

/**
 * "Ledger first, then case" for rules spanning cases (an annual cap per person, once per student
 * per school year): the ledger streams a decision reads, and the ledger command recording each
 * grant. The shell reads the ledgers, decides the case with them, appends each AidGranted's ledger
 * command at the version it read (no retry), then the case's events at the case's version read
 * first — all in the inbox transaction, so a concurrent grant to the same person fails one of them
 * with a ConcurrencyError and the whole message is retried on fresh ledgers. A ledger refusal
 * (RuleViolation: a cap passed, a second grant) fails the message and nothing is appended.
 */
export interface LedgerStep<L = any, C = any> {
  /** The ledger aggregate (pure decider): state L, command C. */
  decider: Decider<C, { type: string; data: unknown }, L>;
  /** The streams the decision on case `c` reads at `now`, by key (the person's reference: the patient, each student). */
  streams(c: CaseOnRecord, now: string): Record<string, string>;
  /** The ledger command recording `granted` (fen) before its case event; its stream is that of the key `granted.beneficiaryRef`. */
  record(granted: AidGranted, c: CaseOnRecord, context: DecisionContext<L>): C;
}

/** What officers and the GraphQL API see of a case: at least where it belongs, its status and its version. */
export interface ShownCase {
  jurisdiction: string;
  status: string;
  version: number;
}

/**
 * A department, declared: its id, how its decisions are made (`partner`: its officers or its own
 * system at the desk; `rule`: at once by `rule` when the case opens, given the policy parameters in
 * force where the case belongs on that day — the dibao standard, the amounts of a table), and the
 * decision time of routes written before the catalogue (working days, policy-rules §8).
 *
 * A department whose cases were recorded before the kit declares how, and the shell keeps it so:
 * `records`, `steps`, `open`, `decide` with its `ledger`, `referrals` and `view` (each optional; see
 * each). Without them a department is on the kit's format, opened from the routing alone and shown
 * through the department desk.
 */
export interface DepartmentSpec {
  department: AnyDepartment;
  decisions: DecisionMode;
  rule?: (params: PolicyParams) => DepartmentRule;
  defaultDecisionWorkingDays?: number;
  /** How its case events are recorded in the store (stream id, case-file event, implicit programme); default the kit's (KIT_RECORD_FORMAT). */
  records?: CaseRecordFormat;
  /**
   * The step names of the command ids of a consumed message (`<eventId>:<step>`; the ids of the
   * events appended derive from them, so they stay as recorded). Default `open:<department>` and
   * `decide:<department>` (decisions appended one by one as `decide:<department>:<i>`); with a
   * `ledger`, a case's decisions are appended together under `<eventId>:<decide>` and the ledger
   * commands under `<eventId>:<decide>:ledger`.
   */
  steps?: { open: string; decide: string };
  /** Takes cases from temporary aid's ReferralIssued addressed to it (contracts' referredTo; consumer `<service>.from-temporary-aid`). */
  referrals?: boolean;
  /**
   * Its own opening (policy-rules §8 deadlines, its beneficiary, its programme): the kit's OpenCase
   * for a source addressed to it. Default: the kit's openCaseFromRouting (the routing only).
   */
  open?: (source: CaseSource, context: OpeningContext) => OpenCase;
  /**
   * Its own decision of an open case, as kit commands (GrantAid, GrantAidEach, RefuseAid); nothing
   * for a case already decided. Default (with `rule`): ruleDecisions by `rule(params)`.
   * @throws RuleViolation as its rule does (the message then fails; nothing is appended).
   */
  decide?: (state: DepartmentCaseState, context: DecisionContext) => DepartmentCaseCommand[];
  /** The ledgers its decisions read and record grants in, ledger first, then case. */
  ledger?: LedgerStep;
  /**
   * The case as its API has always shown it, from the case record, its version and its recorded
   * events; undefined before it is opened. A department with its own view is served by a rule
   * desk (GET /cases/{caseId}; officers' decisions are 409: its rule decides) instead of the
   * department desk, whose list, accept, decide and payment routes speak the kit's view.
   */
  view?: (state: DepartmentCaseState, version: number, events: readonly RecordedCaseEvent[]) => ShownCase | undefined;
  /** What decides its cases, as its rule desk's 409 names it (e.g. `the medical-aid table`); default `the <department> rule`. */
  decidedBy?: string;
}
