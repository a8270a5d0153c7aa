export { FundingModule } from './funding.module';
export { AllocateBudgetCommand } from './app/budget.commands';
export { FUNDING } from './app/funding.runtime';
export * as fundingDomain from './domain';
export { Budgets } from './app/budgets';
