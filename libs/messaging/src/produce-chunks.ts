import type { Message } from 'kafkajs';
import { partitionForKey } from './key-hash';
import type { OutgoingMessage } from './transport';

/** Bytes a message adds to its partition's record batch; 70 is a generous bound on the framing. */
export function messageBytes(m: OutgoingMessage): number {
  let size = 70 + (m.key ? Buffer.byteLength(m.key) : 0) + (typeof m.value === 'string' ? Buffer.byteLength(m.value) : m.value.length);
  for (const name in m.headers) size += name.length + Buffer.byteLength(m.headers[name]) + 4;
  return size;
}

/**
 * Turns a publish into produce requests: consecutive runs of messages (order kept) such that no
 * partition receives more than `budget` bytes in one request — the broker refuses a partition
 * batch over message.max.bytes, and a refused request must never happen (see
 * KafkaTransport.discardProducer). With the partition count known, keyed messages get their
 * partition here (Kafka's default murmur2, see key-hash), so a batch spread over partitions
 * goes as one request; without it, each request as a whole is held to the budget and kafkajs
 * partitions. A message without a key may land anywhere, so it counts against every partition.
 */
export function* produceChunks(messages: OutgoingMessage[], budget: number, partitions?: number): Generator<Message[]> {
  const perPartition = new Array<number>(Math.max(1, partitions ?? 1)).fill(0);
  let chunk: Message[] = [];
  for (const m of messages) {
    const size = messageBytes(m);
    const partition = partitions && m.key !== null ? partitionForKey(m.key, partitions) : undefined;
    const over = partition === undefined ? perPartition.some((b) => b + size > budget) : perPartition[partition] + size > budget;
    if (over && chunk.length > 0) {
      yield chunk;
      chunk = [];
      perPartition.fill(0);
    }
    if (partition === undefined) for (let p = 0; p < perPartition.length; p++) perPartition[p] += size;
    else perPartition[partition] += size;
    chunk.push({ key: m.key, value: m.value, headers: m.headers, partition });
  }
  if (chunk.length > 0) yield chunk;
}
