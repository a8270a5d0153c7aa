import { Inject, Injectable } from '@nestjs/common';
import type { GrantRef } from '@onedoor/contracts';
import type { EventMetadata, EventStore } from '@onedoor/event-store';
import { execute, lockStream, ProblemError, ServiceRuntime, StateCache } from '@onedoor/service-kit';
import {
  awaitingBudgetDecider, awaitingBudgetStreamId, budgetCandidates, budgetDecider, budgetIdOf, budgetStreamId, budgetView, grantRefFor, waitingGrants, type AwaitingBudgetEvent,
  type AwaitingBudgetState, type BudgetAwaited, type BudgetCommand, type BudgetEvent, type UnbudgetedGrant,
} from '../domain';

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

  /**
   * Pays a grant of AidGranted from the most specific existing budget of its programme, fiscal year
   * and jurisdiction (reserved and disbursed, or queued on a shortage), or — when no budget exists
   * at any level — records it as waiting for one (BudgetAwaited), to be paid when one is allocated
   * (policy-rules §7: nothing is dropped, nothing is dead-lettered for want of a budget). Runs in
   * the inbox transaction `store`; the waiting list of the programme and year is locked before the
   * budgets are looked at again, so an allocation committing meanwhile is never missed.
   */
  async requestFunds(grant: UnbudgetedGrant, metadata: EventMetadata, commandId: string, store: EventStore) {
    let budgetId = await this.budgetFor(grant, store);
    if (!budgetId) {
      await lockStream(store, awaitingBudgetStreamId(grant.programme, grant.fiscalYear));
      budgetId = await this.budgetFor(grant, store);
    }
    if (!budgetId) {
      return execute(store, awaitingBudgetStreamId(grant.programme, grant.fiscalYear), awaitingBudgetDecider, { type: 'AwaitBudget', data: grant }, { metadata, commandId, lockStream: true });
    }
    const { programme: _p, fiscalYear: _y, jurisdiction: _j, ...ref } = grant;
    return this.run({ type: 'RequestFunds', data: { ...ref, budgetId } }, budgetId, metadata, commandId, store);
  }

  /**
   * Runs a budget command that may make a budget exist or hold money (an allocation, a top-up), then
   * hands the grants waiting for a budget of that programme and fiscal year to the budget now found
   * for each, in the order they waited: each is paid (or queued) once, with its own correlation.
   * One transaction, under the waiting list's lock (see requestFunds).
   */
  async runAndHandOver(command: BudgetCommand, budgetId: string, metadata: EventMetadata, commandId?: string) {
    const [programme, fiscalYear] = budgetId.split(':');
    const waitingStream = awaitingBudgetStreamId(programme as GrantRef['department'], Number(fiscalYear));
    return this.runtime.store.transaction(async (tx) => {
      await lockStream(tx, waitingStream);
      const result = await this.run(command, budgetId, metadata, commandId, tx);
      await this.handOver(waitingStream, metadata, tx);
      return result;
    });
  }

  private async handOver(waitingStream: string, metadata: EventMetadata, store: EventStore) {
    const recorded = await store.readStream(waitingStream);
    if (recorded.length === 0) return;
    const state = recorded.reduce<AwaitingBudgetState>((s, e) => awaitingBudgetDecider.evolve(s, { type: e.type, data: e.data } as AwaitingBudgetEvent), awaitingBudgetDecider.initialState);
    const waiting = waitingGrants(state);
    if (waiting.length === 0) return;
    const awaitedMetadata = new Map(recorded.filter((e) => e.type === 'BudgetAwaited').map((e) => [(e.data as BudgetAwaited).grantId, e.metadata]));
    const budgets: Record<string, string> = {};
    for (const grant of waiting) {
      const found = await this.budgetFor(grant, store);
      if (!found) continue;
      budgets[grant.grantId] = found;
      const own = awaitedMetadata.get(grant.grantId) ?? metadata;
      await this.run({ type: 'RequestFunds', data: grantRefFor(grant, found) }, found, { ...own, causationId: metadata.correlationId ?? own.causationId }, `awaited-budget:${grant.grantId}`, store);
    }
    if (Object.keys(budgets).length === 0) return;
    await execute(store, waitingStream, awaitingBudgetDecider, { type: 'HandToBudgets', data: { budgets } }, { metadata, lockStream: true });
  }

  /** The grants still waiting for a budget of the programme and fiscal year (fen), in the order they came. */
  async awaiting(programme: GrantRef['department'], fiscalYear: number, store: EventStore = this.runtime.store): Promise<BudgetAwaited[]> {
    const recorded = await store.readStream(awaitingBudgetStreamId(programme, fiscalYear));
    return waitingGrants(recorded.reduce<AwaitingBudgetState>((s, e) => awaitingBudgetDecider.evolve(s, { type: e.type, data: e.data } as AwaitingBudgetEvent), awaitingBudgetDecider.initialState));
  }

  idOf = budgetIdOf;
}
