/**
 * The one workflow of every department, as pure steps the shell runs in the inbox transaction:
 * routed → open the case (→ decide by the department's rule, ledger first, then case) → funding pays
 * the grants with paidBy funding (AidGranted is the request for funds) → FundsDisbursed → paid.
 * Partner departments stop after opening: their officer or system accepts and decides at the desk.
 */
import type { AidGranted, AnyDepartment, ApplicationRouted, FundsDisbursed, Provenance, RoutedProgramme } from '@onedoor/contracts';
import { caseStatusOf } from './caseStatus';
import type { GrantAid, GrantAidEach, MarkPaid, OpenCase, RefuseAid } from './commands';
import type { RecordEntry, LedgerLimits } from './personPeriodLedger';
import { departmentCaseId, type CaseOnRecord, type DecidedBy, type DepartmentCaseState } from './state';

/** How a department decides: by a declared rule (OneDoor's rule departments) or by the partner (officer or own system). */
export type DecisionMode = 'rule' | 'partner';

/**
 * A rule department's decision on one programme of a case: a grant (fen) or a refusal, with reasons;
 * or (`grant: 'each'`) a grant to each of several beneficiaries, each with its amount (fen), reasons and inputs.
 */
export type RuleOutcome =
  | { grant: true; amountFen: number; reasons: string[]; inputs?: Record<string, unknown> }
  | { grant: false; reasons: string[]; inputs?: Record<string, unknown> }
  | { grant: 'each'; grants: GrantAidEach['data']['grants'] };
export type DepartmentRule = (c: CaseOnRecord, programme: RoutedProgramme) => RuleOutcome;

/** The programme of a route written before the catalogue (no programmes): the department's own rule, paid by funding. */
export const defaultProgramme = (department: AnyDepartment, decisionWorkingDays: number): RoutedProgramme => ({
  programmeId: department,
  category: 'temporary',
  amount: { kind: 'rule' },
  decisionWorkingDays,
  budgetProgramme: department,
  reasons: [],
  ruleIds: [],
});

/**
 * OpenCase for `department`'s route of the routing, or undefined when the application was not routed
 * there. caseId `<department>-<applicationId>`; the beneficiary is the applicant; the case belongs
 * where the household is registered, or where the incident happened when the case file says so.
 */
export function openCaseFromRouting(routed: ApplicationRouted, department: AnyDepartment, now: string, decisionWorkingDays = 15): OpenCase | undefined {
  const route = routed.routes.find((r) => r.department === department);
  if (!route) return undefined;
  const file = route.caseFile as { applicantRef: string; registeredJurisdiction?: string; jurisdiction?: string };
  return {
    type: 'OpenCase',
    data: {
      caseId: departmentCaseId(department, routed.applicationId),
      department,
      applicationId: routed.applicationId,
      caseFile: route.caseFile,
      beneficiaryRef: file.applicantRef,
      jurisdiction: (file.registeredJurisdiction ?? file.jurisdiction)!,
      programmes: route.programmes?.length ? route.programmes : [defaultProgramme(department, decisionWorkingDays)],
      now,
    },
  };
}

/**
 * A rule department decides every pending programme of an open case by its rule, at once: GrantAid,
 * GrantAidEach or RefuseAid per programme, decided by `system` (`<department>-rule`, or
 * `context.decidedBy`). Nothing for a partner department or a decided case.
 */
export function ruleDecisions(
  state: DepartmentCaseState,
  rule: DepartmentRule,
  context: { now: string; appealWindowDays: number; provenance: Provenance; decidedBy?: DecidedBy },
): (GrantAid | GrantAidEach | RefuseAid)[] {
  if (state.status !== 'opened' || caseStatusOf(state) !== 'open') return [];
  const decidedBy = context.decidedBy ?? { sub: `${state.department}-rule`, role: 'system', level: 'system' as const };
  return state.programmes
    .filter((p) => (state.decisions[p.programmeId]?.status ?? 'pending') === 'pending')
    .map((p): GrantAid | GrantAidEach | RefuseAid => {
      const outcome = rule(state, p);
      const provenance = { ...context.provenance, ruleIds: [...new Set([...context.provenance.ruleIds, ...p.ruleIds])] };
      if (outcome.grant === 'each') {
        return { type: 'GrantAidEach', data: { caseId: state.caseId, programmeId: p.programmeId, grants: outcome.grants, decidedBy, provenance, now: context.now } };
      }
      const common = { caseId: state.caseId, programmeId: p.programmeId, reasons: outcome.reasons, decidedBy, provenance, now: context.now, ...(outcome.inputs ? { inputs: outcome.inputs } : {}) };
      return outcome.grant
        ? { type: 'GrantAid', data: { ...common, amountFen: outcome.amountFen } }
        : { type: 'RefuseAid', data: { ...common, appealWindowDays: context.appealWindowDays } };
    });
}

/** Ledger first, then case: the ledger entry a grant is recorded under before its AidGranted is appended. */
export function ledgerEntryOf(
  granted: AidGranted,
  ledger: { ledger: string; period: string; causes: string[]; limits: LedgerLimits },
  now: string,
): RecordEntry {
  return {
    type: 'RecordEntry',
    data: { ...ledger, personRef: granted.beneficiaryRef, caseId: granted.caseId, grantId: granted.grantId, amountFen: granted.amountFen, now },
  };
}

/** Whether funding pays this grant: paidBy funding or absent (events written before paidBy). */
export const fundingPays = (granted: Pick<AidGranted, 'paidBy'>): boolean => (granted.paidBy ?? 'funding') === 'funding';

/** FundsDisbursed for one of the department's grants → MarkPaid. */
export const markPaidFrom = (payment: FundsDisbursed): MarkPaid => ({
  type: 'MarkPaid',
  data: { caseId: payment.caseId, grantId: payment.grantId, amountFen: payment.amountFen, budgetId: payment.budgetId },
});
