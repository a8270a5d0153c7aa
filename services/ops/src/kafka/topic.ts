/**
 * Reading a topic from its beginning up to the end offsets of the moment, and small admin helpers.
 * kafkajs cannot assign partitions by hand, so a reader joins a fresh consumer group of its own
 * (deleted afterwards), starts from the earliest offset and stops when every partition has reached
 * the end offset it had when the reading began.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, IHeaders, Kafka } from 'kafkajs';

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface PartitionRange {
  partition: number;
  /** First offset still in the log (above 0 once retention deleted older messages). */
  low: string;
  /** End offset: the offset the next message will get. */
  high: string;
}

export function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

export async function topicExists(admin: Admin, topic: string): Promise<boolean> {
  return (await admin.listTopics()).includes(topic);
}

export async function partitionRanges(admin: Admin, topic: string): Promise<PartitionRange[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high })).sort((a, b) => a.partition - b.partition);
}

/**
 * Calls onMessage for every message of `topic` below the end offsets of now, in offset order per
 * partition (partitions may interleave). `from` skips partitions' messages below given offsets.
 */
export async function readTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  onMessage: (message: TopicMessage) => void | Promise<void>,
  options: { from?: Map<number, bigint>; onProgress?: (read: number, total: number) => void; stallMs?: number } = {},
): Promise<{ ranges: PartitionRange[]; read: number }> {
  const ranges = await partitionRanges(admin, topic);
  const start = (r: PartitionRange) => {
    const from = options.from?.get(r.partition);
    const low = BigInt(r.low);
    return from !== undefined && from > low ? from : low;
  };
  const todo = new Map(ranges.filter((r) => BigInt(r.high) > start(r)).map((r) => [r.partition, BigInt(r.high)]));
  const total = ranges.reduce((n, r) => n + Math.max(0, Number(BigInt(r.high) - start(r))), 0);
  let read = 0;
  if (todo.size === 0) {
    options.onProgress?.(0, 0);
    return { ranges, read };
  }
  const groupId = `onedoor-ops-read-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, sessionTimeout: 30_000, maxBytes: 16 * 1024 * 1024 });
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  let lastProgress = Date.now();
  const stallMs = options.stallMs ?? 60_000;
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > stallMs) fail(new Error(`reading ${topic} made no progress for ${stallMs / 1000} s`));
  }, 1000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    consumer.on(consumer.events.CRASH, (e) => fail(e.payload.error));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const end = todo.get(batch.partition);
        if (end === undefined) return;
        const from = options.from?.get(batch.partition);
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          if (offset >= end) break;
          if (from !== undefined && offset < from) continue;
          await onMessage({
            topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString() : null,
            value: m.value,
            headers: stringHeaders(m.headers),
            timestamp: m.timestamp,
          });
          read++;
        }
        lastProgress = Date.now();
        options.onProgress?.(read, total);
        await heartbeat();
        if (BigInt(batch.lastOffset()) + 1n >= end) {
          todo.delete(batch.partition);
          if (todo.size === 0) finish();
        }
      },
    });
    await done;
  } finally {
    clearInterval(watchdog);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return { ranges, read };
}
