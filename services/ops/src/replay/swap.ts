/**
 * Promotes a rebuilt shadow without downtime. In one transaction: lock the live tables against
 * writes (reads go on), fold the events that arrived since the rebuild read the stores into the
 * shadow, then either move whole tables (the live ones into a backup schema, the shadow ones into
 * the live schema) or, for a partial rebuild, replace the rebuilt applications' rows (the old rows
 * copied into the backup schema first). The backup is left for rollback.
 *
 * Why the catch-up makes this exact: the live projection applies an event at most once, guarded
 * by its timeline row. Under the lock, every event the live projection has applied was published
 * by a relay, so it is committed and visible to the catch-up; after the swap, events published
 * later find no timeline row in the promoted table and are applied on top of it, once.
 */
import { EventStore, quoteSchema, type Checkpoint, type SqlDriver, type SqlExecutor } from '@onedoor/event-store';
import { DossierTables } from '@onedoor/intake';
import type { ServiceStore } from '../stores';
import { foldStores, type DossierFold } from './rebuild';

export interface SwapOptions {
  driver: SqlDriver;
  liveSchema: string;
  shadowSchema: string;
  stores: ServiceStore[];
  fold: DossierFold;
  /** Where the rebuild stopped reading, per service. */
  checkpoints: Record<string, Checkpoint>;
  /** Partial rebuild: only these applications' rows are replaced. */
  scope?: readonly string[];
  batchSize?: number;
  now?: Date;
}

export interface SwapResult {
  mode: 'tables' | 'rows';
  /** Schema holding the replaced tables (or rows). */
  backupSchema: string;
  /** Events folded under the lock, after the rebuild had read the stores. */
  caughtUp: number;
  /** Rows now in the live tables (whole tables) or rows replaced (partial). */
  dossiers: number;
  timeline: number;
  seconds: number;
  /** SQL that puts the previous state back. */
  rollback: string;
}

const TABLES = ['timeline', 'dossiers'] as const; // the live projection's lock order

export async function swap(options: SwapOptions): Promise<SwapResult> {
  const started = performance.now();
  const { driver } = options;
  const live = quoteSchema(options.liveSchema);
  const shadow = quoteSchema(options.shadowSchema);
  const stamp = (options.now ?? new Date()).toISOString().replace(/\D/g, '').slice(0, 14);
  const partial = options.scope !== undefined;

  // The shadow was written without WAL; it must be durable before it is promoted. This rewrites
  // it, outside the lock.
  if (!partial) await driver.exec(TABLES.map((t) => `ALTER TABLE ${shadow}.${t} SET LOGGED;`).join(' '));

  return driver.transaction(async (tx) => {
    const exists = async (t: string) =>
      !!(await tx.query<{ r: string | null }>(`SELECT to_regclass($1) AS r`, [`${live}.${t}`])).rows[0]?.r;
    const liveExists = (await Promise.all(TABLES.map(exists))).every(Boolean);
    if (liveExists) await tx.query(`LOCK TABLE ${TABLES.map((t) => `${live}.${t}`).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    else if (partial) throw new Error(`${options.liveSchema}.dossiers and .timeline do not exist: a partial swap needs them (rebuild without --from)`);

    const caughtUp = await catchUp(tx, options);

    // Two swaps within one second must not collide on the backup's name.
    const backupSchema = await freeSchemaName(tx, `${options.liveSchema}_old_${stamp}`);
    const backup = quoteSchema(backupSchema);
    await tx.exec(`CREATE SCHEMA ${backup}`);
    let dossiers = 0;
    let timeline = 0;
    let rollback: string;
    if (!partial) {
      for (const t of TABLES) {
        if (liveExists) await tx.exec(`ALTER TABLE ${live}.${t} SET SCHEMA ${backup}`);
        await tx.exec(`ALTER TABLE ${shadow}.${t} SET SCHEMA ${live}`);
      }
      await tx.exec(`DROP SCHEMA ${shadow}`);
      dossiers = await count(tx, `${live}.dossiers`);
      timeline = await count(tx, `${live}.timeline`);
      const replaced = quoteSchema(backupSchema.replace('_old_', '_replaced_'));
      rollback = [
        'BEGIN;',
        `CREATE SCHEMA ${replaced};`,
        ...TABLES.map((t) => `ALTER TABLE ${live}.${t} SET SCHEMA ${replaced};`),
        ...(liveExists ? TABLES.map((t) => `ALTER TABLE ${backup}.${t} SET SCHEMA ${live};`) : []),
        'COMMIT;',
      ].join('\n');
    } else {
      const ids = [...options.scope!];
      for (const t of TABLES) {
        await tx.query(`CREATE TABLE ${backup}.${t} AS SELECT * FROM ${live}.${t} WHERE application_id = ANY($1::text[])`, [ids]);
        await tx.query(`DELETE FROM ${live}.${t} WHERE application_id = ANY($1::text[])`, [ids]);
        const columns = await columnsOf(tx, options.shadowSchema, t);
        const { rows } = await tx.query<{ n: string }>(
          `WITH moved AS (INSERT INTO ${live}.${t} (${columns}) SELECT ${columns} FROM ${shadow}.${t} WHERE application_id = ANY($1::text[]) RETURNING 1)
           SELECT count(*)::text AS n FROM moved`,
          [ids],
        );
        if (t === 'dossiers') dossiers = Number(rows[0].n);
        else timeline = Number(rows[0].n);
      }
      rollback = [
        'BEGIN;',
        ...TABLES.flatMap((t) => [
          `DELETE FROM ${live}.${t} WHERE application_id IN (SELECT application_id FROM ${backup}.${t}_scope);`,
          `INSERT INTO ${live}.${t} SELECT * FROM ${backup}.${t};`,
        ]),
        'COMMIT;',
      ].join('\n');
      // The applications replaced, even those without a row before (so a rollback removes them).
      for (const t of TABLES) {
        await tx.query(`CREATE TABLE ${backup}.${t}_scope AS SELECT unnest($1::text[]) AS application_id`, [ids]);
      }
    }
    return { mode: partial ? 'rows' : 'tables', backupSchema, caughtUp, dossiers, timeline, seconds: (performance.now() - started) / 1000, rollback };
  });
}

/** Folds into the shadow, inside the swap's transaction, what the stores received since the rebuild read them. */
async function catchUp(tx: SqlExecutor, options: SwapOptions): Promise<number> {
  const views = new Map(options.stores.map((s) => [s.service, new EventStore(s.store.driver, s.store.options, tx)]));
  const before = options.fold.folded;
  options.fold.retarget(new DossierTables(tx, options.shadowSchema));
  await foldStores(options.fold, options.stores, { batchSize: options.batchSize ?? 5000, after: options.checkpoints, views });
  await options.fold.flush();
  return options.fold.folded - before;
}

async function freeSchemaName(tx: SqlExecutor, base: string): Promise<string> {
  const { rows } = await tx.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${base}%`]);
  const taken = new Set(rows.map((r) => r.nspname));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

async function count(tx: SqlExecutor, table: string): Promise<number> {
  return Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0].n);
}

async function columnsOf(tx: SqlExecutor, schema: string, table: string): Promise<string> {
  const { rows } = await tx.query<{ c: string }>(
    `SELECT quote_ident(column_name) AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => r.c).join(', ');
}
