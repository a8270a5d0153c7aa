import { allocatedBudget, assertPositiveFen } from './budgetOnRecord';
import type { RequestFunds } from './commands';
import type { BudgetEvent } from './events';
import { payment } from './payInGrantOrder';
import { RuleViolation } from './ruleViolation';
import { BudgetState, grantOnBudget } from './state';

/**
 * Exactly once, never overspent, nothing dropped:
 * - a grant the budget already knows (paid, reserved, waiting or released) emits nothing;
 * - when no grant is waiting and the available money covers it: FundsReserved + FundsDisbursed;
 * - otherwise FundsAwaiting with its place in the queue (grants are paid in grant order).
 */
export function requestFunds(command: RequestFunds['data'], state: BudgetState): BudgetEvent[] {
  const budget = allocatedBudget(state, command.budgetId);
  const known = grantOnBudget(budget, command.grantId);
  if (known) {
    if (known.ref.amountFen !== command.amountFen || known.ref.caseId !== command.caseId) {
      throw new RuleViolation(
        'grantIdentity',
        `grant ${command.grantId} is already on record for ${known.ref.amountFen} fen (case ${known.ref.caseId}); it cannot change`,
      );
    }
    return [];
  }
  assertPositiveFen(command.amountFen);
  if (command.department !== budget.programme) {
    throw new RuleViolation('programmeMatches', `a ${command.department} grant cannot be paid from the ${budget.programme} budget ${budget.budgetId}`);
  }
  const ref = {
    budgetId: budget.budgetId,
    grantId: command.grantId,
    caseId: command.caseId,
    applicationId: command.applicationId,
    department: command.department,
    amountFen: command.amountFen,
  };
  if (budget.queue.length === 0 && command.amountFen <= budget.availableFen) return payment(ref);
  return [{ type: 'FundsAwaiting', data: { ...ref, availableFen: budget.availableFen, queuePosition: budget.queue.length + 1 } }];
}
