/**
 * Two instances of every service (topics of four partitions, so each consumer group spreads over
 * both), a fresh database on the shared PostgreSQL and the shared Kafka. Applications arrive
 * spread over both intake instances; mid-burst, for every service, the instance whose relay is
 * the active one is killed with SIGKILL. The other instance's relay takes over, its consumers take
 * the partitions over, clients retry on the surviving intake with the same Idempotency-Key, and in
 * the end every application settles, every grant is paid once, and each topic holds each event
 * once — one active relay per store, not two publishing side by side — with `onedoor verify` clean.
 */
import { Client } from 'pg';
import { EVENTS_BY_SERVICE } from '@onedoor/contracts';
import { createDatabase, freePortBlock, runLoad, SERVICE_NAMES, startDistributed, type ApiClient, type Cluster, type ServiceName } from '@onedoor/testing';
import { People, townships } from '../support/applications';
import { submit } from '../support/onedoor';
import { allocateBudgets, applicationMix, caseworker, checkEndState, finance, prefixFor, storeVsTopics, type Kind } from './system';

jest.setTimeout(360_000);

const kafkaBrokers = process.env.KAFKA_BROKERS!;
const topicPrefix = prefixFor('f2x');
const people = new People();
const [TOWNSHIP] = townships(1);

let databaseUrl: string;
let cluster: Cluster;
let funding: ApiClient;

beforeAll(async () => {
  if (!kafkaBrokers || !process.env.DATABASE_URL) throw new Error('DATABASE_URL and KAFKA_BROKERS must be set (run through node tools/test.js)');
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = '/postgres';
  databaseUrl = await createDatabase(server.toString(), 'twox');
  cluster = await startDistributed({
    basePort: await freePortBlock(16),
    databaseUrl, kafkaBrokers, topicPrefix, instances: 2, label: 'fault-two-instances', healthTimeoutMs: 150_000,
    env: { ONEDOOR_DEADLINE_SCAN_MS: '0', ONEDOOR_TOPIC_PARTITIONS: '4' },
  });
  funding = finance(cluster.urls.funding);
  await allocateBudgets(funding, TOWNSHIP);
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
});

/** The relay state each instance of a service reports on /health ('running', 'standby (reason)', …). */
async function relayStates(service: ServiceName): Promise<string[]> {
  return Promise.all(
    cluster.instanceUrls[service].map(async (url) => {
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
        const body = (await res.json()) as { services?: { relay?: string; relayStatus?: { reason?: string } }[] };
        return body.services?.map((s) => (s.relay === 'running' || !s.relayStatus?.reason ? s.relay : `${s.relay} (${s.relayStatus.reason})`)).join('+') ?? `status ${res.status}`;
      } catch (e) {
        return `no answer (${(e as Error).message})`;
      }
    }),
  );
}

/**
 * Per service, the index of the one live instance whose relay runs, once exactly one does and the
 * other live ones are on standby; or, after `timeoutMs`, what each instance said.
 */
async function activeRelays(timeoutMs: number, dead: (service: ServiceName, instance: number) => boolean = () => false) {
  const active = {} as Record<ServiceName, number>;
  const stuck: Record<string, string[]> = {};
  await Promise.all(
    SERVICE_NAMES.map(async (service) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await relayStates(service);
        const live = states.map((s, i) => ({ s, i })).filter(({ i }) => !dead(service, i));
        const running = live.filter(({ s }) => s === 'running');
        if (running.length === 1 && live.every(({ s }) => s === 'running' || s.startsWith('standby'))) {
          active[service] = running[0].i;
          return;
        }
        if (Date.now() > deadline) {
          stuck[service] = states;
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }),
  );
  return { active, stuck };
}

/** Who holds the advisory locks of the test's database (pid, client port, state, last query). */
async function advisoryLocks(): Promise<string[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const r = await pg.query<{ pid: number; granted: boolean; objid: string; client_port: number; state: string; query: string }>(
      `SELECT l.pid, l.granted, l.objid::text, a.client_port, a.state, left(a.query, 80) AS query
         FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND a.datname = current_database()`,
    );
    return r.rows.map((x) => `pid ${x.pid} port ${x.client_port} ${x.granted ? 'holds' : 'waits'} ${x.objid} (${x.state}: ${x.query})`);
  } finally {
    await pg.end();
  }
}

describe('two instances of every service, the active one of each killed mid-burst (PostgreSQL, Kafka, 4 partitions)', () => {
  it('60 applications over both intake instances; the active relay instance of every service SIGKILLed → every application settles, paid once, each event once per topic', async () => {
    const before = await activeRelays(30_000);
    expect({ stuck: before.stuck, locks: Object.keys(before.stuck).length ? await advisoryLocks() : [] }).toEqual({ stuck: {}, locks: [] });
    const active = before.active;
    const batch = applicationMix(people, TOWNSHIP, 60);
    const intakes = cluster.instanceUrls.intake.map((url) => caseworker(url));
    const killed = new Set<string>();
    const fault: Record<string, unknown> = { killed: Object.entries(active).map(([s, i]) => `${s}#${i}`) };
    const killing = (async () => {
      await new Promise((r) => setTimeout(r, 5_000));
      const t0 = Date.now();
      await Promise.all(SERVICE_NAMES.map(async (service) => {
        killed.add(`${service}#${active[service]}`);
        await cluster.kill(service, active[service]);
      }));
      fault.killMs = Date.now() - t0;
      // The survivors' relays take over.
      const t1 = Date.now();
      const after = await activeRelays(30_000, (service, i) => i === active[service]);
      fault.takeoverMs = Date.now() - t1;
      fault.relaysAfterKill = after.active;
      if (Object.keys(after.stuck).length) Object.assign(fault, { relaysStuck: after.stuck, advisoryLocks: await advisoryLocks() });
    })();
    const { stats, outcomes } = await runLoad({
      items: batch,
      spreadMs: 12_000,
      // Spread over both instances; a retry goes to the other one.
      send: (s, key, attempt, index) => submit(intakes[(index + attempt) % intakes.length], s.body, key),
    });
    await killing;

    const survivor = (service: ServiceName) => 1 - active[service];
    const intake = intakes[survivor('intake')];
    const submitted: { id: string; kind: Kind }[] = batch.map((s, i) => ({ id: outcomes[i].response?.body?.applicationId as string, kind: s.kind }));
    const { verify } = await checkEndState({
      name: 'two-instances-kill', cluster, databaseUrl, kafkaBrokers, topicPrefix, township: TOWNSHIP, intake, funding: finance(cluster.instanceUrls.funding[survivor('funding')]),
      submitted, stats, except: (p) => killed.has(`${p.service}#${p.instance}`), extra: fault, settleTimeoutMs: 180_000,
    });
    expect(fault.relaysStuck).toBeUndefined();

    // Each topic holds each event once: messages per topic against public events per store. A
    // relay killed between the broker's acknowledgement and its checkpoint may send its last batch
    // again (the inboxes absorb it); two relays publishing side by side would double everything.
    const topics = await storeVsTopics(databaseUrl, kafkaBrokers, topicPrefix, EVENTS_BY_SERVICE);
    const copies = Object.fromEntries(verify.kafka.map((k) => [k.service, { published: k.published, messages: k.messages, duplicates: k.duplicates, duplicatedEvents: k.duplicatedEvents }]));
    console.log(JSON.stringify({ test: 'two-instances-kill', topics, copies }));
    for (const k of verify.kafka) {
      expect({ service: k.service, missing: k.missing, tooManyCopies: k.duplicatedEvents > Math.max(5, 0.2 * k.published) }).toEqual({ service: k.service, missing: 0, tooManyCopies: false });
      expect({ service: k.service, unknown: k.unknown, malformed: k.malformed }).toEqual({ service: k.service, unknown: 0, malformed: 0 });
    }
    for (const [service, t] of Object.entries(topics)) expect({ service, ratio: t.messages / Math.max(1, t.events) < 1.2 }).toEqual({ service, ratio: true });
  });
});
