import { existingCase, programmeOf } from './caseOnRecord';
import type { ReportPayment } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/** The budget id recorded when the department's own system paid: `department:<department>`. */
export const departmentBudgetId = (department: string): string => `department:${department}`;

/**
 * The department's own system paid a grant decided with paidBy department (policy-rules §11):
 * CasePaid with paidBy department, `paymentReference` and budgetId `department:<department>`. The
 * amount must equal the grant; the same reference again appends nothing; another reference is refused.
 * @throws RuleViolation caseMustExist, programmeOnCase, paymentMatchesGrant (field amountFen when the
 *   amount differs), paymentReferenceRequired (field paymentReference), paidOnce.
 */
export function reportPayment(c: ReportPayment['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  const { decision } = programmeOf(k, c.programmeId);
  if (decision.status !== 'granted') throw new RuleViolation('paymentMatchesGrant', `programme ${c.programmeId} of case ${c.caseId} is ${decision.status}: there is no grant to pay`);
  if (decision.paidBy !== 'department') {
    throw new RuleViolation('paymentMatchesGrant', `grant ${decision.grantId} is paid by ${decision.paidBy}; only grants decided with paidBy department are reported`, 'paidBy');
  }
  const reference = typeof c.paymentReference === 'string' ? c.paymentReference.trim() : '';
  if (!reference) throw new RuleViolation('paymentReferenceRequired', 'a payment report names the department system\u2019s payment reference', 'paymentReference');
  if (decision.paid) {
    if (decision.paid.paymentReference === reference && decision.amountFen === c.amountFen) return [];
    throw new RuleViolation('paidOnce', `grant ${decision.grantId} was already paid (reference ${decision.paid.paymentReference})`);
  }
  if (c.amountFen !== decision.amountFen) {
    throw new RuleViolation('paymentMatchesGrant', `a payment of ${c.amountFen} fen does not match grant ${decision.grantId} of ${decision.amountFen} fen`, 'amountFen');
  }
  return [
    {
      type: 'CasePaid',
      data: {
        caseId: k.caseId,
        applicationId: k.applicationId,
        department: k.department,
        grantId: decision.grantId,
        amountFen: decision.amountFen,
        budgetId: departmentBudgetId(k.department),
        paidBy: 'department',
        paymentReference: reference,
      },
    },
  ];
}
