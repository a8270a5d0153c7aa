import { existingCase } from './caseOnRecord';
import type { MarkPaid } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { CaseOnRecord, DepartmentCaseState } from './state';

/** The grant on the case under `grantId` (a programme's one grant or one beneficiary's), if any. */
function grantUnder(k: CaseOnRecord, grantId: string) {
  for (const p of k.programmes) {
    const d = k.decisions[p.programmeId];
    if (d?.status === 'granted' && d.grantId === grantId) return { amountFen: d.amountFen, paidBy: d.paidBy, paid: !!d.paid };
    const each = d?.status === 'granted_each' ? d.grants.find((g) => g.grantId === grantId) : undefined;
    if (each) return { amountFen: each.amountFen, paidBy: 'funding' as const, paid: !!each.paid };
  }
  return undefined;
}

const hasGrants = (k: CaseOnRecord) => Object.values(k.decisions).some((d) => d.status === 'granted' || d.status === 'granted_each');

/**
 * FundsDisbursed for a grant funding pays (a programme's one grant or one beneficiary's) → CasePaid
 * (paidBy funding, the budget), once per grant; a redelivered disbursement appends nothing.
 * @throws RuleViolation caseMustExist, paymentMatchesGrant (no grant on the case, unknown grant,
 *   other amount, not funding's to pay).
 */
export function markPaid(c: MarkPaid['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  if (!hasGrants(k)) throw new RuleViolation('paymentMatchesGrant', `case ${c.caseId}: there is no grant to pay under ${c.grantId}`);
  const grant = grantUnder(k, c.grantId);
  if (!grant) throw new RuleViolation('paymentMatchesGrant', `payment of ${c.amountFen} fen for grant ${c.grantId} matches no grant of case ${c.caseId}: there is no grant to pay under it`);
  if (grant.paid) return [];
  if (grant.paidBy !== 'funding') throw new RuleViolation('paymentMatchesGrant', `grant ${c.grantId} is paid by ${grant.paidBy}, not by funding`);
  if (grant.amountFen !== c.amountFen) {
    throw new RuleViolation('paymentMatchesGrant', `payment of ${c.amountFen} fen for grant ${c.grantId} matches no grant of case ${c.caseId}: it does not match grant ${c.grantId} of ${grant.amountFen} fen`);
  }
  return [
    {
      type: 'CasePaid',
      data: { caseId: k.caseId, applicationId: k.applicationId, department: k.department, grantId: c.grantId, amountFen: c.amountFen, budgetId: c.budgetId, paidBy: 'funding' },
    },
  ];
}
