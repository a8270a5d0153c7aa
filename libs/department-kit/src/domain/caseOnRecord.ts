import type { CaseOnRecord, DepartmentCaseState, ProgrammeDecision } from './state';
import { RuleViolation } from './ruleViolation';

/** The case the command is for, once opened; a RuleViolation for an unknown or different case. */
export function existingCase(state: DepartmentCaseState, caseId: string): CaseOnRecord {
  if (state.status !== 'opened') throw new RuleViolation('caseMustExist', `case ${caseId} has not been opened`);
  if (state.caseId !== caseId) throw new RuleViolation('caseIdMatches', `this stream holds case ${state.caseId}, not ${caseId}`);
  return state;
}

/** The programme on the case and its decision so far; a RuleViolation (field programmeId) when it is not on the case. */
export function programmeOf(c: CaseOnRecord, programmeId: string) {
  const programme = c.programmes.find((p) => p.programmeId === programmeId);
  if (!programme) {
    throw new RuleViolation('programmeOnCase', `programme ${programmeId} is not on case ${c.caseId} (${c.programmes.map((p) => p.programmeId).join(', ')})`, 'programmeId');
  }
  return { programme, decision: c.decisions[programmeId] ?? ({ status: 'pending' } as ProgrammeDecision) };
}

/** Partner departments take a case on before they decide it; rule departments decide at once. */
export function assertDecidable(c: CaseOnRecord, partner: boolean): void {
  if (partner && !c.acceptedBy) throw new RuleViolation('acceptedBeforeDecision', `case ${c.caseId} must be accepted by ${c.department} before it is decided`);
}

/** Written reasons: at least one non-blank (policy-rules §3, decisions in writing). */
export function assertReasons(reasons: readonly string[]): void {
  if (!Array.isArray(reasons) || !reasons.some((r) => typeof r === 'string' && r.trim())) {
    throw new RuleViolation('decisionNeedsReasons', 'a decision states its reasons in writing', 'reasons');
  }
}
