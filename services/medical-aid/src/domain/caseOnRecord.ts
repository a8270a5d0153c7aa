import { RuleViolation } from './ruleViolation';
import type { CaseBasics, MedicalAidCaseState } from './state';

/** The case the command names must be the case of this stream, opened. */
export function existingCase(state: MedicalAidCaseState, caseId: string): Exclude<MedicalAidCaseState, { status: 'none' } | { status: 'received' }> {
  if (state.status === 'none' || state.status === 'received') {
    throw new RuleViolation('caseMustExist', `medical-aid case ${caseId} has not been opened`);
  }
  if (state.caseId !== caseId) throw new RuleViolation('caseIdMatches', `this stream holds case ${state.caseId}, not ${caseId}`);
  return state;
}

export function basicsOf(s: CaseBasics): CaseBasics {
  const { caseId, applicationId, caseFile, beneficiaryRef, jurisdiction, dueBy, openedAt, referredBy } = s;
  return { caseId, applicationId, caseFile, beneficiaryRef, jurisdiction, dueBy, openedAt, ...(referredBy ? { referredBy } : {}) };
}
