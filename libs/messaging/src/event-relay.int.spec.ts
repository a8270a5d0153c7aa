import { dlqOf, HEADERS } from '@onedoor/contracts';
import { EventStore, PostgresDriver, type Checkpoint } from '@onedoor/event-store';
import { EventRelay } from './event-relay';
import type { AdvisoryRelayLock } from './relay-lock';
import type { Transport } from './transport';
import { InboxConsumer } from './inbox-consumer';
import { silentLogger } from './logger';
import { payloads } from './test/events';
import { collect, kafkaMessageCount, openRig, RIG_KINDS, type Rig } from './test/rig';
import { unique, waitFor } from './test/wait';

describe.each(RIG_KINDS)('EventRelay on %s', (kind) => {
  let rig: Rig;
  // Relays still running after a failed expectation would keep Jest alive: stop them regardless.
  const relays: EventRelay[] = [];
  const track = (relay: EventRelay) => (relays.push(relay), relay);

  beforeAll(async () => {
    rig = await openRig(kind);
  });
  afterEach(async () => {
    await Promise.allSettled(relays.splice(0).map((r) => r.stop()));
  });
  afterAll(() => rig.close());

  async function freshTopic(transport = rig.newTransport()) {
    const topic = unique('relay');
    await transport.ensureTopics([
      { topic, partitions: 4 },
      { topic: dlqOf(topic), partitions: 1 },
    ]);
    return topic;
  }

  it('publishes the contract envelope with its key and headers; lag and onPublished follow', async () => {
    const transport = rig.newTransport();
    const topic = await freshTopic(transport);
    const s = unique('s');
    const meta = { correlationId: `corr-${s}`, causationId: `cause-${s}`, actor: { sub: 'u1', role: 'caseworker' }, jurisdiction: '321323100', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    await rig.store.append(`application-${s}`, [{ type: 'ApplicationSubmitted', data: { applicationId: `app-${s}` }, metadata: meta }], { expectedVersion: 0 });
    await rig.store.append(`budget-${s}`, [{ type: 'BudgetAllocated', data: { budgetId: 'b1' }, metadata: { correlationId: `corr2-${s}` } }]);
    await rig.store.append(`ledger-${s}`, [{ type: 'Internal', data: {} }]);
    const published: number[] = [];
    const relay = track(new EventRelay({ store: rig.store, transport, topic, logger: silentLogger, onPublished: (i) => published.push(i.events) }));
    const before = await relay.lag();
    expect(before).toBeGreaterThanOrEqual(3);
    const observer = await collect(transport, topic, unique('observer'));
    relay.start();
    // caughtUp() means "nothing visible left": a transaction open elsewhere in the cluster can hold
    // back visibility for a moment, so wait for the lag itself.
    await waitFor(async () => (await relay.lag()) === 0, 'lag 0');
    await relay.stop();
    expect(published.reduce((a, b) => a + b, 0)).toBe(before);
    await waitFor(() => observer.messages.filter((m) => m.value!.toString().includes(s)).length === 3, 'three messages');
    await observer.stop();
    const mine = observer.messages.filter((m) => m.value!.toString().includes(s));
    const byType = Object.fromEntries(mine.map((m) => [JSON.parse(m.value!.toString()).type, m]));

    const submitted = byType.ApplicationSubmitted;
    expect(submitted.key).toBe(`app-${s}`); // key = data.applicationId
    const envelope = JSON.parse(submitted.value!.toString());
    expect(envelope).toMatchObject({
      type: 'ApplicationSubmitted', schemaVersion: 1, streamId: `application-${s}`, streamVersion: 1,
      globalPosition: expect.stringMatching(/^\d+$/), occurredAt: expect.stringMatching(/Z$/),
      correlationId: meta.correlationId, causationId: meta.causationId, actor: meta.actor, jurisdiction: meta.jurisdiction,
      data: { applicationId: `app-${s}` },
    });
    expect(submitted.headers).toEqual({
      [HEADERS.eventType]: 'ApplicationSubmitted',
      [HEADERS.eventId]: envelope.eventId,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.correlationId]: meta.correlationId,
      [HEADERS.causationId]: meta.causationId,
      [HEADERS.traceparent]: meta.traceparent,
    });
    expect(byType.BudgetAllocated.key).toBe(`corr2-${s}`); // no applicationId: the correlation
    expect(byType.Internal.key).toBe(`ledger-${s}`); // neither: the stream
    expect(JSON.parse(byType.Internal.value!.toString())).toMatchObject({ causationId: null, actor: null, jurisdiction: null });
  });

  // 10,000 on Kafka as the brief asks; fewer in memory, where PGlite's single connection is the pace.
  const total = kind === 'kafka+postgres' ? 10_000 : 2_000;
  const batchSize = total / 10;

  it(`${total} events: a relay killed between acknowledgement and checkpoint, restarted, gives every event exactly one effect`, async () => {
    const { store, driver } = rig;
    const effects = `"${store.schema}".relay_effects`;
    await driver.exec(`CREATE TABLE ${effects} (seq bigserial PRIMARY KEY, event_id text NOT NULL, stream_id text NOT NULL, stream_version integer NOT NULL)`);
    const transport1 = rig.newTransport();
    const topic = await freshTopic(transport1);
    // Fresh schema per rig, but the first test appended a few events; count from here.
    const already = (await driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${store.schema}".events`)).rows[0].n;

    const streams = total / 10;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < streams) {
          const s = next++;
          await store.append(
            `case-${s}`,
            Array.from({ length: 10 }, () => ({ type: 'AidGranted', data: payloads.AidGranted(`app-${s % 97}`), metadata: { correlationId: `c-${s}` } })),
            { expectedVersion: 0 },
          );
        }
      }),
    );
    const all = total + Number(already);

    // First relay: dies right after the broker acknowledged its 4th batch, before that checkpoint.
    // (Batches are normally full; one can be shorter while visibility trails commits, so sizes are recorded.)
    const batches: { checkpoint: Checkpoint; events: number }[] = [];
    const relay1 = track(new EventRelay({
      store, transport: transport1, topic, batchSize, logger: silentLogger,
      beforeCheckpoint: ({ batch, checkpoint, events }) => {
        batches.push({ checkpoint, events });
        if (batch === 4) throw new Error('simulated crash');
      },
    }));
    relay1.start();
    await waitFor(() => !relay1.isRunning, 'relay 1 to die', 170_000);
    await relay1.stop();
    const stored = batches[0].events + batches[1].events + batches[2].events;
    const resent = batches[3].events;
    expect(relay1.metrics.published).toBe(stored); // the 4th was sent but never counted as done
    await waitFor(async () => (await store.loadCheckpoint(`relay:${topic}`)) === batches[2].checkpoint, 'the 3rd checkpoint stored');
    await transport1.close(); // the "process" is gone

    // Second relay, new transport: starts from the stored checkpoint, so the 4th batch goes again.
    const relay2 = track(new EventRelay({ store, transport: rig.newTransport(), topic, batchSize, logger: silentLogger }));
    expect(await relay2.lag()).toBe(all - stored);
    relay2.start();
    await waitFor(async () => (await relay2.lag()) === 0, 'lag 0', 170_000, 100);
    await relay2.stop();
    expect(relay2.metrics.published).toBe(all - stored);
    const onBroker = stored + resent + relay2.metrics.published;
    expect(onBroker).toBe(all + resent);
    expect(resent).toBeGreaterThan(0);
    if (kind === 'kafka+postgres') expect(await kafkaMessageCount(topic)).toBe(onBroker);

    // A consumer with an inbox: duplicates on the topic, effects exactly once, in stream order.
    const consumer = unique('effects');
    const inbox = new InboxConsumer({
      consumer, topics: [topic], store, transport: rig.newTransport(), concurrency: 4, logger: silentLogger,
      handler: async (envelope, tx) => {
        await tx.sql.query(`INSERT INTO ${effects} (event_id, stream_id, stream_version) VALUES ($1, $2, $3)`, [
          envelope.eventId, envelope.streamId, envelope.streamVersion,
        ]);
      },
    });
    await inbox.start();
    try {
      const m = inbox.metrics;
      await waitFor(() => m.processed + m.duplicates + m.ignored + m.deadLettered >= onBroker, 'every message consumed', 170_000, 100);
    } finally {
      await inbox.stop();
    }
    // The case events are valid contract payloads; the first test's few are not (or of no public
    // type), so the inbox turns those away.
    expect(inbox.metrics).toMatchObject({ processed: total, duplicates: resent });
    expect(inbox.metrics.ignored + inbox.metrics.deadLettered).toBe(Number(already));
    const { rows } = await driver.query<{ n: string; distinct: string }>(
      `SELECT count(*)::text AS n, count(DISTINCT event_id)::text AS distinct FROM ${effects} WHERE stream_id LIKE 'case-%'`,
    );
    expect(rows[0]).toEqual({ n: String(total), distinct: String(total) });
    // Per stream, effects happened in stream-version order (one key → one partition → order kept).
    const disorder = await driver.query(
      `SELECT stream_id FROM (SELECT stream_id, stream_version, lag(stream_version) OVER (PARTITION BY stream_id ORDER BY seq) AS prev
         FROM ${effects}) x WHERE prev IS NOT NULL AND stream_version <> prev + 1 LIMIT 1`,
    );
    expect(disorder.rows).toEqual([]);
  });
});

describe.each(RIG_KINDS)('EventRelay status on %s', (kind) => {
  let rig: Rig;
  const relays: EventRelay[] = [];
  beforeAll(async () => {
    rig = await openRig(kind);
  });
  afterEach(async () => {
    await Promise.allSettled(relays.splice(0).map((r) => r.stop()));
  });
  afterAll(() => rig.close());

  const failing = (publish: Transport['publish']): Transport => ({
    kind: 'in-process',
    ensureTopics: async () => undefined,
    publish,
    subscribe: async () => ({ stop: async () => undefined }),
    close: async () => undefined,
  });

  it("is 'retrying' with the last error while publishes fail, and 'running' again once they succeed", async () => {
    await rig.store.append(unique('s'), [{ type: 'Anything', data: {} }]);
    let broken = true;
    const sent: number[] = [];
    const transport = failing(async (_topic, messages) => {
      if (broken) throw new Error('broker unreachable');
      sent.push(messages.length);
    });
    const relay = new EventRelay({ store: rig.store, transport, topic: unique('t'), logger: silentLogger, retryDelayMs: 20 });
    relays.push(relay);
    expect(relay.status().state).toBe('stopped');
    relay.start();
    const retrying = await waitFor(() => (relay.status().state === 'retrying' ? relay.status() : undefined), 'retrying');
    expect(retrying!.reason).toMatch(/broker unreachable/);
    expect(Date.parse(retrying!.since)).toBeLessThanOrEqual(Date.now());
    broken = false;
    await waitFor(() => relay.status().state === 'running' && sent.length > 0, 'running again');
    await relay.stop();
    expect(relay.status().state).toBe('stopped');
  });

  it("shows a publish pending longer than stallMs as 'retrying' before it fails", async () => {
    await rig.store.append(unique('s'), [{ type: 'Anything', data: {} }]);
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const relay = new EventRelay({ store: rig.store, transport: failing(() => hanging), topic: unique('t'), logger: silentLogger, stallMs: 200 });
    relays.push(relay);
    relay.start();
    const stalled = await waitFor(() => (relay.status().state === 'retrying' ? relay.status() : undefined), 'stalled publish');
    expect(stalled!.reason).toMatch(/^publish to .* pending for \d+ s$/);
    release();
    await waitFor(() => relay.status().state === 'running', 'running after the publish returned');
  });
});

describe('EventRelay: one active relay per store among instances (PostgreSQL advisory lock, Kafka)', () => {
  let rig: Rig;
  let second: { driver: PostgresDriver; store: EventStore };
  const relays: EventRelay[] = [];
  beforeAll(async () => {
    rig = await openRig('kafka+postgres');
    // Another "process": its own pool on the same database and schema.
    const driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 4 });
    second = { driver, store: new EventStore(driver, { schema: rig.store.schema }) };
  });
  afterAll(async () => {
    await Promise.allSettled(relays.splice(0).map((r) => r.stop()));
    await second.driver.close();
    await rig.close();
  });

  async function appendCases(prefix: string, streams: number) {
    for (let s = 0; s < streams; s++) {
      await rig.store.append(`${prefix}-${s}`, Array.from({ length: 10 }, (_, v) => ({ type: 'AidGranted', data: { applicationId: `${prefix}-${s}`, n: v } })), { expectedVersion: 0 });
    }
  }
  const storedIds = async () =>
    (await rig.driver.query<{ event_id: string }>(`SELECT event_id FROM "${rig.store.schema}".events`)).rows.map((r) => r.event_id).sort();

  it('two relays on one outbox: one publishes, the other stands by; when the holder loses its lock connection the other takes over, no event twice or missing', async () => {
    const transportA = rig.newTransport();
    const topic = unique('relay-lock');
    await transportA.ensureTopics([{ topic, partitions: 4 }]);
    await appendCases(unique('a'), 30);

    const options = { topic, logger: silentLogger, standbyPollMs: 200, regainDelayMs: 2000, batchSize: 100 };
    const a = new EventRelay({ ...options, store: rig.store, transport: transportA });
    const b = new EventRelay({ ...options, store: second.store, transport: rig.newTransport() });
    relays.push(a, b);
    a.start();
    await waitFor(() => a.isActive, 'a active');
    b.start();
    await waitFor(() => b.status().state === 'standby' && /another instance/.test(b.status().reason ?? ''), 'b standing by');
    await appendCases(unique('b'), 20); // while both run
    await waitFor(async () => (await a.lag()) === 0, 'a caught up', 60_000, 50);
    await waitFor(async () => (await rig.store.loadCheckpoint(`relay:${topic}`)) === a.metrics.acknowledged, 'a checkpoint stored');
    const firstPart = (await storedIds()).length;
    expect(a.metrics.published).toBe(firstPart);
    expect(b.metrics.published).toBe(0);
    expect(b.isActive).toBe(false);
    expect(await kafkaMessageCount(topic)).toBe(firstPart);

    // The holder's lock connection dies (as when its process is killed): the other takes over.
    const lockA = a.lock as AdvisoryRelayLock;
    expect(lockA.pid).toBeGreaterThan(0);
    await rig.driver.query('SELECT pg_terminate_backend($1)', [lockA.pid]);
    await waitFor(() => a.status().state === 'standby' && !a.isActive, 'a stops publishing', 5000, 20);
    const tookOver = Date.now();
    await waitFor(() => b.isActive && b.status().state === 'running', 'b takes over', 5000, 20);
    expect(Date.now() - tookOver).toBeLessThan(5000);

    await appendCases(unique('c'), 20);
    await waitFor(async () => (await b.lag()) === 0, 'b caught up', 60_000, 50);
    const all = await storedIds();
    expect(b.metrics.published).toBe(all.length - firstPart);
    expect(a.metrics.published).toBe(firstPart); // nothing more from a after it lost the lock
    expect(a.isActive).toBe(false); // b holds the lock: a stays standing by
    expect(await kafkaMessageCount(topic)).toBe(all.length);
    const observer = await collect(rig.newTransport(), topic, unique('observer'));
    await waitFor(() => observer.messages.length >= all.length, 'every message read');
    await observer.stop();
    const onTopic = observer.messages.map((m) => m.headers[HEADERS.eventId]).sort();
    expect(onTopic).toEqual(all); // every event exactly once

    // A graceful stop lets go of the lock: the standing-by relay resumes within a few seconds.
    await b.stop();
    await waitFor(() => a.isActive, 'a takes over again', 8000, 20);
  });

  it('PGlite (one embedded process) needs no lock: the relay publishes at once', async () => {
    const pglite = await openRig('in-process+pglite');
    try {
      const relay = new EventRelay({ store: pglite.store, transport: pglite.newTransport(), topic: unique('t'), logger: silentLogger });
      expect(relay.lock).toBeUndefined();
      relay.start();
      expect(relay.isActive).toBe(true);
      expect(relay.status().state).toBe('running');
      await relay.stop();
    } finally {
      await pglite.close();
    }
  });
});
