/**
 * Partition for a key in the in-process transport: FNV-1a over the UTF-8 bytes. Only stability
 * matters (one key → one partition → its order kept); the numbers need not match Kafka's murmur2,
 * because in-process topics never meet a Kafka consumer.
 */
export function partitionForKey(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}
