import type { ApplicationRouted, MedicalAidCaseFile, Department, Fen, IsoDate, ReferralIssued } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';
import type { MedicalAidParams } from './medicalAidParams';
import type { PersonYearLedgerState } from './personYearLedger';

/** One medical-aid case per application, whether routed by intake or referred by temporary aid. */
export const medicalAidCaseId = (applicationId: string): string => `medical-aid-${applicationId}`;

/** Opens the case; the second of ApplicationRouted / ReferralIssued is a no-op. */
export type OpenCase = {
  type: 'OpenCase';
  data: {
    applicationId: string;
    caseFile: MedicalAidCaseFile;
    /** Set when opened from a ReferralIssued. */
    referredBy?: Department;
    now: IsoDate;
    /** Decision deadline, computed by the shell. */
    dueBy: IsoDate;
  };
};

/**
 * Computes and decides the aid. `ledger` is the patient's medical-aid person-year ledger for the
 * calendar year of `now`; `appealBy` is printed on a refusal.
 */
export type Assess = {
  type: 'Assess';
  data: { caseId: string; now: IsoDate; params: MedicalAidParams; ledger: PersonYearLedgerState; appealBy: IsoDate };
};

/** On FundsDisbursed for the case's grant. Idempotent. */
export type MarkPaid = {
  type: 'MarkPaid';
  data: { caseId: string; grantId: string; amountFen: Fen; budgetId: string };
};

export type MedicalAidCaseCommand = OpenCase | Assess | MarkPaid;

/** The case file of this department's route (ApplicationRouted version 2); a RuleViolation when the application was not routed here. */
export function openCaseFromRouting(routed: ApplicationRouted, when: { now: IsoDate; dueBy: IsoDate }): OpenCase {
  const route = routed.routes.find((r): r is Extract<typeof r, { department: 'medical-aid' }> => r.department === 'medical-aid');
  if (!route) throw new RuleViolation('routedHere', `application ${routed.applicationId} was not routed to medical-aid`);
  return { type: 'OpenCase', data: { applicationId: routed.applicationId, caseFile: route.caseFile, ...when } };
}

export function openCaseFromReferral(referral: ReferralIssued, when: { now: IsoDate; dueBy: IsoDate }): OpenCase {
  return {
    type: 'OpenCase',
    data: { applicationId: referral.applicationId, caseFile: referral.caseFile as MedicalAidCaseFile, referredBy: referral.fromDepartment, ...when },
  };
}
