import type { ApplicationRouted, EducationAidCaseFile, Department, Fen, IsoDate, PersonRef, ReferralIssued } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';
import type { EducationAidParams } from './educationAidParams';
import type { StudentYearLedgerState } from './studentYearLedger';

/** One education-aid case per application, whether routed by intake or referred by temporary aid. */
export const educationAidCaseId = (applicationId: string): string => `education-aid-${applicationId}`;
/** One grant per student of the case. */
export const educationGrantId = (caseId: string, personRef: PersonRef): string => `${caseId}:${personRef}`;

/** Opens the case; the second of ApplicationRouted / ReferralIssued is a no-op. */
export type OpenCase = {
  type: 'OpenCase';
  data: {
    applicationId: string;
    caseFile: EducationAidCaseFile;
    /** Set when opened from a ReferralIssued. */
    referredBy?: Department;
    now: IsoDate;
    /** Decision deadline, computed by the shell. */
    dueBy: IsoDate;
  };
};

/**
 * Decides the case: one AidGranted per eligible student, or one AidRefused. `ledgers` holds each
 * student's ledger for schoolYearOf(now), by personRef; `appealBy` is printed on a refusal.
 */
export type Assess = {
  type: 'Assess';
  data: {
    caseId: string;
    now: IsoDate;
    params: EducationAidParams;
    ledgers: Record<PersonRef, StudentYearLedgerState>;
    appealBy: IsoDate;
  };
};

/** On FundsDisbursed for one of the case's grants. Idempotent per grant. */
export type MarkPaid = {
  type: 'MarkPaid';
  data: { caseId: string; grantId: string; amountFen: Fen; budgetId: string };
};

export type EducationAidCaseCommand = OpenCase | Assess | MarkPaid;

/** The case file of this department's route (ApplicationRouted version 2); a RuleViolation when the application was not routed here. */
export function openCaseFromRouting(routed: ApplicationRouted, when: { now: IsoDate; dueBy: IsoDate }): OpenCase {
  const route = routed.routes.find((r): r is Extract<typeof r, { department: 'education-aid' }> => r.department === 'education-aid');
  if (!route) throw new RuleViolation('routedHere', `application ${routed.applicationId} was not routed to education-aid`);
  return { type: 'OpenCase', data: { applicationId: routed.applicationId, caseFile: route.caseFile, ...when } };
}

export function openCaseFromReferral(referral: ReferralIssued, when: { now: IsoDate; dueBy: IsoDate }): OpenCase {
  return {
    type: 'OpenCase',
    data: { applicationId: referral.applicationId, caseFile: referral.caseFile as EducationAidCaseFile, referredBy: referral.fromDepartment, ...when },
  };
}
