import { isPartnerDepartment } from '@onedoor/contracts';
import { yearOf } from '@onedoor/policy';
import { assertDecidable, assertReasons, existingCase, programmeOf } from './caseOnRecord';
import type { GrantAidEach } from './commands';
import type { DepartmentCaseEvent } from './events';
import { payerOfGrant } from './grantAmount';
import { RuleViolation } from './ruleViolation';
import { beneficiaryGrantIdOf, type DepartmentCaseState } from './state';

/**
 * Grants one programme of the case to each of several beneficiaries (policy-rules §6: per student):
 * one AidGranted per beneficiary, in the order given — grantId `<caseId>:<beneficiaryRef>`, that
 * beneficiary, the amount (fen, within the programme's bounds, paid by funding), its reasons and
 * inputs; fiscal year = the China year of `now`. The programme is decided once; a beneficiary gets
 * one grant of it.
 * @throws RuleViolation caseMustExist, programmeOnCase, acceptedBeforeDecision, programmeDecidedOnce,
 *   decisionNeedsReasons, amountWithinBounds, payerFitsProgramme, validCommand (no grants, a
 *   beneficiary twice, an amount that is not a whole number of fen > 0).
 */
export function grantAidEach(c: GrantAidEach['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  const { programme, decision } = programmeOf(k, c.programmeId);
  assertDecidable(k, isPartnerDepartment(k.department));
  if (decision.status !== 'pending') throw new RuleViolation('programmeDecidedOnce', `programme ${c.programmeId} of case ${c.caseId} is already ${decision.status}`);
  if (!c.grants?.length) throw new RuleViolation('validCommand', `a grant of programme ${c.programmeId} to each beneficiary names at least one beneficiary`, 'grants');
  const refs = c.grants.map((g) => g.beneficiaryRef);
  if (new Set(refs).size !== refs.length) throw new RuleViolation('validCommand', `each beneficiary is granted programme ${c.programmeId} once`, 'grants');
  return c.grants.map((g) => {
    assertReasons(g.reasons);
    payerOfGrant(programme, g.amountFen, 'funding');
    return {
      type: 'AidGranted' as const,
      data: {
        caseId: k.caseId,
        applicationId: k.applicationId,
        department: k.department,
        grantId: beneficiaryGrantIdOf(k.caseId, g.beneficiaryRef),
        beneficiaryRef: g.beneficiaryRef,
        amountFen: g.amountFen,
        programme: programme.budgetProgramme,
        jurisdiction: k.jurisdiction,
        fiscalYear: yearOf(c.now),
        decidedBy: { sub: c.decidedBy.sub, role: c.decidedBy.role, level: c.decidedBy.level },
        reasons: g.reasons,
        inputs: { ...(g.inputs ?? {}), amount: programme.amount },
        provenance: c.provenance,
        programmeId: programme.programmeId,
        paidBy: 'funding' as const,
      },
    };
  });
}
