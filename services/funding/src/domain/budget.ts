/**
 * The budget aggregate (one stream per budget, id `${programme}:${fiscalYear}:${jurisdiction}`).
 * Invariant after every event: allocated = available + reserved + disbursed, none negative.
 */
import { allocateBudget } from './allocateBudget';
import { evolveBudget } from './budgetEvolution';
import { cancelGrant } from './cancelGrant';
import type { BudgetCommand } from './commands';
import type { BudgetEvent } from './events';
import { requestFunds } from './requestFunds';
import { BudgetState, initialBudgetState } from './state';
import { topUp } from './topUp';

export function decideBudget(command: BudgetCommand, state: BudgetState): BudgetEvent[] {
  switch (command.type) {
    case 'AllocateBudget':
      return allocateBudget(command.data, state);
    case 'TopUp':
      return topUp(command.data, state);
    case 'RequestFunds':
      return requestFunds(command.data, state);
    case 'CancelGrant':
      return cancelGrant(command.data, state);
  }
}

export { evolveBudget };

export const budgetDecider = {
  decide: decideBudget,
  evolve: evolveBudget,
  initialState: initialBudgetState,
};
