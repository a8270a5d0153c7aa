import { ConcurrencyError, type EventMetadata, type EventStore, type RecordedEvent } from '@onedoor/event-store';
import { uuidFromName } from './ids';

/** The pure core's shape: decide from state, evolve state by events. */
export interface Decider<C, E extends { type: string; data: unknown }, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

export interface Loaded<S> {
  state: S;
  version: number;
  events: RecordedEvent[];
}

/**
 * Committed states of hot streams (a budget gathers thousands of events), so a load reads only
 * the events after the cached version. Entries are written only after commit; deciders never
 * mutate state, so sharing the objects is safe.
 */
export class StateCache<S = unknown> {
  private readonly entries = new Map<string, { state: S; version: number }>();
  constructor(private readonly capacity = 10_000) {}

  get(streamId: string) {
    const e = this.entries.get(streamId);
    if (e) {
      this.entries.delete(streamId);
      this.entries.set(streamId, e);
    }
    return e;
  }

  set(streamId: string, state: S, version: number) {
    const current = this.entries.get(streamId);
    if (current && current.version >= version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, version });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/**
 * What a transaction has read and written of each stream, so that several commands on one stream
 * in one transaction (open, then grant, then refer; or a batch of messages) read it once. Keyed by
 * the transaction's store view, so it is gone with the transaction, committed or not. A stream
 * changed meanwhile by another transaction still fails the append on its expected version.
 */
const inTransaction = new WeakMap<EventStore, Map<string, { state: unknown; version: number }>>();

function remember(store: EventStore, streamId: string, state: unknown, version: number): void {
  if (store.sql === store.driver) return; // not in a transaction
  let streams = inTransaction.get(store);
  if (!streams) inTransaction.set(store, (streams = new Map()));
  streams.set(streamId, { state, version });
}

/** The stream's events (after the cached version) and the state they fold to. */
export async function load<E extends { type: string; data: unknown }, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>,
  cache?: StateCache<S>,
): Promise<Loaded<S>> {
  const cached = cache?.get(streamId);
  const events = await store.readStream(streamId, { from: (cached?.version ?? 0) + 1 });
  const state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), cached?.state ?? decider.initialState);
  const version = events.length ? events[events.length - 1].streamVersion : (cached?.version ?? 0);
  if (cache && events.length) store.afterCommit(() => cache.set(streamId, state, version));
  remember(store, streamId, state, version);
  return { state, version, events };
}

/** The stream's state for a decision: as this transaction last read or wrote it, else loaded. */
export async function loadState<E extends { type: string; data: unknown }, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>,
  cache?: StateCache<S>,
): Promise<{ state: S; version: number }> {
  const known = inTransaction.get(store)?.get(streamId) as { state: S; version: number } | undefined;
  return known ?? load(store, streamId, decider, cache);
}

export interface ExecuteOptions {
  metadata: EventMetadata;
  /**
   * A stable name for this command (e.g. the causing event's id or an idempotency key): event ids
   * are derived from it, so executing the same command twice appends nothing the second time.
   */
  commandId?: string;
  /** Reload and decide again after a concurrent append, this many times (0 for user decisions: 409). */
  retries?: number;
  /** Fixed expected version (optimistic concurrency from the client); default: the loaded version. */
  expectedVersion?: number;
  /**
   * For hot streams (a budget) inside a transaction: take a transaction-scoped advisory lock on
   * the stream first, so concurrent writers queue instead of failing and retrying.
   */
  lockStream?: boolean;
  /** Keep committed states of this stream in memory (see StateCache). */
  cache?: StateCache<any>;
}

/**
 * Transaction-scoped advisory lock on a stream, so its writers queue behind each other (across
 * processes too). A no-op outside a transaction.
 */
export async function lockStream(store: EventStore, streamId: string): Promise<void> {
  if (store.sql === store.driver) return;
  await store.sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`stream:${store.schema}:${streamId}`]);
}

/** Load → decide → append with the expected version; the decider's events are returned. */
export async function execute<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C | ((state: S) => C),
  options: ExecuteOptions,
): Promise<{ events: E[]; state: S; version: number }> {
  if (options.lockStream) await lockStream(store, streamId);
  for (let attempt = 0; ; attempt++) {
    const { state, version } = await loadState(store, streamId, decider, options.cache);
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, options.expectedVersion, version);
    }
    const cmd = typeof command === 'function' ? (command as (s: S) => C)(state) : command;
    const events = decider.decide(cmd, state);
    const next = events.reduce(decider.evolve, state);
    if (events.length === 0) return { events, state: next, version };
    try {
      const result = await store.append(
        streamId,
        events.map((e, i) => ({
          type: e.type,
          data: e.data,
          metadata: options.metadata,
          eventId: options.commandId ? uuidFromName(`${options.commandId}|${streamId}|${i}`) : undefined,
        })),
        { expectedVersion: version },
      );
      const cache = options.cache;
      if (cache && !result.duplicate) store.afterCommit(() => cache.set(streamId, next, result.nextExpectedVersion));
      if (!result.duplicate) remember(store, streamId, next, result.nextExpectedVersion);
      else inTransaction.get(store)?.delete(streamId); // what we had read was behind: read again next time
      return { events: result.duplicate ? [] : events, state: next, version: result.nextExpectedVersion };
    } catch (e) {
      // Inside a transaction the failed statement has aborted it: the caller retries the whole unit.
      const inTransaction = store.sql !== store.driver;
      if (!(e instanceof ConcurrencyError) || inTransaction || attempt >= (options.retries ?? 3)) throw e;
    }
  }
}
