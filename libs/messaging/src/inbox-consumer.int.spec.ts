import { dlqOf, routedTo, type Envelope } from '@onedoor/contracts';
import type { EventStore } from '@onedoor/event-store';
import { DLQ_HEADERS } from './dead-letter';
import { toEnvelope, toMessage } from './envelope';
import { InboxConsumer, type InboxConsumerOptions, type InboxHandler } from './inbox-consumer';
import { silentLogger } from './logger';
import { valid } from './test/events';
import { collect, openRig, RIG_KINDS, type Rig } from './test/rig';
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
      consumer: name,
      groupId: name,
      topics: [topic],
      store: rig.store,
      transport,
      handler,
      concurrency: 2,
      retry: { attempts: 3, baseDelayMs: 10 },
      outage: { baseDelayMs: 20, maxDelayMs: 200 },
      logger: silentLogger,
      ...extra,
    });
  }

  it('a message delivered twice has its effect once', async () => {
    const topic = await freshTopic();
    const name = unique('dup');
    const twice = toMessage(valid(unique('e'), 'AidGranted', 'app-1'));
    const once = toMessage(valid(unique('e'), 'AidGranted', 'app-1'));
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
    const poison = valid(unique('e'), 'AidGranted', 'app-7');
    const good = valid(unique('e'), 'AidGranted', 'app-7'); // same key: same partition, after the poison
    await transport.publish(topic, [toMessage(poison), toMessage(good)]);
    let poisonAttempts = 0;
    const inbox = consumer(topic, name, async (envelope, store) => {
      await recordEffect(name)(envelope, store); // written, then rolled back with the failure
      if (envelope.eventId === poison.eventId) {
        poisonAttempts++;
        throw new Error('cannot handle Poison');
      }
    });
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 1 && dlq.messages.length === 1, 'good processed and poison dead-lettered');
      expect(poisonAttempts).toBe(3);
      expect(inbox.metrics).toMatchObject({ processed: 1, deadLettered: 1, retries: 2, duplicates: 0 });
      expect((await effectsOf(name)).map((r) => r.event_id)).toEqual([good.eventId]);
      const [dead] = dlq.messages;
      expect(dead.key).toBe('app-7');
      expect(JSON.parse(dead.value!.toString()).eventId).toBe(poison.eventId);
      expect(dead.headers).toMatchObject({
        'event-id': poison.eventId,
        'event-type': 'AidGranted',
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
    const good = valid(unique('e'), 'AidGranted', 'app-9');
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
    const events = Array.from({ length: 40 }, () => toMessage(valid(unique('e'), 'AidGranted', 'app-b')));
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
    const wanted = [1, 2].map(() => valid(unique('e'), 'AidGranted', 'app-a'));
    const other = [1, 2, 3].map(() => valid(unique('e'), 'CaseOpened', 'app-a'));
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
    const events = [1, 2, 3, 4].map(() => valid(unique('e'), 'AidGranted', 'app-h'));
    const poison = events[2].eventId;
    await transport.publish(topic, events.map(toMessage));
    const batches: string[][] = [];
    const handler: InboxHandler = async (envelope, store) => {
      if (envelope.eventId === poison) throw new Error('cannot handle Poison');
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
    const slow = valid(unique('e'), 'CaseOpened', 'app-3');
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
      const next = valid(unique('e'), 'AidGranted', 'app-3');
      await transport.publish(topic, [toMessage(next)]);
      await waitFor(() => second.metrics.processed === 1, 'the next message');
      await delay(200);
      expect(second.metrics).toMatchObject({ processed: 1, duplicates: 0 });
    } finally {
      await second.stop();
    }
  });

  it('no message can stop it: each kind of poison goes to the DLQ with its reason, the messages after it are processed', async () => {
    const topic = await freshTopic();
    const name = unique('poisons');
    const dlq = await collect(transport, dlqOf(topic), unique('dlq-observer'));
    const key = 'app-p'; // one key: one partition, the poisons ahead of the good messages
    const json = (envelope: object, headers: Record<string, string> = {}) => ({ key, value: JSON.stringify(envelope), headers });
    const base = (type: 'AidGranted' | 'ApplicationRouted' | 'CaseOpened') => toEnvelope(valid(unique('e'), type, key));
    const handlerBug = base('AidGranted');
    const filterBug = base('AidGranted');
    const poisons: { label: string; message: { key: string; value: string | null; headers?: Record<string, string> }; reason: RegExp }[] = [
      { label: 'bytes', message: { key, value: '\u0000\u00ff not json {', headers: { 'event-type': 'AidGranted' } }, reason: /not JSON/ },
      { label: 'null value', message: { key, value: null }, reason: /empty message value/ },
      { label: 'data null', message: json({ ...base('ApplicationRouted'), data: null }), reason: /ApplicationRouted must be object/ },
      { label: 'wrong field types', message: json({ ...base('AidGranted'), streamVersion: '1', eventId: 5 }), reason: /envelope\/eventId must be string.*envelope\/streamVersion must be integer|envelope\/streamVersion must be integer.*envelope\/eventId must be string/ },
      { label: 'schema violation', message: json((() => { const e = base('AidGranted'); return { ...e, data: { ...(e.data as object), amountFen: '1500' } }; })()), reason: /AidGranted\/amountFen must be integer/ },
      { label: 'extra payload field', message: json((() => { const e = base('CaseOpened'); return { ...e, data: { ...(e.data as object), idNumber: '321323198001010011' } }; })()), reason: /CaseOpened must NOT have additional properties/ },
      { label: 'contradicting header', message: json(base('AidGranted'), { 'event-type': 'CaseOpened' }), reason: /header event-type "CaseOpened" contradicts/ },
      { label: 'newer version of an accepted type', message: json({ ...base('AidGranted'), schemaVersion: 9 }), reason: /AidGranted schema version 9 is newer/ },
      { label: 'filter throws', message: json(filterBug), reason: /accepts filter failed: .*filter cannot read this one/ },
      { label: 'handler bug', message: json(handlerBug), reason: /handler cannot handle this one/ },
    ];
    const unknownType = json({ ...base('AidGranted'), type: 'GrantIndexed', data: { anything: true } }, { 'event-type': 'GrantIndexed' });
    const goods = [valid(unique('e'), 'AidGranted', key), valid(unique('e'), 'ApplicationRouted', key)];
    await rig.publishRaw(topic, poisons.map((p) => ({ ...p.message, headers: { ...p.message.headers, 'x-case': p.label } })));
    await rig.publishRaw(topic, [unknownType]);
    await transport.publish(topic, goods.map(toMessage));
    let handlerBugAttempts = 0;
    const toTemporaryAid = routedTo('temporary-aid');
    const inbox = consumer(
      topic, name,
      async (envelope, store) => {
        if (envelope.eventId === handlerBug.eventId) {
          handlerBugAttempts++;
          throw new TypeError('handler cannot handle this one');
        }
        await recordEffect(name)(envelope, store);
      },
      {
        // What the department consumers do: read the payload of the events they might act on.
        accepts: (e) => {
          if (e.eventId === filterBug.eventId) throw new TypeError('filter cannot read this one');
          return e.type === 'AidGranted' || toTemporaryAid(e);
        },
      },
    );
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 2 && dlq.messages.length === poisons.length, 'the good messages processed and every poison dead-lettered');
      expect(inbox.status().state).toBe('running');
      expect(inbox.metrics).toMatchObject({ processed: 2, deadLettered: poisons.length, ignored: 1, unknown: 1, invalid: 7 });
      expect(handlerBugAttempts).toBe(3);
      expect((await effectsOf(name)).map((r) => r.event_id).sort()).toEqual(goods.map((g) => g.eventId).sort());
      for (const p of poisons) {
        const dead = dlq.messages.find((m) => m.headers['x-case'] === p.label);
        expect({ label: p.label, error: dead?.headers[DLQ_HEADERS.error] }).toEqual({ label: p.label, error: expect.stringMatching(p.reason) });
        expect(dead!.headers).toMatchObject({ [DLQ_HEADERS.consumer]: name, [DLQ_HEADERS.originalTopic]: topic });
      }
      expect(dlq.messages.find((m) => m.headers['x-case'] === 'handler bug')!.headers[DLQ_HEADERS.attempts]).toBe('3');
      // Later messages are still consumed.
      const later = valid(unique('e'), 'AidGranted', key);
      await transport.publish(topic, [toMessage(later)]);
      await waitFor(() => inbox.metrics.processed === 3, 'a later message');
      expect(inbox.status().state).toBe('running');
    } finally {
      await inbox.stop();
      await dlq.stop();
    }
  });

  it('an unknown event type is ignored by a consumer that does not take it, dead-lettered by one that takes everything', async () => {
    const topic = await freshTopic();
    const dlq = await collect(transport, dlqOf(topic), unique('dlq-observer'));
    const future = { ...toEnvelope(valid(unique('e'), 'AidGranted', 'app-u')), type: 'GrantIndexed', data: { indexed: true } };
    const good = valid(unique('e'), 'AidGranted', 'app-u');
    await rig.publishRaw(topic, [{ key: 'app-u', value: JSON.stringify(future), headers: { 'event-type': 'GrantIndexed' } }]);
    await transport.publish(topic, [toMessage(good)]);
    const picky = consumer(topic, unique('picky'), async () => undefined, { accepts: (e) => e.type === 'AidGranted' });
    const all = consumer(topic, unique('all'), async () => undefined);
    await picky.start();
    await all.start();
    try {
      await waitFor(() => picky.metrics.processed === 1 && all.metrics.processed === 1 && dlq.messages.length === 1, 'both consumers past the unknown event');
      expect(picky.metrics).toMatchObject({ ignored: 1, unknown: 1, deadLettered: 0 });
      expect(all.metrics).toMatchObject({ ignored: 0, deadLettered: 1 });
      expect(dlq.messages[0].headers[DLQ_HEADERS.error]).toMatch(/UnknownEventError: unknown event type GrantIndexed/);
    } finally {
      await picky.stop();
      await all.stop();
      await dlq.stop();
    }
  });

  /**
   * The handler's transaction loses its database connection, or (in memory, where there is no
   * connection to lose) the database reports a serialization failure.
   */
  async function infrastructureFailure(store: EventStore): Promise<never> {
    if (kind === 'kafka+postgres') {
      const { rows } = await store.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await rig.driver.query('SELECT pg_terminate_backend($1)', [rows[0].pid]); // from another connection
      await store.sql.query('SELECT 1');
      throw new Error('the connection survived pg_terminate_backend');
    }
    throw Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });
  }

  it('a database failure is waited out: nothing is dead-lettered, every event has its effect once when it recovers', async () => {
    const topic = await freshTopic();
    const name = unique('outage');
    const dlq = await collect(transport, dlqOf(topic), unique('dlq-observer'));
    const events = [1, 2, 3, 4, 5].map(() => valid(unique('e'), 'AidGranted', 'app-o'));
    const victim = events[2].eventId;
    await transport.publish(topic, events.map(toMessage));
    let failures = 0;
    const states = new Set<string>();
    const inbox = consumer(topic, name, async (envelope, store) => {
      await recordEffect(name)(envelope, store);
      if (envelope.eventId === victim && failures < 8) {
        failures++;
        await infrastructureFailure(store);
      }
    });
    const watch = setInterval(() => states.add(inbox.status().state), 5);
    await inbox.start();
    try {
      await waitFor(() => inbox.metrics.processed === 5, 'all five processed');
      expect(failures).toBe(8); // more than retry.attempts (3): an outage is not the message's fault
      expect(inbox.metrics).toMatchObject({ processed: 5, deadLettered: 0, retries: 0 });
      expect(inbox.metrics.outageRetries).toBeGreaterThanOrEqual(8);
      expect(states).toContain('retrying');
      expect(inbox.status().state).toBe('running');
      expect((await effectsOf(name)).map((r) => r.event_id).sort()).toEqual(events.map((e) => e.eventId).sort());
      await delay(200);
      expect(dlq.messages).toHaveLength(0);
    } finally {
      clearInterval(watch);
      await inbox.stop();
      await dlq.stop();
    }
  });

  it('status says when a partition is paused on an outage, since when and why; stop() interrupts the wait and leaves the message uncommitted', async () => {
    const topic = await freshTopic();
    const name = unique('stuck');
    const event = valid(unique('e'), 'CaseOpened', 'app-s');
    await transport.publish(topic, [toMessage(event)]);
    const first = consumer(topic, name, async (_, store) => infrastructureFailure(store), { outage: { baseDelayMs: 60_000 } });
    await first.start();
    expect(first.status().state).toBe('running');
    await waitFor(() => first.status().state === 'retrying', 'the pause');
    const status = first.status();
    // The terminated backend surfaces as PostgreSQL's 57P01 or, when the pool saw it first, as pg's broken-client error.
    expect(status.reason).toMatch(kind === 'kafka+postgres' ? /terminat|connection error/i : /serialize/);
    expect(Date.parse(status.since!)).toBeLessThanOrEqual(Date.now());
    const t0 = Date.now();
    await first.stop();
    expect(Date.now() - t0).toBeLessThan(5000); // not the 60 s pause
    expect(first.status().state).toBe('stopped');
    expect(first.metrics).toMatchObject({ processed: 0, deadLettered: 0 });

    // Same group: the message was not committed, so it is delivered again.
    const second = consumer(topic, name, recordEffect(name));
    await second.start();
    try {
      await waitFor(() => second.metrics.processed === 1, 'the message again');
      expect((await effectsOf(name)).map((r) => r.event_id)).toEqual([event.eventId]);
    } finally {
      await second.stop();
    }
  });
});

describe('InboxConsumer on kafka+postgres, when the broker refuses the dead letter', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await openRig('kafka+postgres');
  });
  afterAll(() => rig.close());

  it('keeps the poison message uncommitted and retries; nothing after it is skipped over', async () => {
    const transport = rig.newTransport();
    // 246 characters: a valid topic whose DLQ name (".dlq" added) is over Kafka's 249 limit.
    const topic = unique('refused').padEnd(246, 'x');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    const good = valid(unique('e'), 'AidGranted', 'app-r');
    await transport.publish(topic, [{ key: 'app-r', value: 'not json' }, toMessage(good)]);
    const inbox = new InboxConsumer({
      consumer: unique('refused'), topics: [topic], store: rig.store, transport, logger: silentLogger,
      outage: { baseDelayMs: 50, maxDelayMs: 200 },
      handler: async () => undefined,
    });
    await inbox.start();
    try {
      await waitFor(() => inbox.status().state === 'retrying', 'the dead letter to be refused');
      expect(inbox.status().reason).toMatch(/dead letter to .*\.dlq could not be produced/);
      await delay(1500);
      expect(inbox.status().state).toBe('retrying');
      expect(inbox.metrics).toMatchObject({ processed: 0, deadLettered: 0 });
      expect(inbox.metrics.outageRetries).toBeGreaterThan(1);
    } finally {
      const t0 = Date.now();
      await inbox.stop();
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  });
});
