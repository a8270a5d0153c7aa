/**
 * `onedoor dlq` and `onedoor kafka replay` against a real broker: dead letters made by the real
 * inbox consumer (InboxConsumer on the Kafka transport), listed, redriven once each, and a consumer
 * group moved back in time — refused while the group has an active member.
 */
import { randomUUID } from 'node:crypto';
import { dlqOf, type Envelope } from '@onedoor/contracts';
import { EventStore, PostgresDriver } from '@onedoor/event-store';
import { InboxConsumer, KafkaTransport, silentLogger } from '@onedoor/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { readTopic, type TopicMessage } from './kafka/topic';
import { onedoor } from './test/cli';

jest.setTimeout(180_000);

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const run = randomUUID().slice(0, 8);
const prefix = `${process.env.ONEDOOR_TOPIC_PREFIX ?? ''}ops-kafka-${run}.`;
const topic = `${prefix}onedoor.intake.v1`;
const dlq = dlqOf(topic);
const group = `${prefix}ops-test-consumer`;
const env = { KAFKA_BROKERS: brokers, ONEDOOR_TOPIC_PREFIX: prefix, DATABASE_URL: process.env.DATABASE_URL };

let driver: PostgresDriver;
let store: EventStore;
let transport: KafkaTransport;
const kafka = new Kafka({ clientId: 'ops-kafka-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
let firstPublishedAt: Date;

const envelope = (eventId: string, applicationId: string): Envelope => ({
  eventId, type: 'ApplicationSubmitted', schemaVersion: 1, streamId: `application-${applicationId}`, streamVersion: 1, globalPosition: '1',
  occurredAt: new Date().toISOString(), correlationId: applicationId, causationId: null, actor: { sub: 'cw', role: 'caseworker' }, jurisdiction: '321323100',
  data: {
    applicationId,
    caseFile: {
      applicationId, applicantRef: 'ref-person', householdRef: 'ref-household', jurisdiction: '321323100',
      registeredJurisdiction: '321323100', occurredOn: '2026-11-19', causes: ['fire'], urgent: true, tier: 'dibao',
      perCapitaIncomeFen: 50000,
      members: [{ personRef: 'ref-person', relation: 'self', ageYears: 40, schoolStage: null, boarding: false, disability: 'none', seriousIllness: false }],
    },
    submittedAt: '2026-11-19T02:00:00.000Z',
    tierReasons: ['dibao household'],
    provenance: { parameterSetId: 'policy-321323', parameterSetVersion: 1, ruleIds: ['r-1'] },
  },
});

async function publish(eventId: string, applicationId: string) {
  const e = envelope(eventId, applicationId);
  await transport.publish(topic, [{ key: applicationId, value: JSON.stringify(e), headers: { 'event-type': e.type, 'event-id': e.eventId, 'correlation-id': applicationId } }]);
}

/** The real inbox consumer of `group`, with a handler; resolves once `until` holds. */
async function consume(handler: () => Promise<void>, until: (c: InboxConsumer) => boolean) {
  const consumer = new InboxConsumer({
    consumer: group, topics: [topic], store, transport, handler, retry: { attempts: 2, baseDelayMs: 10 }, logger: silentLogger, concurrency: 1,
  });
  await consumer.start();
  const deadline = Date.now() + 60_000;
  while (!until(consumer)) {
    if (Date.now() > deadline) throw new Error(`consumer did not get there: ${JSON.stringify(consumer.metrics)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return consumer;
}

async function messagesOf(t: string): Promise<TopicMessage[]> {
  const out: TopicMessage[] = [];
  await readTopic(kafka, admin, t, (m) => void out.push(m));
  return out;
}

beforeAll(async () => {
  driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 4 });
  store = new EventStore(driver, { schema: `ops_kafka_${run.replace(/-/g, '_')}` });
  await store.migrate();
  transport = new KafkaTransport({ brokers, logger: silentLogger });
  await transport.ensureTopics([
    { topic, partitions: 2 },
    { topic: dlq, partitions: 1 },
  ]);
  await admin.connect();
  firstPublishedAt = new Date(Date.now() - 1000);
  await publish('event-1', 'app-1');
  // The handler fails for good (say, a budget is missing): after 2 attempts the message goes to the DLQ.
  const c = await consume(async () => {
    throw new Error('no temporary-aid budget for 2026 covers 321323');
  }, (x) => x.metrics.deadLettered === 1);
  await publish('event-2', 'app-2');
  while (c.metrics.deadLettered < 2) await new Promise((r) => setTimeout(r, 100));
  await c.stop();
});

afterAll(async () => {
  await admin.disconnect();
  await transport?.close();
  await driver?.close();
});

describe('onedoor dlq', () => {
  it('lists dead letters with where they came from, who gave up, how often and why', async () => {
    const r = await onedoor(['dlq', 'list', '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.topics).toEqual([dlq]);
    expect(out.deadLetters).toHaveLength(2);
    expect(out.deadLetters[0]).toMatchObject({
      topic: dlq, originalTopic: topic, consumer: group, attempts: 2, eventType: 'ApplicationSubmitted', eventId: 'event-1', key: 'app-1', redriven: false,
    });
    expect(out.deadLetters[0].error).toContain('no temporary-aid budget');
    expect(out.deadLetters[0].originalOffset).toMatch(/^\d+$/);
    const text = await onedoor(['dlq', 'list', '--topic', dlq], env);
    expect(text.stdout).toContain('2 dead letters in 1 topic (0 redriven)');
    expect(text.stdout).toContain(`from ${topic}`);
  });

  it('redrives one event, then the rest, each exactly once, with the original key, value and headers', async () => {
    const before = (await messagesOf(topic)).length;
    const one = await onedoor(['dlq', 'redrive', '--topic', dlq, '--event-id', 'event-2', '--json'], env);
    expect(one.code).toBe(0);
    expect(one.json().results[0].redriven.map((d: { eventId: string }) => d.eventId)).toEqual(['event-2']);

    const listed = (await onedoor(['dlq', 'list', '--json'], env)).json().deadLetters;
    expect(listed.map((d: { eventId: string; redriven: boolean }) => [d.eventId, d.redriven])).toEqual([['event-1', false], ['event-2', true]]);

    const dry = await onedoor(['dlq', 'redrive', '--dry-run', '--json'], env);
    expect(dry.json().results[0]).toMatchObject({ alreadyRedriven: 1, redriven: [expect.objectContaining({ eventId: 'event-1' })] });
    expect((await messagesOf(topic)).length).toBe(before + 1);

    const rest = await onedoor(['dlq', 'redrive'], env);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain('redriven: 1 dead letter');
    const again = await onedoor(['dlq', 'redrive', '--json'], env);
    expect(again.json().results[0]).toMatchObject({ redriven: [], alreadyRedriven: 2 });

    const messages = await messagesOf(topic);
    expect(messages.length).toBe(before + 2);
    const copies = messages.filter((m) => m.headers['event-id'] === 'event-1');
    expect(copies).toHaveLength(2);
    expect(copies[1].key).toBe('app-1');
    expect(copies[1].value!.toString()).toBe(copies[0].value!.toString());
    expect(copies[1].headers).toEqual(copies[0].headers);
    expect(Object.keys(copies[1].headers).some((h) => h.startsWith('dlq-'))).toBe(false);

    // Fixed: the consumer now processes the redriven messages (once each, thanks to its inbox).
    const c = await consume(async () => undefined, (x) => x.metrics.processed === 2);
    await c.stop();
  });
});

describe('onedoor kafka replay', () => {
  it('shows current and target offsets with --dry-run and changes nothing', async () => {
    const committed = async () =>
      (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
    const before = await committed();
    const r = await onedoor(['kafka', 'replay', '--group', group, '--topic', topic, '--from', firstPublishedAt.toISOString(), '--dry-run', '--json'], env);
    expect(r.code).toBe(0);
    const plan = r.json();
    expect(plan).toMatchObject({ group, topic, dryRun: true, applied: false, groupState: 'Empty' });
    expect(plan.partitions).toHaveLength(2);
    for (const p of plan.partitions) {
      expect(p.target).toBe(p.low); // every message is newer than --from
      const c = before[p.partition];
      expect(p.current).toBe(Number(c) < 0 ? null : c);
      if (p.current !== null) expect(p.delta).toBe(Number(p.current) - Number(p.target));
    }
    expect(plan.partitions.some((p: { delta: number | null }) => (p.delta ?? 0) > 0)).toBe(true);
    expect(await committed()).toEqual(before);
    const text = await onedoor(['kafka', 'replay', '--group', group, '--topic', topic, '--from', firstPublishedAt.toISOString(), '--dry-run'], env);
    expect(text.stdout).toContain('dry run: nothing changed');
  });

  it('refuses while the group has an active member, then moves it once stopped', async () => {
    const c = await consume(async () => undefined, () => true);
    await new Promise((r) => setTimeout(r, 1500)); // joined
    const busy = await onedoor(['kafka', 'replay', '--group', group, '--topic', topic, '--from', firstPublishedAt.toISOString()], env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/is active .*stop its consumers/);
    await c.stop();
    const moved = await onedoor(['kafka', 'replay', '--group', group, '--topic', topic, '--from', firstPublishedAt.toISOString(), '--json'], env);
    expect(moved.code).toBe(0);
    expect(moved.json().applied).toBe(true);
    const offsets = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions;
    expect(offsets.map((p) => p.offset).sort()).toEqual(['0', '0']);
  });

  it('rejects incomplete or bad arguments with exit code 2', async () => {
    expect((await onedoor(['kafka', 'replay', '--group', group, '--topic', topic], env)).code).toBe(2);
    expect((await onedoor(['kafka', 'replay', '--group', group, '--topic', topic, '--from', 'soon'], env)).code).toBe(2);
    expect((await onedoor(['kafka', 'replay', '--group', group, '--topic', `${prefix}nope`, '--from', '2026-01-01'], env)).code).toBe(2);
  });
});
