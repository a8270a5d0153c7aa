import type { SqlDriver } from '@onedoor/event-store';
import { JSON_OPTION, UsageError, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';
import type { DossierDiff, TimelineDiff } from '../replay/diff';
import type { DossierFold, RebuildResult } from '../replay/rebuild';
import type { SwapResult } from '../replay/swap';
import type { ServiceStore } from '../stores';

const LIVE_SCHEMA = 'intake';
const SHADOW_SCHEMA = `${LIVE_SCHEMA}_shadow`;

type From = { kind: 'time'; at: Date } | { kind: 'position'; position: bigint };

export function parseFrom(value: string): From {
  if (/^\d+$/.test(value) && value.length < 12) return { kind: 'position', position: BigInt(value) };
  const at = /^\d{12,}$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new UsageError(`--from must be a global position (a number) or a time (ISO 8601, e.g. 2026-11-20T08:00:00Z, or epoch milliseconds); got ${value}`);
  }
  return { kind: 'time', at };
}

/** Applications with a public event recorded after `from` in any store (visible to gap-free readers). */
async function affectedApplications(driver: SqlDriver, stores: ServiceStore[], from: From): Promise<Set<string>> {
  const { quoteSchema } = await import('../infra');
  const ids = new Set<string>();
  for (const s of stores) {
    const condition = from.kind === 'time' ? 'e.recorded_at > $2' : 'e.global_position > $2';
    const { rows } = await driver.query<{ id: string }>(
      `SELECT DISTINCT e.data->>'applicationId' AS id FROM ${quoteSchema(s.schema)}.events e
       WHERE e.type = ANY($1::text[]) AND ${condition} AND e.data ? 'applicationId'
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
      [s.publicTypes, from.kind === 'time' ? from.at.toISOString() : from.position.toString()],
    );
    for (const r of rows) if (r.id) ids.add(r.id);
  }
  return ids;
}

function describeDiff(context: Context, diff: DossierDiff | TimelineDiff, limit: number) {
  const n = diff.missing + diff.extra + diff.different;
  const what = diff.table === 'dossiers' ? (n === 1 ? 'application differs' : 'applications differ') : n === 1 ? 'timeline row differs' : 'timeline rows differ';
  context.print(
    `${diff.table}: ${diff.rebuilt} rebuilt, ${diff.live} live — ${n === 0 ? 'no differences' : `${n} ${what}`}` +
      (n ? ` (missing from live ${diff.missing}, extra in live ${diff.extra}, different ${diff.different})` : ''),
  );
  if (diff.table === 'dossiers' && Object.keys(diff.fieldCounts).length) {
    context.print(`  fields: ${Object.entries(diff.fieldCounts).sort((a, b) => b[1] - a[1]).map(([f, c]) => `${f} ×${c}`).join(', ')}`);
  }
  if (diff.table === 'timeline' && n) context.print(`  in ${diff.applications} application${diff.applications === 1 ? '' : 's'}`);
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  for (const d of diff.differences.slice(0, limit)) {
    if (diff.table === 'dossiers') {
      const dd = d as DossierDiff['differences'][number];
      if (dd.kind === 'missing') context.print(`  + ${dd.applicationId}  missing from live (rebuilt: ${dd.status?.rebuilt})`);
      else if (dd.kind === 'extra') context.print(`  - ${dd.applicationId}  extra in live (live: ${dd.status?.live}; no events for it)`);
      else {
        context.print(`  ≠ ${dd.applicationId}`);
        for (const f of dd.fields ?? []) context.print(`      ${f.field}: live ${show(f.live)} → rebuilt ${show(f.rebuilt)}`);
      }
    } else {
      const td = d as TimelineDiff['differences'][number];
      const sign = td.kind === 'missing' ? '+' : td.kind === 'extra' ? '-' : '≠';
      context.print(`  ${sign} ${td.applicationId} ${td.service} ${td.type} ${td.eventId}${td.kind === 'different' ? `: ${(td.fields ?? []).map((f) => f.field).join(', ')}` : ` (${td.kind === 'missing' ? 'missing from live' : 'extra in live'})`}`);
    }
  }
  const shown = Math.min(limit, diff.differences.length);
  if (n > shown) context.print(`  … ${n - shown} more (--limit N, or --json for all)`);
}

export const replayCommand: CommandSpec<Context> = {
  path: ['replay'],
  summary: 'rebuild the dossier and/or timeline read models from every store into a shadow schema, diff against the live tables, optionally swap',
  description: [
    'Reads the events tables of the five services gap-free (readAll, in pages), merges them by time, folds them with the live',
    "projection's own code (@onedoor/intake) and writes intake_shadow.dossiers / .timeline in bulk. Then compares them with",
    'intake.dossiers / intake.timeline: applications missing from live, extra in live, and different (field by field; updatedAt',
    'and the order of grants are not compared). With --swap, both tables are promoted together (the timeline is the dossier\'s',
    'idempotency guard, so they must agree): in one transaction the live tables are locked against writes, events that arrived',
    'meanwhile are folded in, the live tables move to intake_old_<timestamp> (kept for rollback) and the rebuilt ones take',
    'their place. --from limits the rebuild to applications with events recorded after a time (or a global position of',
    'each store); those applications are rebuilt in full and, with --swap, only their rows are replaced.',
  ].join('\n'),
  args: [{ name: 'projection', description: 'what to rebuild and compare', required: true, choices: ['dossier', 'timeline', 'all'] }],
  options: [
    { name: 'from', type: 'string', valueName: 'position|time', description: 'only applications with events recorded after this time (ISO 8601) or global position' },
    { name: 'swap', type: 'boolean', description: 'promote the rebuilt tables (both of them) after the diff' },
    { name: 'limit', type: 'number', valueName: 'n', description: 'differences listed per table (default 20; --json: all)' },
    { name: 'batch-size', type: 'number', valueName: 'n', description: 'events per read (default 5000)' },
    JSON_OPTION,
  ],
  examples: ['onedoor replay dossier', 'onedoor replay all --from 2026-11-20T00:00:00+08:00 --json', 'onedoor replay all --swap'],
  async run(context, { args, options }) {
    const projection = args.projection as 'dossier' | 'timeline' | 'all';
    const doSwap = !!options.swap;
    const limit = options.limit !== undefined ? Number(options.limit) : context.json ? Infinity : 20;
    const batchSize = Number(options['batch-size'] ?? 5000);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new UsageError('--batch-size must be an integer from 1 to 100000');
    if (!(limit >= 0)) throw new UsageError('--limit must be a number ≥ 0');
    const from = options.from !== undefined ? parseFrom(String(options.from)) : undefined;
    // --swap always rebuilds both: promoting one without the other would let the live projection
    // apply events twice (dossier newer than its guard) or never (guard newer than the dossier).
    const tables = { dossiers: doSwap || projection !== 'timeline', timeline: doSwap || projection !== 'dossier' };

    // The services' code comes with these; loaded here so that other commands start quickly.
    const [{ countEvents, openDatabase }, { serviceStores }, { rebuild }, { diffDossiers, diffTimeline }, { swap }] = await Promise.all([
      import('../infra'), import('../stores'), import('../replay/rebuild'), import('../replay/diff'), import('../replay/swap'),
    ]);
    const db = await openDatabase(context.io);
    let lock: { release(): Promise<void> } | undefined;
    try {
      lock = await replayLock(db.driver);
      const { stores, absent } = await serviceStores(context.io, db.driver);
      if (stores.length === 0) throw new Error(`no event store found in ${db.where} (none of the services has run against it)`);
      if (absent.length) context.warn(`note: no event store for ${absent.join(', ')} in ${db.where}`);

      let scope: Set<string> | undefined;
      if (from) {
        scope = await affectedApplications(db.driver, stores, from);
        context.print(`--from ${from.kind === 'time' ? from.at.toISOString() : `position ${from.position}`}: ${scope.size} applications with events since`);
      }
      const totals = await Promise.all(stores.map((s) => countEvents(db.driver, s.schema)));
      const total = totals.reduce((a, b) => a + b, 0);
      context.print(`replay ${projection} from ${stores.length} stores in ${db.where} (${total} events) into ${SHADOW_SCHEMA}`);
      const bar = context.progress('rebuild', total);
      let rebuilt: RebuildResult;
      let fold: DossierFold;
      try {
        ({ result: rebuilt, fold } = await rebuild({
          driver: db.driver, stores, shadowSchema: SHADOW_SCHEMA, tables, scope, batchSize, onProgress: (n) => bar.update(n),
        }));
      } finally {
        bar.stop();
      }
      context.print(
        `rebuilt ${rebuilt.applications} applications from ${rebuilt.folded} public events (${rebuilt.read} read) in ${rebuilt.seconds.toFixed(1)} s ` +
          `(${Math.round(rebuilt.read / Math.max(rebuilt.seconds, 0.001))} events/s)`,
      );
      context.print(`  ${Object.entries(rebuilt.perService).map(([s, c]) => `${s} ${c.folded}/${c.read}`).join(' · ')}`);

      const liveExists = !!(await db.driver.query<{ r: string | null }>(`SELECT to_regclass('${LIVE_SCHEMA}.dossiers') AS r`)).rows[0]?.r;
      const scopeIds = scope ? [...scope] : undefined;
      const diff: { dossiers?: DossierDiff; timeline?: TimelineDiff } = {};
      if (liveExists) {
        if (projection !== 'timeline') diff.dossiers = await diffDossiers(db.driver, LIVE_SCHEMA, SHADOW_SCHEMA, { scope: scopeIds, limit });
        if (projection !== 'dossier') diff.timeline = await diffTimeline(db.driver, LIVE_SCHEMA, SHADOW_SCHEMA, { scope: scopeIds, limit });
        for (const d of [diff.dossiers, diff.timeline]) if (d) describeDiff(context, d, limit);
      } else context.print(`no live tables in ${LIVE_SCHEMA}: nothing to compare`);

      let swapped: SwapResult | undefined;
      if (doSwap) {
        if (projection !== 'all') context.print(`--swap promotes the dossiers and the timeline together`);
        swapped = await swap({ driver: db.driver, liveSchema: LIVE_SCHEMA, shadowSchema: SHADOW_SCHEMA, stores, fold, checkpoints: rebuilt.checkpoints, scope: scopeIds, batchSize });
        context.print(
          swapped.mode === 'tables'
            ? `swapped: ${LIVE_SCHEMA}.dossiers (${swapped.dossiers} rows) and ${LIVE_SCHEMA}.timeline (${swapped.timeline} rows) are the rebuilt tables`
            : `swapped: ${swapped.dossiers} dossier rows and ${swapped.timeline} timeline rows of ${scope!.size} applications replaced`,
        );
        context.print(`  ${swapped.caughtUp} events arrived during the rebuild and were folded in under the lock; ${swapped.seconds.toFixed(2)} s`);
        context.print(`  previous ${swapped.mode === 'tables' ? 'tables' : 'rows'} kept in ${swapped.backupSchema}; to roll back:`);
        for (const line of swapped.rollback.split('\n')) context.print(`    ${line}`);
      } else if (liveExists) context.print(`the rebuilt tables stay in ${SHADOW_SCHEMA} (--swap promotes them)`);

      if (context.json) {
        context.emit({
          command: 'replay', projection, database: db.where, shadowSchema: SHADOW_SCHEMA,
          from: from ? (from.kind === 'time' ? { time: from.at.toISOString() } : { position: from.position.toString() }) : null,
          scope: scope ? { applications: scope.size } : null,
          rebuilt, diff, swap: swapped ?? null,
        });
      }
      return 0;
    } finally {
      await lock?.release();
      await db.close();
    }
  },
};

/** One replay at a time per database: they share the shadow schema. */
async function replayLock(driver: SqlDriver): Promise<{ release(): Promise<void> } | undefined> {
  if (driver.kind !== 'postgres') return undefined; // PGlite: one process, one connection
  const pool = (driver as unknown as { pool: import('pg').Pool }).pool;
  const client = await pool.connect();
  const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('onedoor-replay:${LIVE_SCHEMA}')) AS ok`);
  if (!rows[0].ok) {
    client.release();
    throw new Error('another `onedoor replay` is running against this database');
  }
  return {
    async release() {
      await client.query(`SELECT pg_advisory_unlock(hashtext('onedoor-replay:${LIVE_SCHEMA}'))`).catch(() => undefined);
      client.release();
    },
  };
}
