export { FundingModule } from './funding.module';
export { AllocateBudgetCommand } from './app/budget.commands';
