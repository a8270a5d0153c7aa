import type { AnyDepartment as Department, DivisionCode, Fen, GrantRef } from '@onedoor/contracts';

/** POST /budgets. The budget id follows from programme, fiscal year and jurisdiction. */
export type AllocateBudget = {
  type: 'AllocateBudget';
  data: { programme: Department; fiscalYear: number; jurisdiction: DivisionCode; amountFen: Fen; reserveFund: boolean };
};

/** POST /budgets/{budgetId}/top-ups: adds money, then pays waiting grants in grant order. */
export type TopUp = { type: 'TopUp'; data: { budgetId: string; amountFen: Fen } };

/** On AidGranted: pay the grant from this budget, or queue it. Idempotent by grantId. */
export type RequestFunds = { type: 'RequestFunds'; data: GrantRef };

/** Releases a reservation or takes a grant off the waiting queue. Idempotent. */
export type CancelGrant = { type: 'CancelGrant'; data: { budgetId: string; grantId: string; reason: string } };

export type BudgetCommand = AllocateBudget | TopUp | RequestFunds | CancelGrant;
