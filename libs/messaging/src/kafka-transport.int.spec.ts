import { KafkaTransport } from './kafka-transport';
import { kafkaMessageCount } from './test/rig';
import { unique, waitFor } from './test/wait';
import type { IncomingMessage } from './transport';

describe('KafkaTransport', () => {
  const transport = new KafkaTransport({ brokers: process.env.KAFKA_BROKERS!, clientId: 'messaging-int' });
  afterAll(() => transport.close());

  it('publishes more than the broker takes in one partition batch (message.max.bytes) by splitting it, in order', async () => {
    const topic = unique('big');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    const payload = 'x'.repeat(1000);
    // ~3 MB for one key, hence one partition: a single request would be refused as too large.
    await transport.publish(topic, Array.from({ length: 3000 }, (_, i) => ({ key: 'one-key', value: `${i}:${payload}`, headers: { n: String(i) } })));
    expect(await kafkaMessageCount(topic)).toBe(3000);

    const seen: IncomingMessage[] = [];
    const sub = await transport.subscribe({ groupId: unique('order'), topics: [topic], fromBeginning: true, handler: async (m) => void seen.push(m) });
    try {
      await waitFor(() => seen.length === 3000, 'all 3000');
    } finally {
      await sub.stop();
    }
    expect(seen.map((m) => Number(m.headers.n))).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(seen[0].key).toBe('one-key');
  });
});
