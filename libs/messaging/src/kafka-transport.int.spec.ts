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

  it('a subscription whose kafkajs consumer crashed for good reports it as failed and restarts it', async () => {
    const topic = unique('crash');
    await transport.ensureTopics([{ topic, partitions: 1 }]);
    await transport.publish(topic, [{ key: 'k', value: 'v' }]);
    let calls = 0;
    let handled = false;
    const sub = await transport.subscribe({
      groupId: unique('crash'), topics: [topic], fromBeginning: true,
      handler: async () => {
        // A non-retriable error, rejected more often than kafkajs retries: its consumer crashes without restarting.
        if (++calls <= 7) throw new TypeError('handler keeps failing');
        handled = true;
      },
    });
    const states = new Set<string>();
    const watch = setInterval(() => states.add(sub.health().state), 20);
    try {
      await waitFor(() => sub.health().state === 'failed', 'the crash', 90_000);
      expect(sub.health().reason).toMatch(/handler keeps failing/);
      await waitFor(() => handled && sub.health().state === 'running', 'the restarted consumer to handle the message', 90_000);
      expect(states).toEqual(new Set(['running', 'failed']));
    } finally {
      clearInterval(watch);
      await sub.stop();
    }
    expect(sub.health().state).toBe('stopped');
  });
});
