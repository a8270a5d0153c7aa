/**
 * `onedoor verify` against real PostgreSQL and Kafka: the stores filled by the services' code,
 * published by the real outbox relay (EventRelay on the Kafka transport) to this run's topics.
 * Then a gap (an event the relay's checkpoint passed without publishing it), a re-sent batch
 * (duplicates: informational), a stream out of order on its partition, and a tampered row.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENTS_BY_SERVICE, SERVICES, topicOf, type Service } from '@onedoor/contracts';
import { START, type RecordedEvent } from '@onedoor/event-store';
import { EventRelay, KafkaTransport, silentLogger, toMessage } from '@onedoor/messaging';
import { onedoor } from './test/cli';
import { freshDatabase, SIMULATED, siyangScenario, World } from './test/world';

jest.setTimeout(180_000);

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const prefix = `${process.env.ONEDOOR_TOPIC_PREFIX ?? ''}ops-verify-${randomUUID().slice(0, 8)}.`;
const topic = (s: Service) => `${prefix}${topicOf(s)}`;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let world: World;
let pg: Client;
let transport: KafkaTransport;
let env: Record<string, string | undefined>;

/** Runs the real relay of a service until it has published everything, then stops it. */
async function relay(service: Service, select: (e: Pick<RecordedEvent, 'eventId' | 'type'>) => boolean = () => true) {
  const types = new Set<string>(EVENTS_BY_SERVICE[service]);
  const warnings: string[] = [];
  const logger = { ...silentLogger, warn: (m: string, f?: Record<string, unknown>) => void warnings.push(`${m} ${JSON.stringify(f)}`) };
  const r = new EventRelay({
    store: world.stores[service], transport, topic: topic(service), batchSize: 3, logger,
    select: (e) => types.has(e.type) && select(e),
  });
  r.start();
  try {
    // Caught up with what is visible; visibility can trail commits while a transaction elsewhere on
    // the server is open (readAll's gap-free rule), so wait until nothing is left behind.
    const deadline = Date.now() + 90_000;
    do {
      await Promise.race([r.caughtUp(), new Promise((resolve) => setTimeout(resolve, 1000))]);
      if (Date.now() > deadline) throw new Error(`relay of ${service} did not catch up: ${JSON.stringify(r.metrics)}\n${warnings.slice(-5).join('\n')}`);
    } while ((await r.lag()) > 0);
  } finally {
    await r.stop();
  }
}

beforeAll(async () => {
  db = await freshDatabase('verify');
  world = await World.create(db.url);
  await siyangScenario(world);
  pg = new Client({ connectionString: db.url });
  await pg.connect();
  transport = new KafkaTransport({ brokers, logger: silentLogger });
  const services = Object.keys(world.stores) as Service[]; // every service's store (partners' stays empty)
  await transport.ensureTopics(services.map((s) => ({ topic: topic(s), partitions: 4 })));
  for (const s of services) await relay(s);
  env = { DATABASE_URL: db.url, KAFKA_BROKERS: brokers, ONEDOOR_TOPIC_PREFIX: prefix };
});

afterAll(async () => {
  await transport?.close();
  await pg?.end();
  await world?.close();
  await db?.drop();
});

describe('onedoor verify', () => {
  it('finds every chain intact and every published event on Kafka, in order', async () => {
    const r = await onedoor(['verify', '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.ok).toBe(true);
    expect(out.chains.map((c: { ok: boolean }) => c.ok)).toEqual(Object.keys(world.stores).map(() => true));
    for (const k of out.kafka) {
      expect(k).toMatchObject({ missing: 0, duplicates: 0, orderViolations: [], unknown: 0, pending: 0 });
      if (SIMULATED.includes(k.service)) expect(k.published).toBeGreaterThan(0);
      expect(k.messages).toBe(k.published);
    }
    const text = await onedoor(['verify'], env);
    expect(text.stdout).toMatch(new RegExp(`OK: ${SERVICES.length} chains intact`));
  });

  it('reports a gap, duplicates, disorder and a tampered row — and fails', async () => {
    // A gap: the relay's checkpoint passes an event it never published.
    const gapStream = `deadline-${randomUUID()}`;
    await world.stores.intake.append(gapStream, [
      { type: 'DeadlineMissed', data: { applicationId: 'app-x', service: 'intake', deadline: 'transfer', dueBy: '2026-11-24', escalatedTo: '321323' } },
    ]);
    const [missedEvent] = await world.stores.intake.readStream(gapStream); // by stream: visible at once, unlike readAll
    await relay('intake', (e) => e.eventId !== missedEvent.eventId);

    // Duplicates: the temporary-aid relay crashed after the broker acknowledged, before its checkpoint.
    await world.stores['temporary-aid'].storeCheckpoint(`relay:${topic('temporary-aid')}`, START);
    await relay('temporary-aid');
    const temporaryAidPublic = Number(
      (await pg.query(`SELECT count(*) FROM temporary_aid.events WHERE type = ANY($1)`, [EVENTS_BY_SERVICE['temporary-aid']])).rows[0].count,
    );

    // Disorder: version 2 of a stream reached its partition before version 1.
    const streamId = `deadline-${randomUUID()}`;
    const dm = (n: number) => ({ type: 'DeadlineMissed', data: { applicationId: 'app-y', service: 'education-aid', deadline: 'ordinary_decision', dueBy: `2026-12-0${n}`, escalatedTo: '321323' } });
    await world.stores['education-aid'].append(streamId, [dm(1), dm(2)]);
    const [v1, v2] = await world.stores['education-aid'].readStream(streamId);
    await transport.publish(topic('education-aid'), [toMessage(v2), toMessage(v1)]);
    await relay('education-aid');

    // Tampering: an amount changed in place in medical-aid's store.
    const tampered = await pg.query<{ stream_id: string; stream_version: number }>(
      `UPDATE medical_aid.events SET data = jsonb_set(data, '{amountFen}', '1') WHERE type = 'AidGranted' RETURNING stream_id, stream_version`,
    );

    const r = await onedoor(['verify', '--json'], env);
    expect(r.code).toBe(1);
    const out = r.json();
    expect(out.ok).toBe(false);
    const chain = (s: string) => out.chains.find((c: { service: string }) => c.service === s);
    const kafka = (s: string) => out.kafka.find((k: { service: string }) => k.service === s);
    expect(chain('medical-aid')).toMatchObject({
      ok: false,
      firstBroken: { streamId: tampered.rows[0].stream_id, streamVersion: tampered.rows[0].stream_version, reason: 'content does not match its hash' },
    });
    expect(chain('intake').ok).toBe(true);
    expect(kafka('intake')).toMatchObject({ missing: 1, missingEvents: [{ eventId: missedEvent.eventId, type: 'DeadlineMissed' }] });
    expect(kafka('temporary-aid')).toMatchObject({ missing: 0, duplicates: temporaryAidPublic, duplicatedEvents: temporaryAidPublic, orderViolations: [] });
    expect(kafka('education-aid').orderViolations).toEqual([
      expect.objectContaining({ streamId, streamVersion: 1, after: 2, key: 'app-y' }),
    ]);
    expect(kafka('education-aid').missing).toBe(0);

    const text = await onedoor(['verify'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`chain medical-aid    BROKEN  at ${tampered.rows[0].stream_id}`);
    expect(text.stdout).toContain(`missing: DeadlineMissed ${missedEvent.eventId}`);
    expect(text.stdout).toContain(`out of order: ${streamId} v1 after v2`);
    expect(text.stdout).toMatch(/FAILED: 1 broken chain, 1 event missing from Kafka, 1 order violation/);
  });

  it('checks one service alone, and only its chains with --skip-kafka', async () => {
    const one = await onedoor(['verify', '--service', 'funding', '--json'], env);
    expect(one.code).toBe(0);
    expect(one.json().chains.map((c: { service: string }) => c.service)).toEqual(['funding']);
    const chains = await onedoor(['verify', '--service', 'funding', '--skip-kafka'], env);
    expect(chains.code).toBe(0);
    expect(chains.stdout).toContain('kafka: skipped — --skip-kafka');
    expect((await onedoor(['verify', '--service', 'nope'], env)).code).toBe(2);
  });
});
