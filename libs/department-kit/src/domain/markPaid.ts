import { existingCase } from './caseOnRecord';
import type { MarkPaid } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/**
 * FundsDisbursed for a grant funding pays → CasePaid (paidBy funding, the budget), once; a
 * redelivered disbursement appends nothing.
 * @throws RuleViolation caseMustExist, paymentMatchesGrant (unknown grant, other amount, not funding's to pay).
 */
export function markPaid(c: MarkPaid['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  const programme = k.programmes.find((p) => {
    const d = k.decisions[p.programmeId];
    return d?.status === 'granted' && d.grantId === c.grantId;
  });
  const grant = programme && k.decisions[programme.programmeId];
  if (!grant || grant.status !== 'granted') throw new RuleViolation('paymentMatchesGrant', `case ${c.caseId}: there is no grant to pay under ${c.grantId}`);
  if (grant.paid) return [];
  if (grant.paidBy !== 'funding') throw new RuleViolation('paymentMatchesGrant', `grant ${c.grantId} is paid by ${grant.paidBy}, not by funding`);
  if (grant.amountFen !== c.amountFen) {
    throw new RuleViolation('paymentMatchesGrant', `payment of ${c.amountFen} fen does not match grant ${c.grantId} of ${grant.amountFen} fen`);
  }
  return [
    {
      type: 'CasePaid',
      data: { caseId: k.caseId, applicationId: k.applicationId, department: k.department, grantId: c.grantId, amountFen: c.amountFen, budgetId: c.budgetId, paidBy: 'funding' },
    },
  ];
}
