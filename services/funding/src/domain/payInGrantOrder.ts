import type { GrantRef } from '@onedoor/contracts';
import { evolveBudget } from './budgetEvolution';
import type { BudgetEvent } from './events';
import type { ActiveBudget } from './state';

export const PAY_IN_GRANT_ORDER_RULE = 'payInGrantOrder';

/** A grant paid: the money is reserved, then disbursed. */
export function payment(ref: GrantRef): BudgetEvent[] {
  return [
    { type: 'FundsReserved', data: { ...ref } },
    { type: 'FundsDisbursed', data: { ...ref } },
  ];
}

/**
 * When money is short grants wait and are paid in grant order when money arrives: the head of the
 * queue is paid while the available money covers it; a later, smaller grant never overtakes it.
 */
export function payWaitingGrants(state: ActiveBudget): BudgetEvent[] {
  const events: BudgetEvent[] = [];
  let s = state;
  while (s.queue.length > 0) {
    const head = s.grants.get(s.queue[0])!.ref;
    if (head.amountFen > s.availableFen) break;
    for (const e of payment(head)) {
      events.push(e);
      s = evolveBudget(s, e) as ActiveBudget;
    }
  }
  return events;
}
