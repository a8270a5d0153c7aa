import { dlqOf, type Envelope } from '@onedoor/contracts';
import type { EventStore } from '@onedoor/event-store';
import { DLQ_HEADERS } from './dead-letter';
import { toMessage } from './envelope';
import { InboxConsumer, type InboxConsumerOptions, type InboxHandler } from './inbox-consumer';
import { silentLogger } from './logger';
import { collect, openRig, recorded, RIG_KINDS, type Rig } from './test/rig';
import { delay, unique, waitFor } from './test/wait';
import type { Transport } from './transport';

describe.each(RIG_KINDS)('InboxConsumer on %s', (kind) => {
  let rig: Rig;
  let transport: Transport;
  let effects: string;

  beforeAll(async () => {
    rig = await openRig(kind);
    transport = rig.newTransport();
    effects = `"${rig.store.schema}".effects`;
    await rig.driver.exec(`CREATE TABLE ${effects} (consumer text NOT NULL, event_id text NOT NULL, type text NOT NULL)`);
  });
  afterAll(() => rig.close());

  /** A fresh topic (and its DLQ) per test: Kafka topics outlive test runs. */
  async function freshTopic() {
    const topic = unique('inbox');
    await transport.ensureTopics([
      { topic, partitions: 2 },
      { topic: dlqOf(topic), partitions: 1 },
    ]);
    return topic;
  }

  /** The effect: a row written with the handler's transaction-bound store. */
  const recordEffect =
    (consumer: string) =>
    async (envelope: Envelope, store: EventStore): Promise<void> => {
      await store.sql.query(`INSERT INTO ${effects} (consumer, event_id, type) VALUES ($1, $2, $3)`, [consumer, envelope.eventId, envelope.type]);
    };

  async function effectsOf(consumer: string): Promise<{ event_id: string; type: string }[]> {
    const { rows } = await rig.driver.query(`SELECT event_id, type FROM ${effects} WHERE consumer = $1 ORDER BY event_id`, [consumer]);
    return rows;
  }

  function consumer(topic: string, name: string, handler: InboxHandler, extra: Partial<InboxConsumerOptions> = {}) {
    return new InboxConsumer({
      ...extra,
      consumer: name,
      groupId: name,
      topics: [topic],
      store: rig.store,
      transport,
      handler,
      concurrency: 2,
      retry: { attempts: 3, baseDelayMs: 10 },
      logger: silentLogger,
    });
  }

  it('a message delivered twice has its effect once', async () => {
    const topic = await freshTopic();
    const name = unique('dup');
    const twice = toMessage(recorded(unique('e'), 'AidGranted', { applicationId: 'app-1' }));
    const once = toMessage(recorded(unique('e'), 'AidGranted', { applicationId: 'app-1' }));
    await transport.publish(topic, [twice]);
    await transport.publish(topic, [twice, once]);
    const inbox = consumer(topic, name, recordEffect(name));
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed + inbox.metrics.duplicates === 3, 'three deliveries');
      expect(inbox.metrics).toMatchObject({ processed: 2, duplicates: 1, deadLettered: 0 });
      const rows = await effectsOf(name);
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(2);
    } finally {
      await inbox.stop();
    }
  });

  it('a message whose handler always fails goes to the DLQ with the error headers; the next one is processed', async () => {
    const topic = await freshTopic();
    const name = unique('poison');
    const dlq = await collect(transport, dlqOf(topic), unique('dlq-observer'));
    const poison = recorded(unique('e'), 'Poison', { applicationId: 'app-7' });
    const good = recorded(unique('e'), 'AidGranted', { applicationId: 'app-7' }); // same key: same partition, after the poison
    await transport.publish(topic, [toMessage(poison), toMessage(good)]);
    let poisonAttempts = 0;
    const inbox = consumer(topic, name, async (envelope, store) => {
      await recordEffect(name)(envelope, store); // written, then rolled back with the failure
      if (envelope.type === 'Poison') {
        poisonAttempts++;
        throw new Error('cannot handle Poison');
      }
    });
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 1 && dlq.messages.length === 1, 'good processed and poison dead-lettered');
      expect(poisonAttempts).toBe(3);
      expect(inbox.metrics).toMatchObject({ processed: 1, deadLettered: 1, retries: 2, duplicates: 0 });
      expect((await effectsOf(name)).map((r) => r.type)).toEqual(['AidGranted']);
      const [dead] = dlq.messages;
      expect(dead.key).toBe('app-7');
      expect(JSON.parse(dead.value!.toString()).eventId).toBe(poison.eventId);
      expect(dead.headers).toMatchObject({
        'event-id': poison.eventId,
        'event-type': 'Poison',
        'correlation-id': `corr-${poison.eventId}`,
        [DLQ_HEADERS.consumer]: name,
        [DLQ_HEADERS.attempts]: '3',
        [DLQ_HEADERS.originalTopic]: topic,
        [DLQ_HEADERS.originalOffset]: expect.stringMatching(/^\d+$/),
        [DLQ_HEADERS.originalPartition]: expect.stringMatching(/^\d+$/),
      });
      expect(dead.headers[DLQ_HEADERS.error]).toContain('cannot handle Poison');
      // A dead letter is not marked processed, so replaying it after a fix is handled.
      const { rows } = await rig.driver.query(`SELECT 1 FROM "${rig.store.schema}".inbox WHERE consumer = $1 AND event_id = $2`, [name, poison.eventId]);
      expect(rows).toHaveLength(0);
    } finally {
      await inbox.stop();
      await dlq.stop();
    }
  });

  it('a message that is not JSON goes straight to the DLQ; the next one is processed', async () => {
    const topic = await freshTopic();
    const name = unique('malformed');
    const dlq = await collect(transport, dlqOf(topic), unique('dlq-observer'));
    const good = recorded(unique('e'), 'AidGranted', { applicationId: 'app-9' });
    await transport.publish(topic, [{ key: 'app-9', value: 'not json {', headers: { 'event-type': 'Garbage' } }, toMessage(good)]);
    let calls = 0;
    const inbox = consumer(topic, name, async (envelope, store) => {
      calls++;
      await recordEffect(name)(envelope, store);
    });
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 1 && dlq.messages.length === 1, 'good processed and garbage dead-lettered');
      expect(calls).toBe(1);
      expect(inbox.metrics).toMatchObject({ processed: 1, deadLettered: 1, retries: 0 });
      const [dead] = dlq.messages;
      expect(dead.value!.toString()).toBe('not json {');
      expect(dead.headers).toMatchObject({ 'event-type': 'Garbage', [DLQ_HEADERS.attempts]: '1', [DLQ_HEADERS.originalTopic]: topic });
      expect(dead.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);
    } finally {
      await inbox.stop();
      await dlq.stop();
    }
  });

  it('consecutive messages of a partition share one transaction; a redelivered batch changes nothing', async () => {
    const topic = await freshTopic();
    const name = unique('batch');
    const events = Array.from({ length: 40 }, () => toMessage(recorded(unique('e'), 'AidGranted', { applicationId: 'app-b' })));
    await transport.publish(topic, events);
    const inbox = consumer(topic, name, recordEffect(name));
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 40, 'forty events');
      expect(inbox.metrics.batches).toBeGreaterThanOrEqual(1);
      expect(inbox.metrics.batches).toBeLessThan(40);
      await transport.publish(topic, events);
      await waitFor(() => inbox.metrics.duplicates === 40, 'forty redeliveries');
      expect(inbox.metrics).toMatchObject({ processed: 40, deadLettered: 0 });
      expect(await effectsOf(name)).toHaveLength(40);
    } finally {
      await inbox.stop();
    }
  });

  it('events the consumer does not accept are acknowledged without an inbox row', async () => {
    const topic = await freshTopic();
    const name = unique('accepts');
    const wanted = [1, 2].map(() => recorded(unique('e'), 'AidGranted', { applicationId: 'app-a' }));
    const other = [1, 2, 3].map(() => recorded(unique('e'), 'CaseOpened', { applicationId: 'app-a' }));
    await transport.publish(topic, [other[0], wanted[0], other[1], other[2], wanted[1]].map(toMessage));
    const inbox = consumer(topic, name, recordEffect(name), { accepts: (e) => e.type === 'AidGranted' });
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 2 && inbox.metrics.ignored === 3, 'two processed, three ignored');
      expect((await effectsOf(name)).map((r) => r.type)).toEqual(['AidGranted', 'AidGranted']);
      const { rows } = await rig.driver.query(`SELECT event_id FROM "${rig.store.schema}".inbox WHERE consumer = $1 ORDER BY event_id`, [name]);
      expect(rows.map((r) => r.event_id)).toEqual(wanted.map((e) => e.eventId).sort());
    } finally {
      await inbox.stop();
    }
  });

  it('a batch handler gets the new events in order; a batch that fails is handled again one message at a time', async () => {
    const topic = await freshTopic();
    const name = unique('batch-handler');
    const dlq = await collect(transport, dlqOf(topic), unique('dlq-observer'));
    const events = ['AidGranted', 'AidGranted', 'Poison', 'AidGranted'].map((type) => recorded(unique('e'), type, { applicationId: 'app-h' }));
    await transport.publish(topic, events.map(toMessage));
    const batches: string[][] = [];
    const handler: InboxHandler = async (envelope, store) => {
      if (envelope.type === 'Poison') throw new Error('cannot handle Poison');
      await recordEffect(name)(envelope, store);
    };
    const inbox = consumer(topic, name, handler, {
      batchHandler: async (items, store) => {
        batches.push(items.map((i) => i.envelope.eventId));
        for (const i of items) await handler(i.envelope, store, i.message);
      },
    });
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 3 && dlq.messages.length === 1, 'three processed and the poison dead-lettered');
      const ids = events.map((e) => e.eventId);
      // Every batch handed over keeps the partition's order.
      for (const b of batches) expect(b).toEqual(ids.filter((id) => b.includes(id)));
      expect(batches.some((b) => b.includes(events[2].eventId))).toBe(true);
      expect((await effectsOf(name)).map((r) => r.event_id).sort()).toEqual([ids[0], ids[1], ids[3]].sort());
      expect(JSON.parse(dlq.messages[0].value!.toString()).eventId).toBe(events[2].eventId);
    } finally {
      await inbox.stop();
      await dlq.stop();
    }
  });

  it('stop() drains the message in flight: its effect and offset are committed, nothing is redelivered', async () => {
    const topic = await freshTopic();
    const name = unique('drain');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    let finished = false;
    const first = consumer(topic, name, async (envelope, store) => {
      started = true;
      await gate;
      await recordEffect(name)(envelope, store);
      finished = true;
    });
    await first.start();
    const slow = recorded(unique('e'), 'Slow', { applicationId: 'app-3' });
    await transport.publish(topic, [toMessage(slow)]);
    await waitFor(() => started, 'the handler to start');
    let stopped = false;
    const stopping = first.stop().then(() => (stopped = true));
    await delay(300);
    expect(stopped).toBe(false); // still waiting for the handler
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(first.metrics.processed).toBe(1);
    expect((await effectsOf(name)).map((r) => r.event_id)).toEqual([slow.eventId]);

    // Same group again: it starts after the committed offset, so the drained message is not seen.
    const second = consumer(topic, name, recordEffect(name));
    await second.start();
    try {
      const next = recorded(unique('e'), 'AidGranted', { applicationId: 'app-3' });
      await transport.publish(topic, [toMessage(next)]);
      await waitFor(() => second.metrics.processed === 1, 'the next message');
      await delay(200);
      expect(second.metrics).toMatchObject({ processed: 1, duplicates: 0 });
    } finally {
      await second.stop();
    }
  });
});
