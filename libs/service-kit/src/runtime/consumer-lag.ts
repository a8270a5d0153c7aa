import { Kafka, logLevel, type Admin } from 'kafkajs';

/** Consumer-group lag from the broker: end offsets minus committed offsets, over all partitions. */
export function kafkaConsumerLag(brokers: string[]) {
  const admin: Admin = new Kafka({ clientId: 'onedoor-lag', brokers, logLevel: logLevel.NOTHING }).admin();
  let connected: Promise<void> | undefined;
  return {
    async measure(groupId: string, topics: string[]): Promise<number> {
      connected ??= admin.connect();
      await connected;
      const committed = await admin.fetchOffsets({ groupId, topics });
      let lag = 0;
      for (const t of committed) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) {
          const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          const at = Number(p.offset);
          lag += Math.max(0, end - (at < 0 ? 0 : at));
        }
      }
      return lag;
    },
    async close() {
      if (connected) await admin.disconnect().catch(() => undefined);
    },
  };
}
