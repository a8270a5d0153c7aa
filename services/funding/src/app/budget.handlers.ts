import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Budgets } from './budgets';
import { AllocateBudgetCommand, GetBudgetQuery, RequestFundsCommand, TopUpBudgetCommand } from './budget.commands';

@CommandHandler(AllocateBudgetCommand)
export class AllocateBudgetHandler implements ICommandHandler<AllocateBudgetCommand> {
  constructor(private readonly budgets: Budgets) {}
  async execute({ input, metadata, commandId }: AllocateBudgetCommand) {
    const budgetId = this.budgets.idOf(input.programme, input.fiscalYear, input.jurisdiction);
    await this.budgets.runAndHandOver({ type: 'AllocateBudget', data: input }, budgetId, metadata, commandId);
    return this.budgets.view(budgetId);
  }
}

@CommandHandler(TopUpBudgetCommand)
export class TopUpBudgetHandler implements ICommandHandler<TopUpBudgetCommand> {
  constructor(private readonly budgets: Budgets) {}
  async execute({ budgetId, amountFen, metadata, commandId }: TopUpBudgetCommand) {
    await this.budgets.runAndHandOver({ type: 'TopUp', data: { budgetId, amountFen } }, budgetId, metadata, commandId);
    return this.budgets.view(budgetId);
  }
}

@CommandHandler(RequestFundsCommand)
export class RequestFundsHandler implements ICommandHandler<RequestFundsCommand> {
  constructor(private readonly budgets: Budgets) {}
  async execute({ grant, metadata, commandId, store }: RequestFundsCommand) {
    // No budget yet is not a failure: the grant waits for one (Budgets.requestFunds), never dead-lettered.
    return this.budgets.requestFunds(grant, metadata, commandId, store);
  }
}

@QueryHandler(GetBudgetQuery)
export class GetBudgetHandler implements IQueryHandler<GetBudgetQuery> {
  constructor(private readonly budgets: Budgets) {}
  execute({ budgetId, asOf }: GetBudgetQuery) {
    return this.budgets.view(budgetId, undefined, asOf);
  }
}
