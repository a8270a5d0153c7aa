/**
 * Dead letters: listing them, and sending them back to the topic they came from once the cause is
 * fixed. A redrive republishes the original key, value and headers (the dlq-* ones removed) and
 * records what it did in the consumer group `onedoor-dlq-redrive` on the dead-letter topic: the
 * committed offset is the first message not yet redriven, and the offsets beyond it redriven one
 * by one (--event-id) are kept in the commit's metadata. So no message is sent back twice.
 */
import { DLQ_HEADERS, KafkaTransport, type KafkaSecurity } from '@onedoor/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { partitionRanges, readTopic, stringHeaders, topicExists, type TopicMessage } from './topic';

import { REDRIVE_GROUP } from './groups';

export { REDRIVE_GROUP };

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: string;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumer: string | null;
  attempts: number | null;
  error: string | null;
  eventType: string | null;
  eventId: string | null;
  redriven: boolean;
}

interface PartitionState {
  committed: bigint;
  done: Set<string>;
}

/** What the redrive group has recorded for a dead-letter topic, per partition. */
export async function redriveState(admin: Admin, topic: string): Promise<Map<number, PartitionState>> {
  const [offsets] = await admin.fetchOffsets({ groupId: REDRIVE_GROUP, topics: [topic] });
  const state = new Map<number, PartitionState>();
  for (const p of offsets?.partitions ?? []) {
    let done: string[] = [];
    try {
      done = p.metadata ? ((JSON.parse(p.metadata) as { done?: string[] }).done ?? []) : [];
    } catch {
      done = [];
    }
    state.set(p.partition, { committed: Number(p.offset) < 0 ? 0n : BigInt(p.offset), done: new Set(done) });
  }
  return state;
}

const isRedriven = (state: Map<number, PartitionState>, m: { partition: number; offset: string }) => {
  const s = state.get(m.partition);
  return !!s && (BigInt(m.offset) < s.committed || s.done.has(m.offset));
};

function deadLetterOf(m: TopicMessage, redriven: boolean): DeadLetter {
  const h = m.headers;
  let eventType: string | null = h['event-type'] ?? null;
  let eventId: string | null = h['event-id'] ?? null;
  if ((!eventType || !eventId) && m.value) {
    try {
      const v = JSON.parse(m.value.toString('utf8')) as { type?: string; eventId?: string };
      eventType ??= typeof v.type === 'string' ? v.type : null;
      eventId ??= typeof v.eventId === 'string' ? v.eventId : null;
    } catch {
      // not an envelope: that may be why it is here
    }
  }
  const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    key: m.key,
    timestamp: new Date(Number(m.timestamp)).toISOString(),
    originalTopic: h[DLQ_HEADERS.originalTopic] ?? null,
    originalPartition: num(h[DLQ_HEADERS.originalPartition]),
    originalOffset: h[DLQ_HEADERS.originalOffset] ?? null,
    consumer: h[DLQ_HEADERS.consumer] ?? null,
    attempts: num(h[DLQ_HEADERS.attempts]),
    error: h[DLQ_HEADERS.error] ?? null,
    eventType,
    eventId,
    redriven,
  };
}

/** The dead-letter topics: the one given, or every `*.dlq` (under ONEDOOR_TOPIC_PREFIX when set). */
export async function dlqTopics(admin: Admin, topic: string | undefined, prefix = ''): Promise<string[]> {
  if (topic) {
    if (!(await topicExists(admin, topic))) throw new Error(`topic ${topic} does not exist`);
    return [topic];
  }
  return (await admin.listTopics()).filter((t) => t.endsWith('.dlq') && t.startsWith(prefix)).sort();
}

export async function listDeadLetters(kafka: Kafka, admin: Admin, topic: string, onProgress?: (read: number, total: number) => void): Promise<DeadLetter[]> {
  const state = await redriveState(admin, topic);
  const out: DeadLetter[] = [];
  await readTopic(kafka, admin, topic, (m) => void out.push(deadLetterOf(m, isRedriven(state, m))), { onProgress });
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

export interface RedriveResult {
  topic: string;
  /** Messages sent back (or that would be, with --dry-run). */
  redriven: DeadLetter[];
  /** Messages left in place: no original topic header, or not selected. */
  skipped: { deadLetter: DeadLetter; reason: string }[];
  alreadyRedriven: number;
}

/** Headers to send back: the original ones, without what the dead-lettering added. */
export function originalHeaders(headers: Record<string, string>): Record<string, string> {
  const dlq = new Set<string>(Object.values(DLQ_HEADERS));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !dlq.has(name) && !name.startsWith('dlq-')));
}

export async function redrive(
  kafka: Kafka,
  admin: Admin,
  brokers: string[],
  topic: string,
  options: { eventId?: string; dryRun?: boolean; onProgress?: (read: number, total: number) => void; security?: KafkaSecurity },
): Promise<RedriveResult> {
  const state = await redriveState(admin, topic);
  const ranges = await partitionRanges(admin, topic);
  // Already redriven: everything below a committed offset (still in the log), and the ones listed.
  const alreadyRedriven = ranges.reduce((n, r) => {
    const s = state.get(r.partition);
    return s ? n + Math.max(0, Number(s.committed - BigInt(r.low))) + s.done.size : n;
  }, 0);
  const result: RedriveResult = { topic, redriven: [], skipped: [], alreadyRedriven };
  const from = new Map([...state].map(([p, s]) => [p, s.committed]));
  const selected = (m: TopicMessage, d: DeadLetter): string | undefined => {
    if (options.eventId && d.eventId !== options.eventId) return 'not the selected event';
    if (!d.originalTopic) return `no ${DLQ_HEADERS.originalTopic} header: nowhere to send it`;
    return undefined;
  };

  if (options.dryRun) {
    await readTopic(
      kafka,
      admin,
      topic,
      (m) => {
        const d = deadLetterOf(m, isRedriven(state, m));
        if (d.redriven) return;
        const why = selected(m, d);
        if (why) result.skipped.push({ deadLetter: d, reason: why });
        else result.redriven.push(d);
      },
      { from, onProgress: options.onProgress },
    );
    return result;
  }

  // The work itself runs as the one member of the redrive group, so it can commit its progress
  // (with metadata) as it goes; a member already in the group means another redrive is running.
  const { groups } = await admin.describeGroups([REDRIVE_GROUP]);
  if ((groups[0]?.members ?? []).length > 0) throw new Error(`consumer group ${REDRIVE_GROUP} has an active member: another redrive is running`);
  const ends = new Map(ranges.filter((r) => BigInt(r.high) > (state.get(r.partition)?.committed ?? BigInt(r.low))).map((r) => [r.partition, BigInt(r.high)]));
  if (ends.size === 0) return result;
  const total = ranges.reduce((n, r) => n + Number(BigInt(r.high) - (state.get(r.partition)?.committed ?? BigInt(r.low))), 0);
  const transport = new KafkaTransport({ brokers, clientId: 'onedoor-dlq-redrive', security: options.security });
  const consumer = kafka.consumer({ groupId: REDRIVE_GROUP, maxWaitTimeInMs: 250 });
  let read = 0;
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    consumer.on(consumer.events.CRASH, (e) => fail(e.payload.error));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        const s = state.get(batch.partition) ?? { committed: BigInt(ranges.find((r) => r.partition === batch.partition)?.low ?? '0'), done: new Set<string>() };
        state.set(batch.partition, s);
        try {
          for (const m of batch.messages) {
            if (BigInt(m.offset) >= end) break;
            read++;
            const message: TopicMessage = {
              topic, partition: batch.partition, offset: m.offset, key: m.key ? m.key.toString() : null, value: m.value,
              headers: stringHeaders(m.headers), timestamp: m.timestamp,
            };
            const d = deadLetterOf(message, isRedriven(state, message));
            if (d.redriven) continue;
            const why = selected(message, d);
            if (why) {
              result.skipped.push({ deadLetter: d, reason: why });
              continue;
            }
            await transport.publish(d.originalTopic!, [{ key: message.key, value: message.value ?? Buffer.alloc(0), headers: originalHeaders(message.headers) }]);
            s.done.add(m.offset);
            d.redriven = true;
            result.redriven.push(d);
          }
          // Record: the committed offset moves over the redriven prefix; the rest stay listed.
          while (s.done.has(String(s.committed))) {
            s.done.delete(String(s.committed));
            s.committed++;
          }
          const metadata = JSON.stringify({ done: [...s.done].sort((a, b) => Number(BigInt(a) - BigInt(b))) });
          if (metadata.length > 3800) throw new Error(`too many messages of ${topic}[${batch.partition}] redriven one by one to record; redrive the rest of the partition (without --event-id)`);
          await consumer.commitOffsets([{ topic, partition: batch.partition, offset: String(s.committed), metadata }]);
        } catch (e) {
          fail(e); // reported once, not retried: what was sent back is in `state` already
          return;
        }
        options.onProgress?.(read, total);
        await heartbeat();
        if (BigInt(batch.lastOffset()) + 1n >= end) {
          ends.delete(batch.partition);
          if (ends.size === 0) finish();
        }
      },
    });
    await done;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await transport.close();
  }
  return result;
}
