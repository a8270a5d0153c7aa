/**
 * The broker goes away under load: the five services run on a Kafka broker of the test's own (and
 * a fresh database on the shared PostgreSQL); applications arrive concurrently; the broker is
 * killed with SIGKILL, stays away about 15 s, and is started again on the same data. Submissions
 * go on while it is away (the store is the outbox); readiness says "not ready" while it is away;
 * afterwards the relays catch up, the consumers resume, and every application ends where the
 * worked examples put it, every grant paid exactly once, nothing dead-lettered, no process lost.
 */
import {
  createDatabase, freePortBlock, runLoad, startDisposableKafka, startDistributed, watchReadiness, type ApiClient, type Cluster, type DisposableKafka,
} from '@onedoor/testing';
import { People, townships } from '../support/applications';
import { submit } from '../support/onedoor';
import { allocateBudgets, applicationMix, caseworker, checkEndState, finance, prefixFor, type Kind } from './system';

jest.setTimeout(300_000);

const topicPrefix = prefixFor('fkafka');
const people = new People();
const [TOWNSHIP] = townships(1);
/** The broker stays down this long, then takes some seconds to start: about 15 s away in all. */
const DOWN_MS = 6_000;

let kafka: DisposableKafka;
let databaseUrl: string;
let cluster: Cluster;
let intake: ApiClient;
let funding: ApiClient;

beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must be set (run through node tools/test.js)');
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = '/postgres';
  [kafka, databaseUrl] = await Promise.all([startDisposableKafka(), createDatabase(server.toString(), 'kafka')]);
  cluster = await startDistributed({
    basePort: await freePortBlock(), databaseUrl, kafkaBrokers: kafka.brokers, topicPrefix, label: 'fault-kafka', env: { ONEDOOR_DEADLINE_SCAN_MS: '0' },
  });
  intake = caseworker(cluster.urls.intake);
  funding = finance(cluster.urls.funding);
  await allocateBudgets(funding, TOWNSHIP);
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  await kafka?.stop();
});

describe('Kafka killed and restarted under load (own broker, five processes, shared PostgreSQL)', () => {
  it('broker SIGKILLed for about 15 s in the middle of 40 submissions → readiness 503 while away; nothing lost, everything paid once', async () => {
    const batch = applicationMix(people, TOWNSHIP, 40);
    const readiness = watchReadiness(Object.values(cluster.urls));
    const outage: Record<string, unknown> = {};
    let duringOutage: Record<string, Record<string, number>> = {};
    const fault = (async () => {
      await new Promise((r) => setTimeout(r, 4_000));
      readiness.reset();
      const t0 = Date.now();
      await kafka.kill();
      await new Promise((r) => setTimeout(r, DOWN_MS));
      const t1 = Date.now();
      await kafka.start();
      duringOutage = structuredClone(readiness.counts);
      Object.assign(outage, { brokerAwayMs: Date.now() - t0, brokerStartMs: Date.now() - t1 });
    })();
    const { stats, outcomes } = await runLoad({ items: batch, spreadMs: 20_000, send: (s, key) => submit(intake, s.body, key) });
    await fault;
    await readiness.stop();

    const submitted: { id: string; kind: Kind }[] = batch.map((s, i) => ({ id: outcomes[i].response?.body?.applicationId as string, kind: s.kind }));
    const readyDuringOutage = Object.fromEntries(Object.entries(duringOutage).map(([url, counts]) => [url.replace(/^http:\/\/127\.0\.0\.1:/, ':'), counts]));
    await checkEndState({
      name: 'kafka-sigkill', cluster, databaseUrl, kafkaBrokers: kafka.brokers, topicPrefix, township: TOWNSHIP, intake, funding, submitted, stats,
      extra: { ...outage, readyDuringOutage }, settleTimeoutMs: 180_000,
    });
    // While the broker was away, every service said so on /health/ready at least once.
    const notReady = Object.entries(duringOutage).filter(([, counts]) => !(counts['503'] > 0)).map(([url, counts]) => `${url}: ${JSON.stringify(counts)}`);
    expect(notReady).toEqual([]);
  });
});
