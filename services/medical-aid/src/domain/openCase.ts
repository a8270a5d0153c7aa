import type { CaseOpened } from '@onedoor/contracts';
import { medicalAidCaseId, OpenCase } from './commands';
import type { MedicalAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { MedicalAidCaseState } from './state';

/**
 * Opens the application's medical-aid case, from ApplicationRouted or ReferralIssued, whichever comes
 * first; the other is a no-op (the case id is `medical-aid-${applicationId}`). The beneficiary is the
 * patient; the case belongs where the household is registered (户籍地).
 */
export function openCase(command: OpenCase['data'], state: MedicalAidCaseState): MedicalAidCaseEvent[] {
  const caseId = medicalAidCaseId(command.applicationId);
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
    department: 'medical-aid',
    beneficiaryRef: caseFile.medical?.patientRef ?? caseFile.applicantRef,
    jurisdiction: caseFile.registeredJurisdiction,
    dueBy: command.dueBy,
    ...(command.referredBy ? { referredBy: command.referredBy } : {}),
  };
  return [
    { type: 'MedicalAidCaseFileReceived', data: { caseId, caseFile, receivedAt: now } },
    { type: 'CaseOpened', data: opened },
  ];
}
