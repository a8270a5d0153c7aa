/**
 * PostgreSQL goes away under load: the five services run on a PostgreSQL server of the test's own
 * (and the shared Kafka), applications arrive concurrently, and in the middle the server is
 * restarted (`pg_ctl restart -m fast`), then later its postmaster is killed with SIGKILL and
 * started again a few seconds after. Clients may see 503 (with Retry-After) and retry with the
 * same Idempotency-Key; nobody sees a 500, no process dies, nothing good is dead-lettered, and in
 * the end every application is where the worked examples put it, every grant paid exactly once.
 */
import {
  createDatabase, freePortBlock, runLoad, startDisposablePostgres, startDistributed, watchReadiness, type ApiClient, type Cluster, type DisposablePostgres,
  type ReadinessWatch,
} from '@onedoor/testing';
import { People, townships } from '../support/applications';
import { submit } from '../support/onedoor';
import { allocateBudgets, applicationMix, caseworker, checkEndState, finance, prefixFor, type Kind } from './system';

jest.setTimeout(300_000);

const kafkaBrokers = process.env.KAFKA_BROKERS!;
const topicPrefix = prefixFor('fpg');
const people = new People();
const [TOWNSHIP] = townships(1);

let postgres: DisposablePostgres;
let databaseUrl: string;
let cluster: Cluster;
let intake: ApiClient;
let funding: ApiClient;
const submitted: { id: string; kind: Kind }[] = [];

beforeAll(async () => {
  if (!kafkaBrokers) throw new Error('KAFKA_BROKERS must be set (run through node tools/test.js)');
  postgres = await startDisposablePostgres();
  databaseUrl = await createDatabase(postgres.serverUrl, 'pg');
  cluster = await startDistributed({
    basePort: await freePortBlock(), databaseUrl, kafkaBrokers, topicPrefix, label: 'fault-postgres', env: { ONEDOOR_DEADLINE_SCAN_MS: '0' },
  });
  intake = caseworker(cluster.urls.intake);
  funding = finance(cluster.urls.funding);
  await allocateBudgets(funding, TOWNSHIP);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await postgres?.stop();
});

/** Submits `n` applications over `spreadMs` while `fault` runs `faultAfterMs` into the load; checks the end state. */
async function underLoad(name: string, n: number, spreadMs: number, faultAfterMs: number, fault: () => Promise<void>): Promise<ReadinessWatch> {
  const batch = applicationMix(people, TOWNSHIP, n);
  const readiness = watchReadiness(Object.values(cluster.urls));
  const faultTimes: Record<string, number> = {};
  const faultDone = (async () => {
    await new Promise((r) => setTimeout(r, faultAfterMs));
    const t0 = Date.now();
    await fault();
    faultTimes.faultMs = Date.now() - t0;
  })();
  const { stats, outcomes } = await runLoad({
    items: batch,
    spreadMs,
    send: (s, key) => submit(intake, s.body, key),
  });
  await faultDone;
  await readiness.stop();

  const ids = outcomes.map((o) => o.response?.body?.applicationId as string);
  submitted.push(...batch.map((s, i) => ({ id: ids[i], kind: s.kind })));
  await checkEndState({ name, cluster, databaseUrl, kafkaBrokers, topicPrefix, township: TOWNSHIP, intake, funding, submitted, stats, readiness, extra: faultTimes });
  return readiness;
}

describe('PostgreSQL restarted and killed under load (own server, five processes, shared Kafka)', () => {
  it('pg_ctl restart -m fast in the middle of 48 submissions → no 500, nothing lost, everything paid once', async () => {
    await underLoad('postgres-restart-fast', 48, 10_000, 4_000, () => postgres.restart('fast'));
  });

  it('postmaster killed with SIGKILL, started 4 s later, in the middle of 32 submissions → the same', async () => {
    const readiness = await underLoad('postgres-sigkill', 32, 8_000, 3_000, async () => {
      await postgres.kill();
      await new Promise((r) => setTimeout(r, 4_000));
      await postgres.start();
    });
    // Four seconds without a database: every service said it was not ready at least once.
    expect(Object.entries(readiness.counts).filter(([, counts]) => !(counts['503'] > 0)).map(([url, counts]) => `${url}: ${JSON.stringify(counts)}`)).toEqual([]);
  });
});
