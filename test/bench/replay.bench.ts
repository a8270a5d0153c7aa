/**
 * Replay throughput: rebuilding the dossier projection from the five event stores with the code of
 * `onedoor replay` (gap-free reads, merge, in-place fold, bulk writes into a shadow schema),
 * against a plain sequential SELECT of the same rows (same batch size, same driver), same run.
 * Env: BENCH_EVENTS (default 1000000), BENCH_BATCH (5000), BENCH_ROUNDS (2), DATABASE_URL (a
 * server on which a fresh database is created and dropped; BENCH_KEEP=1 keeps it, BENCH_DATABASE=<name>
 * reuses a kept one without generating).
 */
import { Client } from 'pg';
import { PostgresDriver, quoteSchema, START } from '@onedoor/event-store';
import { rebuild } from '../../services/ops/src/replay/rebuild';
import { serviceStores } from '../../services/ops/src/stores';
import { benchDatabaseUrl, time } from './bench-env';
import { generateStores } from './replay-data';

const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 5000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

/** The columns readAll selects, in its order, without its snapshot condition or row mapping. */
const COLUMNS = `event_id, type, schema_version, stream_id, stream_version, global_position::text AS global_position,
  transaction_id::text AS transaction_id, occurred_at, data, metadata, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash`;

async function rawScan(driver: PostgresDriver, schemas: string[]): Promise<number> {
  let rows = 0;
  for (const schema of schemas) {
    let after = START.split(':');
    for (;;) {
      const page = await driver.query<{ transaction_id: string; global_position: string }>(
        `SELECT ${COLUMNS} FROM ${quoteSchema(schema)}.events e
         WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
         ORDER BY e.transaction_id, e.global_position LIMIT $3`,
        [after[0], after[1], batchSize],
      );
      rows += page.rows.length;
      if (page.rows.length < batchSize) break;
      const last = page.rows[page.rows.length - 1];
      after = [last.transaction_id, last.global_position];
    }
  }
  return rows;
}

async function main() {
  const server = benchDatabaseUrl();
  const reuse = process.env.BENCH_DATABASE;
  const name = reuse ?? `onedoor_bench_replay_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  if (!reuse) await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const driver = new PostgresDriver({ connectionString: url.toString(), max: 8 });
  try {
    console.log(`replay bench: ${total} events, batches of ${batchSize}, database ${name}`);
    if (!reuse) {
      const genStarted = performance.now();
      let shown = 0;
      const generated = await generateStores(driver, total, (n) => {
        if (n - shown >= 100_000) {
          shown = n;
          process.stderr.write(`  generated ${n} events\r`);
        }
      });
      await driver.exec('VACUUM ANALYZE');
      console.log(`generated ${generated.events} events of ${generated.applications} applications in ${((performance.now() - genStarted) / 1000).toFixed(1)} s (not timed)`);
    }

    const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
    const { stores } = await serviceStores(io, driver);
    const schemas = stores.map((s) => s.schema);
    const events = await rawScan(driver, schemas); // warm-up: both phases find the pages cached
    let rawSeconds = 0;
    let replaySeconds = 0;
    let result: Awaited<ReturnType<typeof rebuild>>['result'] | undefined;
    for (let r = 0; r < rounds; r++) {
      rawSeconds += await time(async () => {
        const n = await rawScan(driver, schemas);
        if (n !== events) throw new Error(`raw scan read ${n} rows, expected ${events}`);
      });
      replaySeconds += await time(async () => {
        ({ result } = await rebuild({ driver, stores, shadowSchema: 'intake_shadow', tables: { dossiers: true, timeline: false }, batchSize }));
      });
      if (result!.read !== events) throw new Error(`replay read ${result!.read} events, expected ${events}`);
    }
    const { rows } = await driver.query<{ n: string; settled: string }>(
      `SELECT count(*)::text AS n, count(*) FILTER (WHERE status = 'settled')::text AS settled FROM intake_shadow.dossiers`,
    );
    const replayPerSec = Math.round((events * rounds) / replaySeconds);
    const rawScanPerSec = Math.round((events * rounds) / rawSeconds);
    const ratio = Number((replayPerSec / rawScanPerSec).toFixed(3));
    console.log(`raw sequential SELECT           ${events} rows × ${rounds} in ${rawSeconds.toFixed(2)} s → ${rawScanPerSec}/s`);
    console.log(`replay (dossier projection)     ${events} events × ${rounds} in ${replaySeconds.toFixed(2)} s → ${replayPerSec}/s`);
    console.log(`  folded ${result!.folded} public events into ${result!.applications} dossiers (${rows[0].settled} settled, ${rows[0].n} rows), ${result!.dossierRowsWritten} row writes`);
    console.log(`  ratio replay / raw scan: ${ratio} (targets: ≥ 50000 events/s, ratio ≥ 0.5)`);
    console.log(JSON.stringify({ bench: 'replay', replayPerSec, rawScanPerSec, ratio }));
  } finally {
    await driver.close();
    if (process.env.BENCH_KEEP !== '1' && !reuse) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
