import type { GrantRef } from '@onedoor/contracts';
import { Map as PersistentMap } from 'immutable';
import type { BudgetEvent } from './events';
import { ActiveBudget, BudgetState, grantOnBudget, GrantStatus } from './state';

/** Just the GrantRef fields (FundsAwaiting and FundsReleased carry more). */
export const grantRefOf = ({ budgetId, grantId, caseId, applicationId, department, amountFen }: GrantRef): GrantRef => ({
  budgetId,
  grantId,
  caseId,
  applicationId,
  department,
  amountFen,
});

const withGrant = (state: ActiveBudget, ref: GrantRef, status: GrantStatus): ActiveBudget => ({
  ...state,
  grants: state.grants.set(ref.grantId, { ref: grantOnBudget(state, ref.grantId)?.ref ?? grantRefOf(ref), status }),
  queue: status === 'awaiting' ? state.queue : state.queue.filter((id) => id !== ref.grantId),
});

/** evolve(state, event) of the budget: moves money between available, reserved and disbursed. */
export function evolveBudget(state: BudgetState, event: BudgetEvent): BudgetState {
  if (event.type === 'BudgetAllocated') {
    if (state.status !== 'unallocated') return state;
    const d = event.data;
    return {
      status: 'active',
      budgetId: d.budgetId,
      programme: d.programme,
      fiscalYear: d.fiscalYear,
      jurisdiction: d.jurisdiction,
      reserveFund: d.reserveFund,
      initialAllocationFen: d.amountFen,
      allocatedFen: d.amountFen,
      availableFen: d.amountFen,
      reservedFen: 0,
      disbursedFen: 0,
      grants: PersistentMap(),
      queue: [],
    };
  }
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'BudgetToppedUp':
      return { ...state, allocatedFen: state.allocatedFen + event.data.amountFen, availableFen: state.availableFen + event.data.amountFen };
    case 'FundsReserved': {
      const amount = event.data.amountFen;
      return { ...withGrant(state, event.data, 'reserved'), availableFen: state.availableFen - amount, reservedFen: state.reservedFen + amount };
    }
    case 'FundsDisbursed': {
      const amount = event.data.amountFen;
      return { ...withGrant(state, event.data, 'disbursed'), reservedFen: state.reservedFen - amount, disbursedFen: state.disbursedFen + amount };
    }
    case 'FundsAwaiting': {
      const next = withGrant(state, event.data, 'awaiting');
      return { ...next, queue: [...state.queue.filter((id) => id !== event.data.grantId), event.data.grantId] };
    }
    case 'FundsReleased': {
      const was = grantOnBudget(state, event.data.grantId)?.status;
      const next = withGrant(state, event.data, 'released');
      if (was !== 'reserved') return next;
      const amount = event.data.amountFen;
      return { ...next, reservedFen: state.reservedFen - amount, availableFen: state.availableFen + amount };
    }
    default:
      return state;
  }
}
