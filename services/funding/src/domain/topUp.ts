import type { ActiveBudget, BudgetState } from './state';
import type { TopUp } from './commands';
import type { BudgetEvent } from './events';
import { allocatedBudget, assertPositiveFen } from './budgetOnRecord';
import { evolveBudget } from './budgetEvolution';
import { payWaitingGrants } from './payInGrantOrder';

/** BudgetToppedUp, then the waiting grants are paid in grant order while the money suffices. */
export function topUp(command: TopUp['data'], state: BudgetState): BudgetEvent[] {
  const budget = allocatedBudget(state, command.budgetId);
  assertPositiveFen(command.amountFen);
  const toppedUp: BudgetEvent = { type: 'BudgetToppedUp', data: { budgetId: budget.budgetId, amountFen: command.amountFen } };
  return [toppedUp, ...payWaitingGrants(evolveBudget(budget, toppedUp) as ActiveBudget)];
}
