import { Inject, Injectable } from '@nestjs/common';
import type { GrantRef } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { execute, load, ProblemError, ServiceRuntime } from '@onedoor/service-kit';
import { budgetCandidates, budgetDecider, budgetIdOf, budgetStreamId, budgetView, type BudgetCommand } from '../domain';

export const FUNDING_RUNTIME = Symbol('funding-runtime');

/** The budget aggregate behind the bus handlers and consumers. */
@Injectable()
export class Budgets {
  constructor(@Inject(FUNDING_RUNTIME) readonly runtime: ServiceRuntime) {}

  run(command: BudgetCommand, budgetId: string, metadata: EventMetadata, commandId?: string, store: EventStore = this.runtime.store) {
    return execute(store, budgetStreamId(budgetId), budgetDecider, command, {
      metadata,
      commandId,
      lockStream: true,
      retries: 5,
    });
  }

  async view(budgetId: string, store: EventStore = this.runtime.store) {
    const { state } = await load(store, budgetStreamId(budgetId), budgetDecider);
    if (state.status !== 'active') throw ProblemError.notFound(`budget ${budgetId} not found`);
    return { ...budgetView(state), programme: state.programme, fiscalYear: state.fiscalYear, jurisdiction: state.jurisdiction, reserveFund: state.reserveFund };
  }

  /** The most specific existing budget for a grant: township reserve fund, county, city, province. */
  async budgetFor(grant: { programme: GrantRef['department']; fiscalYear: number; jurisdiction: string }, store: EventStore) {
    for (const id of budgetCandidates(grant.programme, grant.fiscalYear, grant.jurisdiction)) {
      if ((await store.streamVersion(budgetStreamId(id))) > 0) return id;
    }
    return undefined;
  }

  idOf = budgetIdOf;
}
