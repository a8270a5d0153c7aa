import { START, type Checkpoint, type EventStore, type RecordedEvent } from '@onedoor/event-store';
import type { ServiceStore } from '../stores';

/**
 * Reads one store gap-free (readAll, in commit-safe order) in pages, with the next page already
 * on its way while the current one is consumed. Stops at the first short page: what was visible
 * when the reading reached it. `checkpoint` is where a later catch-up continues.
 */
export class StoreReader {
  checkpoint: Checkpoint;
  read = 0;
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private pending?: Promise<{ events: RecordedEvent[]; checkpoint: Checkpoint }>;
  private exhausted = false;

  constructor(
    readonly source: ServiceStore,
    private readonly batchSize: number,
    after: Checkpoint = START,
    /** Another view of the store (a transaction's), when reading inside one. */
    private readonly store: EventStore = source.store,
  ) {
    this.checkpoint = after;
  }

  private fetch(after: Checkpoint) {
    const page = this.store.readAll({ after, limit: this.batchSize });
    page.catch(() => undefined); // awaited in fill(); not an unhandled rejection meanwhile
    return page;
  }

  /** True when an event is buffered, reading the next page if needed; false at the end. */
  async fill(): Promise<boolean> {
    if (this.index < this.buffer.length) return true;
    if (this.exhausted) return false;
    const page = await (this.pending ?? this.fetch(this.checkpoint));
    this.pending = undefined;
    this.buffer = page.events;
    this.index = 0;
    this.checkpoint = page.checkpoint;
    this.read += page.events.length;
    if (page.events.length < this.batchSize) this.exhausted = true;
    else this.pending = this.fetch(page.checkpoint);
    return this.buffer.length > 0;
  }

  get buffered(): boolean {
    return this.index < this.buffer.length;
  }

  head(): RecordedEvent {
    return this.buffer[this.index];
  }

  next(): RecordedEvent {
    const e = this.buffer[this.index];
    this.buffer[this.index++] = undefined as unknown as RecordedEvent; // let it be collected
    return e;
  }
}

/**
 * Every event of several stores, merged by occurredAt (each store's own order kept), so that
 * services' events meet the fold roughly as they happened — as they reached the live projection.
 * `onEvent` may return a promise to apply back-pressure.
 */
export async function mergeStores(
  readers: StoreReader[],
  onEvent: (source: ServiceStore, event: RecordedEvent) => void | Promise<void>,
): Promise<void> {
  const active: StoreReader[] = [];
  for (const r of readers) if (await r.fill()) active.push(r);
  const times = active.map((r) => r.head().occurredAt.getTime());
  while (active.length > 0) {
    let best = 0;
    for (let k = 1; k < active.length; k++) if (times[k] < times[best]) best = k;
    const reader = active[best];
    const waiting = onEvent(reader.source, reader.next());
    if (waiting) await waiting;
    if (reader.buffered || (await reader.fill())) times[best] = reader.head().occurredAt.getTime();
    else {
      active.splice(best, 1);
      times.splice(best, 1);
    }
  }
}
