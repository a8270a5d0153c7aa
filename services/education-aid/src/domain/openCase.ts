import type { CaseOpened } from '@onedoor/contracts';
import { educationAidCaseId, OpenCase } from './commands';
import type { EducationAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { EducationAidCaseState } from './state';

/**
 * Opens the application's education-aid case, from ApplicationRouted or ReferralIssued, whichever comes
 * first; the other is a no-op (the case id is `education-aid-${applicationId}`). The case belongs where
 * the household is registered (户籍地).
 */
export function openCase(command: OpenCase['data'], state: EducationAidCaseState): EducationAidCaseEvent[] {
  const caseId = educationAidCaseId(command.applicationId);
  if (state.status !== 'none') {
    if (state.caseId === caseId) return [];
    throw new RuleViolation('caseIdMatches', `this stream holds case ${state.caseId}, not ${caseId}`);
  }
  if (!command.applicationId || command.caseFile?.applicationId !== command.applicationId) {
    throw new RuleViolation('validCommand', 'the case file must belong to the application');
  }
  const { caseFile, now } = command;
  const opened: CaseOpened = {
    caseId,
    applicationId: command.applicationId,
    department: 'education-aid',
    beneficiaryRef: caseFile.applicantRef,
    jurisdiction: caseFile.registeredJurisdiction,
    dueBy: command.dueBy,
    ...(command.referredBy ? { referredBy: command.referredBy } : {}),
  };
  return [
    { type: 'EducationAidCaseFileReceived', data: { caseId, caseFile, receivedAt: now } },
    { type: 'CaseOpened', data: opened },
  ];
}
