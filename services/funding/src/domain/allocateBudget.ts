import { budgetIdOf, budgetCandidates } from './budgetCandidates';
import type { AllocateBudget } from './commands';
import type { BudgetEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { BudgetState } from './state';

/**
 * A budget per (programme, fiscal year, jurisdiction), allocated once; the same allocation again is a
 * no-op. A reserve fund (备用金) belongs to a township (9-digit code).
 */
export function allocateBudget(command: AllocateBudget['data'], state: BudgetState): BudgetEvent[] {
  const { programme, fiscalYear, jurisdiction, amountFen, reserveFund } = command;
  budgetCandidates(programme, fiscalYear, jurisdiction); // validates the division code
  const budgetId = budgetIdOf(programme, fiscalYear, jurisdiction);
  if (state.status === 'active') {
    if (state.budgetId === budgetId && state.reserveFund === reserveFund && state.initialAllocationFen === amountFen) return [];
    throw new RuleViolation('budgetAllocatedOnce', `budget ${state.budgetId} is already allocated; top it up instead`);
  }
  if (!Number.isSafeInteger(fiscalYear) || fiscalYear < 2000) throw new RuleViolation('validCommand', `invalid fiscal year ${fiscalYear}`);
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RuleViolation('validCommand', `amountFen must be a non-negative integer of fen, got ${amountFen}`);
  }
  if (reserveFund && jurisdiction.length !== 9) {
    throw new RuleViolation('validJurisdiction', 'a reserve fund (备用金) is held by a township (9-digit division code)');
  }
  return [{ type: 'BudgetAllocated', data: { budgetId, programme, fiscalYear, jurisdiction, amountFen, reserveFund } }];
}

