import { Inject, Injectable } from '@nestjs/common';
import type { GrantRef } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { execute, ProblemError, ServiceRuntime, StateCache } from '@onedoor/service-kit';
import { budgetCandidates, budgetDecider, budgetIdOf, budgetStreamId, budgetView, type BudgetCommand, type BudgetEvent } from '../domain';

export const FUNDING_RUNTIME = Symbol('funding-runtime');

/** The budget aggregate behind the bus handlers and consumers. */
@Injectable()
export class Budgets {
  private readonly cache = new StateCache();

  constructor(@Inject(FUNDING_RUNTIME) readonly runtime: ServiceRuntime) {}

  run(command: BudgetCommand, budgetId: string, metadata: EventMetadata, commandId?: string, store: EventStore = this.runtime.store) {
    return execute(store, budgetStreamId(budgetId), budgetDecider, command, {
      metadata,
      commandId,
      lockStream: true,
      retries: 5,
      cache: this.cache,
    });
  }

  /** asOf: the budget as it stood at that instant, folded from the events recorded by then. */
  async view(budgetId: string, store: EventStore = this.runtime.store, asOf?: Date) {
    const events = await store.readStream(budgetStreamId(budgetId));
    const state = events
      .filter((e) => !asOf || e.occurredAt <= asOf)
      .reduce((s, e) => budgetDecider.evolve(s, { type: e.type, data: e.data } as BudgetEvent), budgetDecider.initialState);
    if (state.status !== 'active') throw ProblemError.notFound(asOf ? `budget ${budgetId} did not exist at ${asOf.toISOString()}` : `budget ${budgetId} not found`);
    return {
      ...budgetView(state),
      programme: state.programme,
      fiscalYear: state.fiscalYear,
      jurisdiction: state.jurisdiction,
      reserveFund: state.reserveFund,
      ...(asOf ? { asOf: asOf.toISOString() } : {}),
    };
  }

  /** The most specific existing budget for a grant: township reserve fund, county, city, province. */
  async budgetFor(grant: { programme: GrantRef['department']; fiscalYear: number; jurisdiction: string }, store: EventStore) {
    const candidates = budgetCandidates(grant.programme, grant.fiscalYear, grant.jurisdiction);
    const existing = await store.existingStreams(candidates.map(budgetStreamId));
    return candidates.find((id) => existing.has(budgetStreamId(id)));
  }

  idOf = budgetIdOf;
}
