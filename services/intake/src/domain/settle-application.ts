import type { ApplicationSettled, Envelope } from '@onedoor/contracts';
import type { DepartmentFact, RecordDepartmentOutcomes } from './commands';
import type { DepartmentOutcomeRecorded, IntakeEvent } from './events';
import { RuleViolation } from './rule-violation';
import { withDepartmentOutcome, type ApplicationState, type DepartmentProgress } from './state';

/** Rule ids of settlement (api-contract: dossier; policy-rules §3 and §7). */
export const SETTLEMENT_RULES = {
  everyDepartmentDecided: 'settlement.everyDepartmentDecided',
  everyGrantPaid: 'settlement.everyGrantPaid',
} as const;

/** The application's outcome so far: a decision once it is final, with the amounts in fen. */
export type ApplicationOutcome =
  | { final: false; why: string; rule: string }
  | { final: true; outcome: ApplicationSettled['outcome']; grantedFen: number; paidFen: number };

/**
 * The one definition of an application's outcome from its departments' facts (api-contract:
 * `settled` = every routed department has decided and every approved grant is paid):
 * - not final while a routed or referred department has not decided, or a grant is unpaid;
 * - `refused` when every department refused (no grant at all);
 * - `granted` when at least one department granted and every grant is paid.
 * `grantedFen` is the sum of the grants, `paidFen` of the paid ones (fen).
 */
export function applicationOutcome(departments: readonly DepartmentProgress[]): ApplicationOutcome {
  if (departments.length === 0) return { final: false, why: 'no department was routed', rule: SETTLEMENT_RULES.everyDepartmentDecided };
  let grantedFen = 0;
  let paidFen = 0;
  for (const d of departments) {
    const granted = d.grants.filter((g) => g.granted || g.paid);
    if (!hasDecided(d)) {
      return { final: false, why: `case ${d.caseId} (${d.department}) has not decided yet`, rule: SETTLEMENT_RULES.everyDepartmentDecided };
    }
    for (const g of granted) {
      if (!g.paid) return { final: false, why: `case ${d.caseId} (${d.department}): grant ${g.grantId} of ${g.amountFen} fen is not paid yet`, rule: SETTLEMENT_RULES.everyGrantPaid };
      grantedFen += g.amountFen;
      paidFen += g.amountFen;
    }
  }
  return { final: true, outcome: departments.some((d) => d.grants.some((g) => g.granted || g.paid)) ? 'granted' : 'refused', grantedFen, paidFen };
}

/**
 * Whether a department has decided: it refused the case, or granted — and when it runs several
 * routed programmes (a partner department) and names them, each programme is granted or refused.
 */
export function hasDecided(d: DepartmentProgress): boolean {
  if (d.refused) return true;
  const granted = d.grants.filter((g) => g.granted || g.paid);
  const programmes = d.programmes ?? [];
  const refused = d.refusedProgrammes ?? [];
  if (programmes.length === 0 || granted.some((g) => g.programmeId === undefined)) return granted.length > 0 || (refused.length > 0 && programmes.length === 0);
  return programmes.every((p) => refused.includes(p) || granted.some((g) => g.programmeId === p));
}

/** True when the fact adds nothing to what the application already knows (a redelivery). */
function isKnown(departments: readonly DepartmentProgress[], f: DepartmentFact): boolean {
  const d = departments.find((x) => x.department === f.department);
  if (!d) return false;
  const g = f.grantId === undefined ? undefined : d.grants.find((x) => x.grantId === f.grantId);
  switch (f.outcome) {
    case 'referred':
      return true;
    case 'refused':
      return f.programmeId === undefined ? d.refused : d.refused || (d.refusedProgrammes ?? []).includes(f.programmeId);
    case 'granted':
      return g?.granted ?? false;
    case 'paid':
      return g?.paid ?? false;
  }
}

function checkFact(f: DepartmentFact): void {
  if ((f.outcome === 'granted' || f.outcome === 'paid') && (!f.grantId || !Number.isSafeInteger(f.amountFen) || f.amountFen! < 0)) {
    throw new RuleViolation('money.integerFen', `case ${f.caseId}: a ${f.outcome} grant needs its grantId and non-negative integer fen, got ${JSON.stringify(f.amountFen)}`, 'facts');
  }
}

/**
 * RecordDepartmentOutcomes → DepartmentOutcomeRecorded for every fact the application did not know
 * yet, then ApplicationSettled with the outcome (`granted` or `refused`) once `applicationOutcome`
 * says it is final. Facts arriving for an application refused at intake, or after it was settled,
 * change nothing. Errors: `application.exists` for an unknown application, `money.integerFen`.
 */
export function recordDepartmentOutcomes(c: RecordDepartmentOutcomes['data'], state: ApplicationState): IntakeEvent[] {
  if (state.status === 'none') throw new RuleViolation('application.exists', `application ${c.applicationId} was not submitted`, 'applicationId');
  if (state.status !== 'routed') return [];
  const events: IntakeEvent[] = [];
  let departments = state.departments;
  for (const f of c.facts) {
    checkFact(f);
    if (isKnown(departments, f)) continue;
    const data: DepartmentOutcomeRecorded = {
      applicationId: state.applicationId,
      department: f.department,
      caseId: f.caseId,
      outcome: f.outcome,
      ...(f.grantId !== undefined ? { grantId: f.grantId } : {}),
      ...(f.amountFen !== undefined ? { amountFen: f.amountFen } : {}),
      ...(f.reasons !== undefined ? { reasons: f.reasons } : {}),
      ...(f.appealBy !== undefined ? { appealBy: f.appealBy } : {}),
      sourceEventId: f.sourceEventId,
      ...(f.programmeId !== undefined ? { programmeId: f.programmeId } : {}),
      ...(f.paidBy !== undefined ? { paidBy: f.paidBy } : {}),
    };
    events.push({ type: 'DepartmentOutcomeRecorded', data });
    departments = withDepartmentOutcome(departments, data);
  }
  if (events.length === 0) return [];
  const outcome = applicationOutcome(departments);
  if (outcome.final) {
    events.push({
      type: 'ApplicationSettled',
      data: { applicationId: state.applicationId, outcome: outcome.outcome, grantedFen: outcome.grantedFen, paidFen: outcome.paidFen, settledAt: c.now },
    });
  }
  return events;
}

/**
 * The department fact a public event carries for the application, or undefined for events that
 * say nothing about a department's outcome. ReferralIssued names the case of the department
 * receiving the referral as `${toDepartment}-${applicationId}`.
 */
export function departmentFactOf(envelope: Pick<Envelope<any>, 'type' | 'data' | 'eventId'>): DepartmentFact | undefined {
  const d = envelope.data ?? {};
  const sourceEventId = envelope.eventId;
  switch (envelope.type) {
    case 'ReferralIssued':
      return { department: d.toDepartment, caseId: `${d.toDepartment}-${d.applicationId}`, outcome: 'referred', sourceEventId };
    case 'AidGranted':
      return {
        department: d.department, caseId: d.caseId, outcome: 'granted', grantId: d.grantId, amountFen: d.amountFen, sourceEventId,
        ...(d.programmeId !== undefined ? { programmeId: d.programmeId } : {}),
        ...(d.paidBy !== undefined ? { paidBy: d.paidBy } : {}),
      };
    case 'AidRefused':
      return {
        department: d.department, caseId: d.caseId, outcome: 'refused', reasons: d.reasons ?? [], appealBy: d.appealBy, sourceEventId,
        ...(d.programmeId !== undefined ? { programmeId: d.programmeId } : {}),
      };
    case 'CasePaid':
      return { department: d.department, caseId: d.caseId, outcome: 'paid', grantId: d.grantId, amountFen: d.amountFen, sourceEventId };
    default:
      return undefined;
  }
}
