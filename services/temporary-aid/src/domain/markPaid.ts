import type { MarkPaid } from './commands';
import { existingCase } from './decisionRecords';
import type { TemporaryAidCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { TemporaryAidCaseState } from './state';

/** FundsDisbursed for the case's grant → CasePaid, once; a redelivered disbursement emits nothing. */
export function markPaid(command: MarkPaid['data'], state: TemporaryAidCaseState): TemporaryAidCaseEvent[] {
  const c = existingCase(state, command.caseId);
  if (c.status === 'paid' && c.grant.grantId === command.grantId) return [];
  if (c.status !== 'granted' && c.status !== 'paid') {
    throw new RuleViolation('paymentMatchesGrant', `case ${c.caseId} is ${c.status}: there is no grant to pay`);
  }
  if (c.grant.grantId !== command.grantId || c.grant.amountFen !== command.amountFen) {
    throw new RuleViolation(
      'paymentMatchesGrant',
      `payment of ${command.amountFen} fen for grant ${command.grantId} does not match grant ${c.grant.grantId} of ${c.grant.amountFen} fen`,
    );
  }
  return [
    {
      type: 'CasePaid',
      data: {
        caseId: c.caseId,
        applicationId: c.applicationId,
        department: 'temporary-aid',
        grantId: command.grantId,
        amountFen: command.amountFen,
        budgetId: command.budgetId,
      },
    },
  ];
}
