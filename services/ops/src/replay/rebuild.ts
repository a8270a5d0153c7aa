/**
 * Rebuilds the dossier read model (and the timeline) from the event stores of all five services
 * into a shadow schema, with the live projection's own fold and row mapping (@onedoor/intake):
 * read gap-free in pages, merged by time, folded in memory in place, written in bulk.
 */
import { quoteSchema, START, type Checkpoint, type EventStore, type RecordedEvent, type SqlDriver, type SqlExecutor } from '@onedoor/event-store';
import {
  applicationIdOf, DossierTables, dossierIndexesSql, dossierParams, dossierRow, dossierTablesOnlySql, foldDossierRecord, timelineParams, timelineRow,
  type DossierRecord, type TimelineRow,
} from '@onedoor/intake';
import { toEnvelope } from '@onedoor/messaging';
import type { ServiceStore } from '../stores';
import { mergeStores, StoreReader } from './read';

export interface RebuildTables {
  dossiers: boolean;
  timeline: boolean;
}

export interface RebuildOptions {
  driver: SqlDriver;
  stores: ServiceStore[];
  shadowSchema: string;
  tables: RebuildTables;
  /** Rebuild only these applications (a partial rebuild); every application when absent. */
  scope?: ReadonlySet<string>;
  /** Events per read (default 5000). */
  batchSize?: number;
  /** Changed dossiers gathered before they are written (default 20000); rows go 5000 per statement. */
  flushEvery?: number;
  /** Called now and then with the number of events read so far. */
  onProgress?: (read: number) => void;
}

export interface RebuildResult {
  /** Events read from the stores. */
  read: number;
  /** Of those, public events of an application in scope: what the projection saw. */
  folded: number;
  perService: Record<string, { read: number; folded: number }>;
  applications: number;
  timelineRows: number;
  dossierRowsWritten: number;
  seconds: number;
  /** Where each store's reading stopped; a catch-up continues from here. */
  checkpoints: Record<string, Checkpoint>;
}

const ROWS_PER_STATEMENT = 5000;
const MAX_WRITES_IN_FLIGHT = 2;

/**
 * Drops and creates the shadow schema with empty tables (primary keys only; see finishShadow).
 * They are UNLOGGED: a scratch copy needs no write-ahead log until it is promoted (--swap makes
 * them logged first).
 */
export async function prepareShadow(driver: SqlDriver, shadowSchema: string): Promise<void> {
  const s = quoteSchema(shadowSchema);
  await driver.exec(
    `DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s};${dossierTablesOnlySql(shadowSchema)}
     ALTER TABLE ${s}.dossiers SET UNLOGGED; ALTER TABLE ${s}.timeline SET UNLOGGED;`,
  );
}

/** The secondary indexes, built once after the load, and fresh statistics. */
export async function finishShadow(sql: SqlExecutor, shadowSchema: string): Promise<void> {
  await sql.exec(dossierIndexesSql(shadowSchema));
  await sql.exec(`ANALYZE ${quoteSchema(shadowSchema)}.dossiers; ANALYZE ${quoteSchema(shadowSchema)}.timeline`);
}

/**
 * The fold and its writer. Dossiers live in memory while the events stream by (each is changed in
 * place: no copy per event); changed ones are written in bulk every `flushEvery`, while folding
 * goes on (at most two writes in flight), and at the end.
 */
export class DossierFold {
  readonly records = new Map<string, DossierRecord>();
  folded = 0;
  timelineRows = 0;
  dossierRowsWritten = 0;
  readonly perService: Record<string, { read: number; folded: number }> = {};
  private dirty = new Set<DossierRecord>();
  /** Applications seen when dossiers are not built (timeline only). */
  private readonly seen = new Set<string>();
  private readonly publicTypes = new Map<string, ReadonlySet<string>>();
  private timeline: TimelineRow[] = [];
  private writes: Promise<void>[] = [];
  private failure?: unknown;

  constructor(
    private target: DossierTables,
    private readonly tables: RebuildTables,
    private readonly scope?: ReadonlySet<string>,
    private readonly flushEvery = 20_000,
  ) {}

  /** Folds one recorded event; returns a promise when the writer asks the reader to wait. */
  apply(source: ServiceStore, event: RecordedEvent): void | Promise<void> {
    const counts = (this.perService[source.service] ??= { read: 0, folded: 0 });
    counts.read++;
    let types = this.publicTypes.get(source.service);
    if (!types) this.publicTypes.set(source.service, (types = new Set(source.publicTypes)));
    if (!types.has(event.type)) return;
    const envelope = toEnvelope(event);
    const applicationId = applicationIdOf(envelope);
    if (!applicationId || (this.scope && !this.scope.has(applicationId))) return;
    counts.folded++;
    this.folded++;
    if (this.tables.timeline) {
      this.timeline.push(timelineRow(source.service, applicationId, envelope));
      if (this.timeline.length >= ROWS_PER_STATEMENT) this.writeTimeline();
    }
    if (!this.tables.dossiers) this.seen.add(applicationId);
    else {
      const current = this.records.get(applicationId);
      const record = foldDossierRecord(current, applicationId, envelope);
      if (!current) this.records.set(applicationId, record);
      this.dirty.add(record);
      if (this.dirty.size >= this.flushEvery) this.writeDossiers();
    }
    if (this.writes.length > MAX_WRITES_IN_FLIGHT) return this.drain(MAX_WRITES_IN_FLIGHT);
  }

  /** Writes go to these tables from now on (a swap's catch-up writes inside its transaction). */
  retarget(target: DossierTables): void {
    this.target = target;
  }

  get applications(): number {
    return this.tables.dossiers ? this.records.size : this.seen.size;
  }

  /** Writes everything still pending and waits for every write. */
  async flush(): Promise<void> {
    this.writeTimeline();
    this.writeDossiers();
    await this.drain(0);
  }

  private writeTimeline() {
    if (this.timeline.length === 0) return;
    const params = timelineParams(this.timeline);
    this.timelineRows += this.timeline.length;
    this.timeline = [];
    this.track(this.target.insertTimelineParams(params));
  }

  private writeDossiers() {
    if (this.dirty.size === 0) return;
    let chunk: ReturnType<typeof dossierRow>[] = [];
    for (const record of this.dirty) {
      chunk.push(dossierRow(record));
      if (chunk.length === ROWS_PER_STATEMENT) {
        this.writeRows(chunk);
        chunk = [];
      }
    }
    if (chunk.length) this.writeRows(chunk);
    this.dirty.clear();
  }

  private writeRows(rows: ReturnType<typeof dossierRow>[]) {
    // Serialised now: the dossiers keep changing in place after this call.
    const params = dossierParams(rows);
    this.dossierRowsWritten += rows.length;
    this.track(this.target.upsertDossierParams(params));
  }

  private track(write: Promise<void>) {
    const tracked = write.catch((e) => {
      this.failure ??= e;
    });
    this.writes.push(tracked);
  }

  private async drain(keep: number) {
    while (this.writes.length > keep) await this.writes.shift();
    if (this.failure) throw this.failure;
  }
}

/** Reads every store from `after` (per service; default the start) into the fold. */
export async function foldStores(
  fold: DossierFold,
  stores: ServiceStore[],
  options: { batchSize: number; after?: Record<string, Checkpoint>; views?: Map<string, EventStore>; onProgress?: (read: number) => void },
): Promise<{ read: number; checkpoints: Record<string, Checkpoint> }> {
  const readers = stores.map(
    (s) => new StoreReader(s, options.batchSize, options.after?.[s.service] ?? START, options.views?.get(s.service) ?? s.store),
  );
  let read = 0;
  const progress = options.onProgress;
  await mergeStores(readers, (source, event) => {
    read++;
    if (progress && (read & 4095) === 0) progress(read);
    return fold.apply(source, event);
  });
  progress?.(read);
  return { read, checkpoints: Object.fromEntries(readers.map((r) => [r.source.service, r.checkpoint])) };
}

/** The whole rebuild: a fresh shadow schema, every store folded in, written and indexed. */
export async function rebuild(options: RebuildOptions): Promise<{ result: RebuildResult; fold: DossierFold }> {
  const started = performance.now();
  await prepareShadow(options.driver, options.shadowSchema);
  const fold = new DossierFold(new DossierTables(options.driver, options.shadowSchema), options.tables, options.scope, options.flushEvery);
  for (const s of options.stores) fold.perService[s.service] = { read: 0, folded: 0 };
  const { read, checkpoints } = await foldStores(fold, options.stores, { batchSize: options.batchSize ?? 5000, onProgress: options.onProgress });
  await fold.flush();
  await finishShadow(options.driver, options.shadowSchema);
  return {
    fold,
    result: {
      read,
      folded: fold.folded,
      perService: fold.perService,
      applications: fold.applications,
      timelineRows: fold.timelineRows,
      dossierRowsWritten: fold.dossierRowsWritten,
      seconds: (performance.now() - started) / 1000,
      checkpoints,
    },
  };
}
