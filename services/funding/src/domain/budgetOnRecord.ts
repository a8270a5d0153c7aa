import type { Fen } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';
import type { ActiveBudget, BudgetState } from './state';

/** The budget the command names must be the allocated budget of this stream. */
export function allocatedBudget(state: BudgetState, budgetId: string): ActiveBudget {
  if (state.status !== 'active') throw new RuleViolation('budgetMustExist', `budget ${budgetId} has not been allocated`);
  if (state.budgetId !== budgetId) throw new RuleViolation('budgetIdMatches', `this stream holds budget ${state.budgetId}, not ${budgetId}`);
  return state;
}

export function assertPositiveFen(amountFen: Fen, what = 'amountFen'): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RuleViolation('validCommand', `${what} must be a positive integer of fen, got ${amountFen}`);
  }
}
