/**
 * Integrity of the stores and of what they published: every hash chain recomputed, and each
 * service's public events up to its relay checkpoint found on its topic — none missing, each
 * stream in order within its partition; duplicates (expected after a relay crash between the
 * broker's acknowledgement and the checkpoint write) are counted, not failed.
 */
import type { Envelope } from '@onedoor/contracts';
import { START, type VerifyReport } from '@onedoor/event-store';
import type { Admin, Kafka } from 'kafkajs';
import type { Context } from '../cli/context';
import { countEvents } from '../infra';
import type { ServiceStore } from '../stores';
import { readTopic, topicExists, type PartitionRange } from '../kafka/topic';

export interface ChainResult extends VerifyReport {
  service: string;
  seconds: number;
}

export interface EventRef {
  eventId: string;
  type: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
}

export interface OrderViolation {
  partition: number;
  offset: string;
  key: string | null;
  streamId: string;
  streamVersion: number;
  /** The higher version this partition carried earlier for the stream. */
  after: number;
}

export interface KafkaCheck {
  service: string;
  topic: string;
  /** The relay's stored checkpoint: events up to it must be on the topic. */
  checkpoint: string;
  /** Public events up to the checkpoint. */
  published: number;
  /** Public events after it (the relay's lag: not required on the topic yet). */
  pending: number;
  messages: number;
  /** Published events not found on the topic: gaps. */
  missing: number;
  missingEvents: EventRef[];
  /** Extra copies on the topic (a relay re-sent a batch after a crash); consumers' inboxes absorb them. */
  duplicates: number;
  duplicatedEvents: number;
  /** Streams whose version went down within a partition (first copies only). */
  orderViolations: OrderViolation[];
  /** Messages of events after the checkpoint (published, checkpoint not yet written). */
  beyondCheckpoint: number;
  /** Messages whose event this store does not hold (another database wrote to the topic). */
  unknown: number;
  /** Messages that are not envelopes. */
  malformed: number;
  /** Partitions whose oldest messages were deleted by retention: events there cannot be checked. */
  truncatedPartitions: PartitionRange[];
  skipped?: string;
}

export interface VerifyResult {
  ok: boolean;
  chains: ChainResult[];
  kafka: KafkaCheck[];
  kafkaSkipped?: string;
}

const SAMPLES = 50;

export async function verifyChain(context: Context, s: ServiceStore): Promise<ChainResult> {
  const started = performance.now();
  const total = await countEvents(s.store.driver, s.schema);
  const bar = context.progress(`chains ${s.service}`, total);
  try {
    const report = await s.store.verify({ onProgress: (checked) => bar.update(checked) });
    bar.update(report.events);
    return { service: s.service, ...report, seconds: (performance.now() - started) / 1000 };
  } finally {
    bar.stop();
  }
}

const position = (checkpoint: string): [bigint, bigint] => {
  const [tx, pos] = checkpoint.split(':');
  return [BigInt(tx), BigInt(pos)];
};
const after = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

interface Known extends EventRef {
  published: boolean;
  copies: number;
}

export async function verifyTopic(context: Context, kafka: Kafka, admin: Admin, s: ServiceStore): Promise<KafkaCheck> {
  const checkpoint = await s.store.loadCheckpoint(`relay:${s.topic}`);
  const result: KafkaCheck = {
    service: s.service, topic: s.topic, checkpoint, published: 0, pending: 0, messages: 0, missing: 0, missingEvents: [], duplicates: 0,
    duplicatedEvents: 0, orderViolations: [], beyondCheckpoint: 0, unknown: 0, malformed: 0, truncatedPartitions: [],
  };

  // The store's public events, in the relay's own reading order, split at its checkpoint.
  const known = new Map<string, Known>();
  const types = new Set(s.publicTypes);
  const limit = position(checkpoint);
  const total = await countEvents(s.store.driver, s.schema);
  const storeBar = context.progress(`store ${s.service}`, total);
  try {
    let read = 0;
    for (let cursor = START; ; ) {
      const page = await s.store.readAll({ after: cursor, limit: 5000 });
      for (const e of page.events) {
        if (!types.has(e.type)) continue;
        const published = !after([BigInt(e.transactionId), BigInt(e.globalPosition)], limit);
        if (published) result.published++;
        else result.pending++;
        known.set(e.eventId, {
          eventId: e.eventId, type: e.type, streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition, published, copies: 0,
        });
      }
      read += page.events.length;
      storeBar.update(read);
      if (page.events.length < 5000) break;
      cursor = page.checkpoint;
    }
  } finally {
    storeBar.stop();
  }

  if (!(await topicExists(admin, s.topic))) {
    result.skipped = `topic ${s.topic} does not exist`;
    result.missing = result.published;
    result.missingEvents = [...known.values()].filter((k) => k.published).slice(0, SAMPLES).map(ref);
    return result;
  }

  // The topic, from the beginning to its end offsets of now.
  const lastVersion = new Map<string, number>();
  const bar = context.progress(`kafka ${s.service}`, 0, 'messages');
  let ranges: PartitionRange[] = [];
  try {
    ({ ranges } = await readTopic(
      kafka,
      admin,
      s.topic,
      (m) => {
        result.messages++;
        let envelope: Envelope;
        try {
          envelope = JSON.parse(m.value?.toString('utf8') ?? 'null');
          if (!envelope || typeof envelope.eventId !== 'string') throw new Error('not an envelope');
        } catch {
          result.malformed++;
          return;
        }
        const k = known.get(envelope.eventId);
        if (!k) {
          result.unknown++;
          return;
        }
        k.copies++;
        if (!k.published) result.beyondCheckpoint++;
        if (k.copies > 1) return; // a re-sent copy may go back in versions: that is not disorder
        const streamKey = `${m.partition}\u0000${m.key ?? ''}\u0000${k.streamId}`;
        const last = lastVersion.get(streamKey) ?? 0;
        if (k.streamVersion < last) {
          result.orderViolations.push({ partition: m.partition, offset: m.offset, key: m.key, streamId: k.streamId, streamVersion: k.streamVersion, after: last });
        } else lastVersion.set(streamKey, k.streamVersion);
      },
      { onProgress: (read, all) => bar.update(read, all) },
    ));
  } finally {
    bar.stop();
  }
  result.truncatedPartitions = ranges.filter((r) => r.low !== '0');
  for (const k of known.values()) {
    if (k.published && k.copies === 0) {
      result.missing++;
      if (result.missingEvents.length < SAMPLES) result.missingEvents.push(ref(k));
    }
    if (k.copies > 1) {
      result.duplicatedEvents++;
      result.duplicates += k.copies - 1;
    }
  }
  return result;
}

const ref = (k: Known): EventRef => ({ eventId: k.eventId, type: k.type, streamId: k.streamId, streamVersion: k.streamVersion, globalPosition: k.globalPosition });
