/**
 * Event store append throughput against plain INSERTs of the same rows, same concurrency, same run.
 * Env: BENCH_OPS (default 20000), BENCH_CONCURRENCY (16), DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { EventStore, PostgresDriver, canonicalEvent, chainHash, GENESIS_HASH } from '@onedoor/event-store';
import { benchDatabaseUrl, concurrently, time } from './bench-env';

const ops = Number(process.env.BENCH_OPS ?? 20_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

const data = (i: number) => ({ applicationId: `app-${i}`, amountFen: 240000, department: 'temporary-aid' });
const metadata = { correlationId: 'bench', actor: { sub: 'bench', role: 'caseworker' }, jurisdiction: '321323100' };

async function main() {
  const driver = new PostgresDriver({ connectionString: benchDatabaseUrl(), max: concurrency });
  const schema = `bench_store_${Date.now().toString(36)}`;
  const store = new EventStore(driver, { schema });
  await store.migrate();
  // The baseline: the same columns, a plain identity key, no constraints or hash chain.
  await driver.exec(`CREATE TABLE "${schema}".raw_events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL,
      stream_version integer NOT NULL, event_id text NOT NULL, type text NOT NULL, schema_version integer NOT NULL,
      data jsonb NOT NULL, metadata jsonb NOT NULL, occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(), prev_hash bytea NOT NULL, hash bytea NOT NULL)`);

  const rawInsert = async (i: number) => {
    const eventId = randomUUID();
    const occurredAt = new Date().toISOString();
    const hash = chainHash(GENESIS_HASH, `raw-${i}`, 1, canonicalEvent({ eventId, type: 'AidGranted', schemaVersion: 1, occurredAt, data: data(i), metadata }));
    await driver.query(
      `INSERT INTO "${schema}".raw_events (stream_id, stream_version, event_id, type, schema_version, data, metadata,
         occurred_at, prev_hash, hash) VALUES ($1, 1, $2, 'AidGranted', 1, $3, $4, $5, decode($6, 'hex'), decode($7, 'hex'))`,
      [`raw-${i}-${eventId}`, eventId, data(i), metadata, occurredAt, GENESIS_HASH, hash],
    );
  };

  console.log(`store bench: ${ops} operations per phase, ${concurrency} concurrent writers, schema ${schema}`);
  await concurrently(concurrency, 2000, rawInsert); // warm-up
  await concurrently(concurrency, 2000, (i) => store.append(`warm-${i}`, [{ type: 'AidGranted', data: data(i), metadata }], { expectedVersion: 0 }).then(() => undefined));

  // Store and baseline phases alternate in rounds so that load from anything else on the
  // machine falls on both alike.
  const rounds = 5;
  const per = Math.floor(ops / rounds);
  const seconds = { raw: 0, newStream: 0, existing: 0, batch10: 0 };
  const versions = new Array(concurrency).fill(0);
  let seq = 0;
  for (let r = 0; r < rounds; r++) {
    seconds.raw += await time(() => concurrently(concurrency, per, () => rawInsert(seq++)));
    seconds.newStream += await time(() =>
      concurrently(concurrency, per, async () => {
        const i = seq++;
        await store.append(`new-${i}`, [{ type: 'AidGranted', data: data(i), metadata }], { expectedVersion: 0 });
      }),
    );
    seconds.existing += await time(async () => {
      let next = 0;
      await Promise.all(
        versions.map(async (_, w) => {
          while (next++ < per) {
            await store.append(`existing-${w}`, [{ type: 'AidGranted', data: data(w), metadata }], {
              expectedVersion: versions[w],
            });
            versions[w]++;
          }
        }),
      );
    });
    seconds.batch10 += await time(() =>
      concurrently(concurrency, per / 10, async () => {
        const i = seq++;
        await store.append(`batch-${i}`, Array.from({ length: 10 }, () => ({ type: 'AidGranted', data: data(i), metadata })), {
          expectedVersion: 0,
        });
      }),
    );
  }
  const rate = (s: number) => Math.round((per * rounds) / s);
  const rawInsertPerSec = rate(seconds.raw);
  const newStream = rate(seconds.newStream);
  const existing = rate(seconds.existing);
  const batch10 = rate(seconds.batch10);
  console.log(`raw INSERT (baseline)                     ${rawInsertPerSec}/s`);
  console.log(`append: one event to a new stream         ${newStream}/s`);
  console.log(`append: one event to an existing stream   ${existing}/s`);
  console.log(`append: batches of 10 (events/s)          ${batch10}/s`);
  const ratio = Number((newStream / rawInsertPerSec).toFixed(3));
  console.log(`ratio new-stream / raw = ${ratio} (target ≥ 0.8)`);
  await driver.exec(`DROP SCHEMA "${schema}" CASCADE`);
  await driver.close();
  console.log(
    JSON.stringify({
      bench: 'store',
      newStreamPerSec: newStream,
      existingStreamPerSec: existing,
      batch10PerSec: batch10,
      rawInsertPerSec,
      ratio,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
