import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { publishersOf, topicOf, type AidGranted } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { causedBy, runtimeProvider, ServiceRuntime, type ConsumerSpec } from '@onedoor/service-kit';
import { RequestFundsCommand } from './app/budget.commands';
import { AllocateBudgetHandler, GetBudgetHandler, RequestFundsHandler, TopUpBudgetHandler } from './app/budget.handlers';
import { Budgets, FUNDING_RUNTIME } from './app/budgets';
import { BudgetsController } from './app/budgets.controller';
import { BudgetsResolver } from './app/budgets.resolver';
import { FUNDING } from './app/funding.runtime';
import type { UnbudgetedGrant } from './domain';

/**
 * Funding's consumer of AidGranted: every service that grants aid (the departments', the
 * partners'); a grant the department's own system pays, or one in kind, is not funding's to pay.
 * Each grant is handed to `requestFunds` in the inbox transaction (Budgets.requestFunds: paid,
 * queued on a shortage, or waiting for a budget — never dead-lettered for want of one).
 */
export function grantsConsumer(requestFunds: (grant: UnbudgetedGrant, metadata: EventMetadata, commandId: string, store: EventStore) => Promise<unknown>): ConsumerSpec {
  return {
    name: 'funding.grants',
    topics: publishersOf('AidGranted').map(topicOf),
    accepts: (envelope) => envelope.type === 'AidGranted' && ((envelope.data as AidGranted).paidBy ?? 'funding') === 'funding',
    handle: async (envelope, store) => {
      const g = envelope.data as AidGranted;
      const grant = { grantId: g.grantId, caseId: g.caseId, applicationId: g.applicationId, department: g.department, amountFen: g.amountFen, programme: g.programme, fiscalYear: g.fiscalYear, jurisdiction: g.jurisdiction };
      await requestFunds(grant, causedBy('funding', envelope, g.jurisdiction), envelope.eventId, store);
    },
  };
}

/** Budgets that are never overspent, and grants paid exactly once, in grant order. */
@Module({
  controllers: [BudgetsController],
  providers: [
    runtimeProvider(FUNDING_RUNTIME, FUNDING),
    Budgets,
    AllocateBudgetHandler,
    TopUpBudgetHandler,
    RequestFundsHandler,
    GetBudgetHandler,
    BudgetsResolver,
  ],
})
export class FundingModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(FUNDING_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit() {
    return this.runtime.start();
  }

  onApplicationBootstrap() {
    return this.runtime.consume(grantsConsumer((grant, metadata, commandId, store) => this.commands.execute(new RequestFundsCommand(grant, metadata, commandId, store))));
  }
}
