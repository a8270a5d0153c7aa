import { existingCase } from './caseOnRecord';
import type { MarkPaid } from './commands';
import type { EducationAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { EducationAidCaseState } from './state';

/** FundsDisbursed for one of the case's grants → CasePaid, once per grant. */
export function markPaid(command: MarkPaid['data'], state: EducationAidCaseState): EducationAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status !== 'granted' && c.status !== 'paid') {
    throw new RuleViolation('paymentMatchesGrant', `case ${c.caseId} is ${c.status}: there is no grant to pay`);
  }
  const grant = c.grants.find((g) => g.grantId === command.grantId);
  if (!grant || grant.amountFen !== command.amountFen) {
    throw new RuleViolation(
      'paymentMatchesGrant',
      `payment of ${command.amountFen} fen for grant ${command.grantId} matches no grant of case ${c.caseId}`,
    );
  }
  if (grant.budgetId !== undefined) return [];
  return [
    {
      type: 'CasePaid',
      data: {
        caseId: c.caseId,
        applicationId: c.applicationId,
        department: 'education-aid',
        grantId: command.grantId,
        amountFen: command.amountFen,
        budgetId: command.budgetId,
      },
    },
  ];
}
