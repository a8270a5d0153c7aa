import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { canonicalEvent, chainHash, GENESIS_HASH } from './canonical';
import { ConcurrencyError, EventConflictError } from './errors';
import { migrate, quoteSchema } from './migrations';
import type { SqlDriver, SqlExecutor } from './sql';
import {
  START,
  type AppendOptions, type AppendResult, type Checkpoint, type EventMetadata, type NewEvent,
  type ReadAllResult, type RecordedEvent, type UpcasterMap, type VerifyReport,
} from './types';

export interface EventStoreOptions {
  /** PostgreSQL schema holding this store's tables; one per service. */
  schema: string;
  /** Current schema version per event type (default 1). */
  schemaVersions?: Record<string, number>;
  upcasters?: UpcasterMap;
  /** Called after each committed, non-duplicate append (metrics). */
  onAppend?: (streamId: string, events: readonly NewEvent[]) => void;
}

// Positions are returned as text; queries order by e.<column> so they sort as numbers.
const COLUMNS = `event_id, type, schema_version, stream_id, stream_version, global_position::text AS global_position,
  transaction_id::text AS transaction_id, occurred_at, data, metadata, encode(prev_hash, 'hex') AS prev_hash,
  encode(hash, 'hex') AS hash`;

interface Row {
  event_id: string;
  type: string;
  schema_version: number;
  stream_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
  occurred_at: Date | string;
  data: any;
  metadata: any;
  prev_hash: string;
  hash: string;
}

/** Shared between a store and its transaction-bound views: wakes live readers in this process. */
interface Shared {
  appended: EventEmitter;
  /** Callbacks of a transaction view, run after its commit. */
  committed?: (() => void)[];
}

/**
 * Append-only event store on PostgreSQL or PGlite. One implementation; the driver decides where.
 * Appends are idempotent by eventId and guarded by expected version; readAll is gap-free under
 * concurrent writers; every stream is a SHA-256 hash chain.
 */
export class EventStore {
  readonly schema: string;
  private readonly s: string;

  constructor(
    readonly driver: SqlDriver,
    readonly options: EventStoreOptions,
    private readonly executor: SqlExecutor = driver,
    private readonly shared: Shared = { appended: new EventEmitter().setMaxListeners(0) },
  ) {
    this.schema = options.schema;
    this.s = quoteSchema(options.schema);
  }

  /** Creates or upgrades the schema. Safe to call from several processes at once. */
  async migrate(): Promise<void> {
    await migrate(this.driver, this.schema);
  }

  /** The SQL executor of this view: the driver, or the enclosing transaction. */
  get sql(): SqlExecutor {
    return this.executor;
  }

  /** Runs fn in one transaction; appends and other SQL through the given store commit together. */
  async transaction<T>(fn: (store: EventStore) => Promise<T>): Promise<T> {
    if (this.executor !== this.driver) return fn(this);
    let wrote = false;
    const committed: (() => void)[] = [];
    const result = await this.driver.transaction((tx) => {
      const view = new EventStore(this.driver, this.options, tx, {
        appended: { emit: () => ((wrote = true), true) } as unknown as EventEmitter,
        committed,
      });
      return fn(view);
    });
    if (wrote) this.shared.appended.emit('appended');
    committed.forEach((f) => f());
    return result;
  }

  /** Runs fn once the enclosing transaction has committed (at once outside a transaction). */
  afterCommit(fn: () => void): void {
    if (this.shared.committed) this.shared.committed.push(fn);
    else fn();
  }

  /**
   * Appends events to a stream in one round trip, atomically, after `expectedVersion` (default
   * 'any'). Idempotent by event id within the stream: a batch whose events are all stored
   * already, in its order at consecutive versions, writes nothing and returns the stored positions
   * with `duplicate: true`. Throws ConcurrencyError (with the actual version) when the stream is
   * not at the expected version, EventConflictError when only some of the batch's events are
   * stored (or stored elsewhere, or an id repeats within the batch): never a partial duplicate.
   */
  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedVersion ?? 'any';
    const code = expected === 'any' ? -1 : expected === 'stream_exists' ? -2 : expected;
    if (typeof code !== 'number' || !Number.isInteger(code) || code < -2) {
      throw new Error(`invalid expectedVersion: ${String(expected)}`);
    }
    const payload: AppendPayload[] = events.map((e) => {
      const eventId = e.eventId ?? randomUUID();
      const schemaVersion = e.schemaVersion ?? this.options.schemaVersions?.[e.type] ?? 1;
      const occurredAt = (e.occurredAt ?? new Date()).toISOString();
      const metadata: EventMetadata = e.metadata ?? {};
      const data = e.data ?? {};
      return {
        id: eventId,
        type: e.type,
        sv: schemaVersion,
        at: occurredAt,
        data,
        meta: metadata,
        canon: canonicalEvent({ eventId, type: e.type, schemaVersion, occurredAt, data, metadata }),
      };
    });
    const repeated = repeatedIds(payload);
    if (repeated.length > 0) throw new EventConflictError(streamId, repeated);
    let rows: { out_position: string; out_version: number; out_duplicate: boolean }[];
    try {
      rows =
        code === 0 && this.executor === this.driver
          ? await this.insertNewStream(streamId, payload)
          : (
              await this.executor.query(`SELECT * FROM ${this.s}.append_events($1, $2, $3)`, [
                streamId,
                code,
                JSON.stringify(payload),
              ])
            ).rows;
    } catch (e) {
      const duplicate = await this.originalPositions(e, streamId, payload);
      if (!duplicate) throw await this.translateAppendError(e, streamId, expected);
      rows = duplicate;
    }
    const duplicate = rows.length > 0 && rows.every((r) => r.out_duplicate);
    if (!duplicate) {
      this.shared.appended.emit('appended');
      const onAppend = this.options.onAppend;
      if (onAppend) this.afterCommit(() => onAppend(streamId, events));
    }
    return {
      streamId,
      nextExpectedVersion: duplicate ? await this.streamVersion(streamId) : rows[rows.length - 1].out_version,
      positions: rows.map((r) => r.out_position),
      duplicate,
    };
  }

  /**
   * Fast path for the commonest append (a new stream, outside a transaction): the chain starts
   * at the genesis hash, so it is computed here and one plain INSERT does the rest. The unique
   * constraints still reject a concurrent creator or a re-append, and the statement is atomic.
   */
  private async insertNewStream(streamId: string, payload: AppendPayload[]) {
    const params: unknown[] = [streamId];
    let prev = GENESIS_HASH;
    const values = payload.map((p, i) => {
      const hash = chainHash(prev, streamId, i + 1, p.canon);
      const b = params.length;
      params.push(i + 1, p.id, p.type, p.sv, JSON.stringify(p.data), JSON.stringify(p.meta), p.at, prev, hash);
      prev = hash;
      return `($1, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, decode($${b + 8}, 'hex'), decode($${b + 9}, 'hex'))`;
    });
    const { rows } = await this.driver.query<{ out_position: string; out_version: number }>(
      `INSERT INTO ${this.s}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata,
         occurred_at, prev_hash, hash) VALUES ${values.join(', ')}
       RETURNING global_position::text AS out_position, stream_version AS out_version`,
      params,
    );
    return rows.map((r) => ({ ...r, out_duplicate: false }));
  }

  /**
   * After a unique violation outside a transaction: were these exact events already stored? The
   * stored positions when the whole batch is, in its order at consecutive versions (a replay);
   * EventConflictError when only some are; undefined when none is (an ordinary conflict).
   */
  private async originalPositions(e: any, streamId: string, payload: AppendPayload[]) {
    if (e?.code !== '23505' || this.executor !== this.driver) return undefined;
    const ids = payload.map((p) => p.id);
    const { rows } = await this.driver.query<{ event_id: string; out_position: string; out_version: number }>(
      `SELECT event_id, global_position::text AS out_position, stream_version AS out_version FROM ${this.s}.events
       WHERE stream_id = $1 AND event_id = ANY($2::text[])`,
      [streamId, ids],
    );
    if (rows.length === 0) return undefined;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const stored = ids.map((id) => byId.get(id));
    const first = stored[0]?.out_version;
    const replay =
      rows.length === ids.length && first !== undefined && stored.every((r, i) => r !== undefined && Number(r.out_version) === Number(first) + i);
    if (!replay) throw new EventConflictError(streamId, ids.filter((id) => byId.has(id)));
    return stored.map((r) => ({ out_position: r!.out_position, out_version: Number(r!.out_version), out_duplicate: true }));
  }

  private async translateAppendError(e: any, streamId: string, expected: unknown): Promise<Error> {
    const message = String(e?.message ?? '');
    const concurrency = /onedoor_concurrency:(\d+)/.exec(message);
    if (concurrency) return new ConcurrencyError(streamId, String(expected), Number(concurrency[1]));
    const conflict = /onedoor_event_conflict:(.*)/.exec(message);
    if (conflict) return new EventConflictError(streamId, conflict[1].split(',').filter(Boolean));
    if (e?.code === '23505' && /events_stream_(version|event)_key/.test(`${e.constraint ?? ''}${message}`)) {
      // Lost a race for the same version, or the same event, to a writer that has committed
      // (appending again sees the stored events as a replay or a conflict). Inside our (now failed)
      // transaction nothing can be read, so the version is read on another connection; PGlite
      // has one connection and serialises transactions, so it never gets here inside one.
      const outside = this.executor === this.driver || this.driver.kind === 'postgres';
      const actual = outside ? await new EventStore(this.driver, this.options).streamVersion(streamId) : -1;
      return new ConcurrencyError(streamId, String(expected), actual);
    }
    return e instanceof Error ? e : new Error(message);
  }

  /** Which of these streams exist (have a first event), in one query. */
  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.executor.query<{ stream_id: string }>(
      `SELECT stream_id FROM ${this.s}.events WHERE stream_id = ANY($1::text[]) AND stream_version = 1`,
      [streamIds],
    );
    return new Set(rows.map((r) => r.stream_id));
  }

  /** Current version of a stream (0 when it does not exist). */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.executor.query<{ v: number | null }>(
      `SELECT max(stream_version) AS v FROM ${this.s}.events WHERE stream_id = $1`,
      [streamId],
    );
    return Number(rows[0]?.v ?? 0);
  }

  async readStream(streamId: string, range: { from?: number; to?: number } = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.executor.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.s}.events e
       WHERE e.stream_id = $1 AND e.stream_version >= $2 AND e.stream_version <= $3 ORDER BY e.stream_version`,
      [streamId, range.from ?? 1, range.to ?? 2147483647],
    );
    return rows.map((r) => this.toRecorded(r));
  }

  /**
   * Events committed after `after`, in (transactionId, globalPosition) order. Only transactions
   * older than every still-running one are visible, so a later commit of an earlier transaction
   * is never skipped; a long-running writer delays readers instead.
   */
  async readAll(options: { after?: Checkpoint; limit?: number } = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    const [tx, pos] = parseCheckpoint(after);
    const { rows } = await this.executor.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.s}.events e
       WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.transaction_id, e.global_position LIMIT $3`,
      [tx, pos, options.limit ?? 1000],
    );
    const events = rows.map((r) => this.toRecorded(r));
    const last = events[events.length - 1];
    return { events, checkpoint: last ? `${last.transactionId}:${last.globalPosition}` : after };
  }

  /**
   * readAll's page (same gap-free predicate, order and limit) projected by PostgreSQL: `select` is
   * a select list over the events row `e`. For readers that forward events rather than interpret
   * them — the outbox relay builds its Kafka envelope in SQL instead of parsing every row into a
   * RecordedEvent and serialising it again. Rows are not upcast.
   */
  async readAllProjected<R>(
    select: string,
    options: { after?: Checkpoint; limit?: number } = {},
  ): Promise<{ rows: R[]; checkpoint: Checkpoint }> {
    const after = options.after ?? START;
    const [tx, pos] = parseCheckpoint(after);
    const { rows } = await this.executor.query<R & { __tx: string; __pos: string }>(
      `SELECT ${select}, e.transaction_id::text AS __tx, e.global_position::text AS __pos FROM ${this.s}.events e
       WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.transaction_id, e.global_position LIMIT $3`,
      [tx, pos, options.limit ?? 1000],
    );
    const last = rows[rows.length - 1];
    return { rows, checkpoint: last ? `${last.__tx}:${last.__pos}` : after };
  }

  async loadCheckpoint(name: string): Promise<Checkpoint> {
    const { rows } = await this.executor.query<{ checkpoint: string }>(
      `SELECT checkpoint FROM ${this.s}.checkpoints WHERE name = $1`,
      [name],
    );
    return rows[0]?.checkpoint ?? START;
  }

  async storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void> {
    await this.executor.query(
      `INSERT INTO ${this.s}.checkpoints (name, checkpoint) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = now()`,
      [name, checkpoint],
    );
  }

  /** Resolves on the next append in this process, or after ms, whichever is first. */
  waitForAppend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.shared.appended.off('appended', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.shared.appended.once('appended', done);
    });
  }

  /**
   * Named, checkpointed subscription to all events: catches up, then follows live. Each batch
   * and its checkpoint commit in one transaction, so a projection's effects happen once.
   */
  subscribe(
    name: string,
    handler: (events: RecordedEvent[], store: EventStore) => Promise<void>,
    options: { batchSize?: number; pollMs?: number; onError?: (e: unknown) => void } = {},
  ): { stop(): Promise<void>; caughtUp(): Promise<void> } {
    let running = true;
    let idleWaiters: (() => void)[] = [];
    // Every failure (the database away included) is reported and retried: the loop never rejects.
    const loop = (async () => {
      let checkpoint: Checkpoint | undefined;
      while (running) {
        try {
          checkpoint ??= await this.loadCheckpoint(name);
          const batch = await this.readAll({ after: checkpoint, limit: options.batchSize ?? 500 });
          if (batch.events.length > 0) {
            await this.transaction(async (tx) => {
              await handler(batch.events, tx);
              await tx.storeCheckpoint(name, batch.checkpoint);
            });
            checkpoint = batch.checkpoint;
            continue;
          }
          idleWaiters.forEach((w) => w());
          idleWaiters = [];
          await this.waitForAppend(options.pollMs ?? 50);
        } catch (e) {
          try {
            options.onError?.(e);
          } catch {
            // a failing error handler must not end the subscription
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })();
    return {
      stop: async () => {
        running = false;
        this.shared.appended.emit('appended');
        await loop;
      },
      caughtUp: () => new Promise<void>((r) => idleWaiters.push(r)),
    };
  }

  /**
   * Recomputes every stream's hash chain and names the first broken stream and version; and lists
   * every event id stored more than once in a stream (`duplicates`, at most `maxDuplicates`
   * (default 1000), `duplicateCount` all of them). ok only when neither is found.
   */
  async verify(options: { onProgress?: (checked: number) => void; maxDuplicates?: number } = {}): Promise<VerifyReport> {
    const { duplicates, duplicateCount } = await this.duplicateEvents(options.maxDuplicates ?? 1000);
    const chain = await this.verifyChains(options);
    if (duplicateCount === 0) return chain;
    return { ...chain, ok: false, duplicates, duplicateCount };
  }

  /** Event ids stored more than once within a stream, with the versions holding them. */
  private async duplicateEvents(max: number) {
    const { rows } = await this.executor.query<{ stream_id: string; event_id: string; versions: number[]; total: string }>(
      `SELECT stream_id, event_id, array_agg(stream_version ORDER BY stream_version) AS versions, count(*) OVER () AS total
       FROM ${this.s}.events GROUP BY stream_id, event_id HAVING count(*) > 1
       ORDER BY stream_id, min(stream_version) LIMIT $1`,
      [max],
    );
    return {
      duplicates: rows.map((r) => ({ streamId: r.stream_id, eventId: r.event_id, streamVersions: r.versions.map(Number) })),
      duplicateCount: rows.length ? Number(rows[0].total) : 0,
    };
  }

  private async verifyChains(options: { onProgress?: (checked: number) => void }): Promise<VerifyReport> {
    let streams = 0;
    let events = 0;
    let cursor: [string, number] = ['', 0];
    let current = { streamId: '\u0000', version: 0, hash: GENESIS_HASH };
    for (;;) {
      const { rows } = await this.executor.query<Row>(
        `SELECT ${COLUMNS} FROM ${this.s}.events e WHERE (e.stream_id, e.stream_version) > ($1, $2)
         ORDER BY e.stream_id, e.stream_version LIMIT 5000`,
        cursor,
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        const e = this.toRecorded(r, false);
        if (e.streamId !== current.streamId) {
          streams++;
          current = { streamId: e.streamId, version: 0, hash: GENESIS_HASH };
        }
        events++;
        const broken = (reason: string): VerifyReport => ({
          ok: false,
          streams,
          events,
          firstBroken: { streamId: e.streamId, streamVersion: e.streamVersion, reason },
        });
        if (e.streamVersion !== current.version + 1) return broken(`expected version ${current.version + 1}`);
        if (e.prevHash !== current.hash) return broken('previous hash does not match the chain');
        const canon = canonicalEvent({
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          occurredAt: e.occurredAt.toISOString(),
          data: e.data,
          metadata: e.metadata,
        });
        if (chainHash(e.prevHash, e.streamId, e.streamVersion, canon) !== e.hash) {
          return broken('content does not match its hash');
        }
        current = { streamId: e.streamId, version: e.streamVersion, hash: e.hash };
      }
      const last = rows[rows.length - 1];
      cursor = [last.stream_id, last.stream_version];
      options.onProgress?.(events);
    }
    return { ok: true, streams, events };
  }

  private toRecorded(r: Row, upcast = true): RecordedEvent {
    const event: RecordedEvent = {
      eventId: r.event_id,
      type: r.type,
      schemaVersion: Number(r.schema_version),
      streamId: r.stream_id,
      streamVersion: Number(r.stream_version),
      globalPosition: r.global_position,
      transactionId: r.transaction_id,
      occurredAt: r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at),
      data: r.data,
      metadata: r.metadata,
      prevHash: r.prev_hash,
      hash: r.hash,
    };
    return upcast ? this.upcast(event) : event;
  }

  /** Applies upcasters step by step until the event is at the type's current schema version. */
  private upcast(event: RecordedEvent): RecordedEvent {
    const steps = this.options.upcasters?.[event.type];
    if (!steps) return event;
    let e = event;
    while (steps[e.schemaVersion]) {
      e = { ...e, data: steps[e.schemaVersion](e.data, e), schemaVersion: e.schemaVersion + 1 };
    }
    return e;
  }
}

interface AppendPayload {
  id: string;
  type: string;
  sv: number;
  at: string;
  data: unknown;
  meta: EventMetadata;
  canon: string;
}

/** Event ids that occur more than once in a batch. */
function repeatedIds(payload: AppendPayload[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const p of payload) (seen.has(p.id) ? repeated : seen).add(p.id);
  return [...repeated];
}

function parseCheckpoint(c: Checkpoint): [string, string] {
  const m = /^(\d+):(\d+)$/.exec(c);
  if (!m) throw new Error(`invalid checkpoint: ${c}`);
  return [m[1], m[2]];
}
