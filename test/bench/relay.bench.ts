/**
 * Outbox relay throughput against a raw kafkajs producer sending the very same messages (keys,
 * values, headers) in the same batch size, with the same producer settings, in the same run.
 * The events are appended first (not timed). Each round publishes everything to fresh topics,
 * relay and raw alternating which goes first, so load from anything else falls on both alike.
 * A full untimed run of each first brings both to the same JIT and heap state.
 * Env: BENCH_EVENTS (50000), BENCH_BATCH (2000, the relay's default), BENCH_ROUNDS (4),
 * ONEDOOR_TOPIC_PARTITIONS (4), KAFKA_BROKERS (else the local broker is started), DATABASE_URL.
 * Ends with one JSON line: {"bench":"relay","relayPerSec":…,"rawProducePerSec":…,"ratio":…}.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { EventStore, PostgresDriver, START } from '@onedoor/event-store';
import {
  defaultTopicPartitions, EventRelay, kafkaLogCreator, KafkaTransport, readOutboxPage, stderrLogger, type OutgoingMessage,
} from '@onedoor/messaging';
import { benchDatabaseUrl, concurrently, time } from './bench-env';

const events = Number(process.env.BENCH_EVENTS ?? 50_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const batchSize = Number(process.env.BENCH_BATCH ?? 2000);
const partitions = defaultTopicPartitions({ ONEDOOR_TOPIC_PARTITIONS: process.env.ONEDOOR_TOPIC_PARTITIONS ?? '4' });
const perStream = 10;

function brokers(): string {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
  execFileSync('bash', [join(__dirname, '..', '..', 'deploy', 'kafka', 'start.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  return '127.0.0.1:9092';
}

/** A realistic public event: pseudonymous references, money in fen, full metadata. */
function newEvent(app: number, n: number) {
  return {
    type: n === 0 ? 'CaseOpened' : 'AidGranted',
    data: {
      applicationId: `app-${app}`,
      caseId: `case-${app}`,
      department: 'temporary-aid',
      personRef: `p-${randomUUID()}`,
      householdRef: `h-${randomUUID()}`,
      amountFen: 240000 + n,
      reasons: ['illness', 'schooling'],
      decidedOn: '2026-11-21',
    },
    metadata: {
      correlationId: `corr-${app}`,
      causationId: randomUUID(),
      actor: { sub: 'officer-7', role: 'officer' },
      jurisdiction: '321323100',
      traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
    },
  };
}

/** Garbage-collection pause time, to see where a difference between the two paths comes from. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** Wall seconds, process CPU seconds and GC seconds of one run. */
async function measure(run: () => Promise<void>): Promise<{ wall: number; cpu: number; gc: number }> {
  const cpu0 = process.cpuUsage();
  const gc0 = gcMs;
  const wall = await time(run);
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, gc: (gcMs - gc0) / 1000 };
}

async function main() {
  const kafkaBrokers = brokers();
  const driver = new PostgresDriver({ connectionString: benchDatabaseUrl(), max: 16 });
  const schema = `bench_relay_${Date.now().toString(36)}`;
  const store = new EventStore(driver, { schema });
  await store.migrate();
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: kafkaBrokers.split(','), logLevel: logLevel.WARN, logCreator: kafkaLogCreator(stderrLogger) });
  const admin = kafka.admin();
  const transport = new KafkaTransport({ brokers: kafkaBrokers, clientId: 'bench-relay' });
  // The raw producer has the transport's settings, so the ratio measures the relay, not the config.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 } });
  try {
    console.log(`relay bench: ${events} events, batch ${batchSize}, ${partitions} partitions, ${rounds} rounds, schema ${schema}, Kafka ${kafkaBrokers}`);
    const appendSeconds = await time(() =>
      concurrently(16, Math.ceil(events / perStream), async (s) => {
        const count = Math.min(perStream, events - s * perStream);
        await store.append(`temporary-aid-case-${s}`, Array.from({ length: count }, (_, n) => newEvent(s, n)), { expectedVersion: 0 });
      }),
    );
    console.log(`appended ${events} events in ${Math.ceil(events / perStream)} streams in ${appendSeconds.toFixed(2)} s (not timed)`);
    // A table filled a moment ago has no statistics yet (autovacuum has not come by), and without
    // them the planner reads a page of readAll by sorting every remaining row instead of walking
    // the (transaction_id, global_position) key. Production tables are analysed; so is this one.
    await driver.exec(`ANALYZE "${schema}".events`);

    // The raw producer's input: the relay's own pages of the same events, in the same batches.
    const batches: OutgoingMessage[][] = [];
    let after = START;
    for (;;) {
      const page = await readOutboxPage(store, after, batchSize);
      if (page.read === 0) break;
      batches.push(page.messages);
      after = page.checkpoint;
    }
    const end = after;
    const bytes = batches.flat().reduce((n, m) => n + Buffer.byteLength(m.value) + (m.key?.length ?? 0), 0);
    console.log(`average message ${Math.round(bytes / events)} bytes of key and value, plus 6 headers`);

    await admin.connect();
    await producer.connect();
    const topics = Array.from({ length: rounds }, (_, r) => ({ relay: `bench.relay.${suffix}.${r}`, raw: `bench.raw.${suffix}.${r}` }));
    await transport.ensureTopics(topics.flatMap((t) => [t.relay, t.raw]).map((topic) => ({ topic, partitions })));
    let relayWaits = '';
    const relayRun = async (topic: string) => {
      const relay = new EventRelay({ store, transport, topic, batchSize, checkpointName: `relay:${topic}`, logger: stderrLogger });
      const m = await measure(async () => {
        let caughtUp = relay.caughtUp();
        relay.start();
        // Until the checkpoint reaches the end (visibility may trail a moment behind commits).
        while ((await caughtUp, relay.metrics.stored !== end)) caughtUp = relay.caughtUp();
      });
      await relay.stop();
      if (relay.metrics.stored !== end || relay.metrics.published !== events) {
        throw new Error(`relay ended at ${relay.metrics.stored} after ${relay.metrics.published} events, expected ${end}`);
      }
      relayWaits = `(of which waiting for a page ${(relay.metrics.readWaitMs / 1000).toFixed(2)} s, publishing ${(relay.metrics.publishMs / 1000).toFixed(2)} s)`;
      return m;
    };
    const rawRun = (topic: string) =>
      measure(async () => {
        for (const messages of batches) await producer.send({ topic, acks: -1, messages });
      });

    const warm = { relay: `bench.warm-relay.${suffix}`, raw: `bench.warm-raw.${suffix}` };
    await transport.ensureTopics([warm.relay, warm.raw].map((topic) => ({ topic, partitions })));
    await relayRun(warm.relay);
    await rawRun(warm.raw);

    const sum = { relay: { wall: 0, cpu: 0, gc: 0 }, raw: { wall: 0, cpu: 0, gc: 0 } };
    const add = (into: typeof sum.relay, m: typeof sum.relay) => {
      into.wall += m.wall;
      into.cpu += m.cpu;
      into.gc += m.gc;
    };
    const fmt = (m: typeof sum.relay) => `${Math.round(events / m.wall)}/s (${m.wall.toFixed(2)} s, cpu ${m.cpu.toFixed(2)} s, gc ${m.gc.toFixed(2)} s)`;
    for (let r = 0; r < rounds; r++) {
      let a: typeof sum.relay;
      let b: typeof sum.relay;
      if (r % 2 === 0) {
        a = await relayRun(topics[r].relay);
        b = await rawRun(topics[r].raw);
      } else {
        b = await rawRun(topics[r].raw);
        a = await relayRun(topics[r].relay);
      }
      add(sum.relay, a);
      add(sum.raw, b);
      console.log(`round ${r + 1}: relay ${fmt(a)} ${relayWaits}, raw produce ${fmt(b)}`);
    }
    const relaySeconds = sum.relay.wall;
    const rawSeconds = sum.raw.wall;
    // Every message is on the broker: high watermarks add up to the event count per topic.
    for (const t of [warm, ...topics]) {
      for (const topic of [t.relay, t.raw]) {
        const offsets = await admin.fetchTopicOffsets(topic);
        const total = offsets.reduce((n, o) => n + Number(o.high), 0);
        if (total !== events) throw new Error(`${topic} holds ${total} messages, expected ${events}`);
      }
    }
    const relayPerSec = Math.round((events * rounds) / relaySeconds);
    const rawProducePerSec = Math.round((events * rounds) / rawSeconds);
    const ratio = Number((relayPerSec / rawProducePerSec).toFixed(3));
    console.log(`relay (read, map, publish, checkpoint)   ${relayPerSec} events/s`);
    console.log(`raw kafkajs producer (same messages)     ${rawProducePerSec} messages/s`);
    console.log(`ratio relay/raw                          ${ratio} (target ≥ 0.7)`);
    const perEvent = (seconds: number) => `${((seconds * 1e6) / (events * rounds)).toFixed(1)} µs`;
    console.log(`node CPU per event: relay ${perEvent(sum.relay.cpu)}, raw ${perEvent(sum.raw.cpu)}; GC per event: relay ${perEvent(sum.relay.gc)}, raw ${perEvent(sum.raw.gc)}`);
    await admin.deleteTopics({ topics: [warm.relay, warm.raw, ...topics.flatMap((t) => [t.relay, t.raw])] }).catch(() => undefined);
    console.log(JSON.stringify({ bench: 'relay', relayPerSec, rawProducePerSec, ratio }));
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await transport.close();
    await driver.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await driver.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
