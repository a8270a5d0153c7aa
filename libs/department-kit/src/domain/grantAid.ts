import { isPartnerDepartment } from '@onedoor/contracts';
import { yearOf } from '@onedoor/policy';
import { assertOwnDetails } from './openCase';
import { assertDecidable, assertReasons, existingCase, programmeOf } from './caseOnRecord';
import type { GrantAid } from './commands';
import type { DepartmentCaseEvent } from './events';
import { payerOfGrant } from './grantAmount';
import { RuleViolation } from './ruleViolation';
import { grantIdOf, type DepartmentCaseState } from './state';

/**
 * Grants one programme of the case (policy-rules §11): AidGranted with the amount (fen, checked
 * against the programme by payerOfGrant), who pays (`funding` is what funding pays; `department`
 * the department's own system reports; `in_kind` nobody), written reasons, provenance and decidedBy;
 * fiscal year = the China year of `now`; grantId `<caseId>:<programmeId>`; the department's own
 * `details` after the kit's fields. Each programme is decided once.
 * @throws RuleViolation caseMustExist, programmeOnCase, acceptedBeforeDecision, programmeDecidedOnce,
 *   decisionNeedsReasons, amountWithinBounds, inKindHasNoAmount, payerFitsProgramme, validCommand
 *   (also for details naming a field of AidGranted).
 */
/** The fields of the kit's AidGranted: a department's details may not name them. */
export const AID_GRANTED_FIELDS = [
  'caseId', 'applicationId', 'department', 'grantId', 'beneficiaryRef', 'amountFen', 'programme', 'jurisdiction', 'fiscalYear', 'decidedBy', 'reasons', 'inputs',
  'provenance', 'programmeId', 'paidBy',
] as const;

export function grantAid(c: GrantAid['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  const { programme, decision } = programmeOf(k, c.programmeId);
  assertDecidable(k, isPartnerDepartment(k.department));
  if (decision.status !== 'pending') throw new RuleViolation('programmeDecidedOnce', `programme ${c.programmeId} of case ${c.caseId} is already ${decision.status}`);
  assertReasons(c.reasons);
  const paidBy = payerOfGrant(programme, c.amountFen, c.paidBy);
  assertOwnDetails(c.details, AID_GRANTED_FIELDS);
  return [
    {
      type: 'AidGranted',
      data: {
        caseId: k.caseId,
        applicationId: k.applicationId,
        department: k.department,
        grantId: grantIdOf(k.caseId, programme.programmeId),
        beneficiaryRef: k.beneficiaryRef,
        amountFen: c.amountFen,
        programme: programme.budgetProgramme,
        jurisdiction: k.jurisdiction,
        fiscalYear: yearOf(c.now),
        decidedBy: { sub: c.decidedBy.sub, role: c.decidedBy.role, level: c.decidedBy.level },
        reasons: c.reasons,
        inputs: { ...(c.inputs ?? {}), amount: programme.amount },
        provenance: c.provenance,
        programmeId: programme.programmeId,
        paidBy,
        ...c.details,
      },
    },
  ];
}
