import type { IssueReferrals } from './commands';
import { existingCase } from './decisionRecords';
import type { TemporaryAidCaseEvent } from './events';
import { referralsAfterEmergencyAid } from './referralsAfterEmergencyAid';
import { RuleViolation } from './ruleViolation';
import type { TemporaryAidCaseState } from './state';

/**
 * After the grant, one ReferralIssued per specialised department that fits a cause, never twice,
 * carrying that department's case file (TemporaryAidCaseFile.referrals; none, no referral).
 */
export function issueReferrals(command: IssueReferrals['data'], state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status !== 'granted' && c.status !== 'paid') {
    throw new RuleViolation('referralsAfterGrant', `case ${c.caseId} is ${c.status}: referrals follow the emergency grant`);
  }
  return referralsAfterEmergencyAid(c.caseFile.causes)
    .filter((r) => !c.referredTo.includes(r.toDepartment))
    .flatMap((r) => {
      // The receiving department's own case file, as intake gave it for passing on (least data).
      const caseFile = c.caseFile.referrals?.[r.toDepartment as 'medical-aid' | 'education-aid'];
      if (!caseFile) return [];
      return [
        {
          type: 'ReferralIssued' as const,
          data: {
            caseId: c.caseId,
            applicationId: c.applicationId,
            fromDepartment: 'temporary-aid' as const,
            toDepartment: r.toDepartment,
            cause: r.cause,
            caseFile,
          },
        },
      ];
    });
}
