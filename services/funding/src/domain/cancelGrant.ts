import { allocatedBudget } from './budgetOnRecord';
import { evolveBudget } from './budgetEvolution';
import type { CancelGrant } from './commands';
import type { BudgetEvent } from './events';
import { payWaitingGrants } from './payInGrantOrder';
import { RuleViolation } from './ruleViolation';
import { ActiveBudget, BudgetState, grantOnBudget } from './state';

/**
 * A cancelled grant releases its reservation or leaves the waiting queue (FundsReleased); the money or
 * the place it frees goes to the next waiting grants in order. A disbursed grant stays paid; cancelling
 * twice is a no-op.
 */
export function cancelGrant(command: CancelGrant['data'], state: BudgetState): BudgetEvent[] {
  const budget = allocatedBudget(state, command.budgetId);
  const grant = grantOnBudget(budget, command.grantId);
  if (!grant) throw new RuleViolation('grantMustBeKnown', `budget ${budget.budgetId} has no grant ${command.grantId}`);
  if (grant.status === 'released') return [];
  if (grant.status === 'disbursed') {
    throw new RuleViolation('disbursedGrantsStayPaid', `grant ${command.grantId} is already disbursed and cannot be cancelled`);
  }
  if (!command.reason?.trim()) throw new RuleViolation('validCommand', 'a cancellation needs a reason');
  const released: BudgetEvent = { type: 'FundsReleased', data: { ...grant.ref, reason: command.reason } };
  return [released, ...payWaitingGrants(evolveBudget(budget, released) as ActiveBudget)];
}
