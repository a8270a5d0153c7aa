import type {
  BudgetAllocated,
  BudgetToppedUp,
  FundsAwaiting,
  FundsDisbursed,
  FundsReleased,
  FundsReserved,
} from '@onedoor/contracts';

/** Events of a budget stream; all public. */
export type BudgetEvent =
  | { type: 'BudgetAllocated'; data: BudgetAllocated }
  | { type: 'BudgetToppedUp'; data: BudgetToppedUp }
  | { type: 'FundsReserved'; data: FundsReserved }
  | { type: 'FundsDisbursed'; data: FundsDisbursed }
  | { type: 'FundsAwaiting'; data: FundsAwaiting }
  | { type: 'FundsReleased'; data: FundsReleased };
