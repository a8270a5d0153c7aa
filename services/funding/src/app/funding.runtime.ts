import type { ServiceSpec } from '@onedoor/service-kit';

export const FUNDING: ServiceSpec = {
  service: 'funding',
  publicTypes: ['BudgetAllocated', 'BudgetToppedUp', 'FundsReserved', 'FundsDisbursed', 'FundsAwaiting', 'FundsReleased', 'DeadlineMissed'],
};
