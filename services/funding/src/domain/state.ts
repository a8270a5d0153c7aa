import type { AnyDepartment as Department, DivisionCode, Fen, GrantRef } from '@onedoor/contracts';
import type { Map as PersistentMap } from 'immutable';

export type GrantStatus = 'reserved' | 'disbursed' | 'awaiting' | 'released';

export interface GrantOnBudget {
  ref: GrantRef;
  status: GrantStatus;
}

/** Invariant: allocatedFen = availableFen + reservedFen + disbursedFen, each ≥ 0. */
export type BudgetState =
  | { status: 'unallocated' }
  | {
      status: 'active';
      budgetId: string;
      programme: Department;
      fiscalYear: number;
      jurisdiction: DivisionCode;
      reserveFund: boolean;
      /** The amount of BudgetAllocated, before top-ups. */
      initialAllocationFen: Fen;
      allocatedFen: Fen;
      availableFen: Fen;
      reservedFen: Fen;
      disbursedFen: Fen;
      /**
       * Every grant the budget has been asked to pay, by grantId: nothing is ever dropped. A
       * persistent map: each event makes a new state in O(log n), not a copy of every grant.
       */
      grants: PersistentMap<string, GrantOnBudget>;
      /** grantIds awaiting funds, in grant order (the order the budget learned of them). */
      queue: string[];
    };
export type ActiveBudget = Extract<BudgetState, { status: 'active' }>;

export const initialBudgetState: BudgetState = { status: 'unallocated' };

export const budgetStreamId = (budgetId: string): string => `budget-${budgetId}`;

export function grantOnBudget(state: ActiveBudget, grantId: string): GrantOnBudget | undefined {
  return state.grants.get(grantId);
}

/** GET /budgets/{budgetId}. */
export function budgetView(state: ActiveBudget) {
  const awaitingFen = state.queue.reduce((sum, id) => sum + state.grants.get(id)!.ref.amountFen, 0);
  return {
    budgetId: state.budgetId,
    allocatedFen: state.allocatedFen,
    reservedFen: state.reservedFen,
    disbursedFen: state.disbursedFen,
    availableFen: state.availableFen,
    awaitingGrants: state.queue.length,
    awaitingFen,
  };
}
