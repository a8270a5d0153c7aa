/**
 * Kafka's default partitioning, without allocations: murmur2 (the Java client's
 * Utils.murmur2, as kafkajs' DefaultPartitioner uses it) of the key's UTF-8 bytes, made positive,
 * modulo the partition count. The Kafka transport assigns partitions with it up front (so it can
 * size requests per partition, and kafkajs skips its slower Long-based hash); the in-process
 * transport uses it so a key lands on the same partition number in both modes. A unit test holds
 * it equal to kafkajs' partitioner.
 */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) h = Math.imul(h ^ data[tail], m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions;
}
