import type { AnyDepartment as Department } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import type { GrantRef } from '@onedoor/contracts';

export class AllocateBudgetCommand {
  constructor(
    readonly input: { programme: Department; fiscalYear: number; jurisdiction: string; amountFen: number; reserveFund: boolean },
    readonly metadata: EventMetadata,
    readonly commandId?: string,
  ) {}
}

export class TopUpBudgetCommand {
  constructor(
    readonly budgetId: string,
    readonly amountFen: number,
    readonly metadata: EventMetadata,
    readonly commandId?: string,
  ) {}
}

/** From an AidGranted event: reserve and disburse, or queue the grant. Runs in the inbox transaction. */
export class RequestFundsCommand {
  constructor(
    readonly grant: Omit<GrantRef, 'budgetId'> & { programme: Department; fiscalYear: number; jurisdiction: string },
    readonly metadata: EventMetadata,
    readonly commandId: string,
    readonly store: EventStore,
  ) {}
}

export class GetBudgetQuery {
  constructor(readonly budgetId: string, readonly asOf?: Date) {}
}
