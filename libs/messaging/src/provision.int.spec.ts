import { Kafka, logLevel } from 'kafkajs';
import { KafkaTransport } from './kafka-transport';
import { defaultTopicPartitions, provisionTopics } from './provision';
import { unique } from './test/wait';

describe('provisionTopics on Kafka', () => {
  const transport = new KafkaTransport({ brokers: process.env.KAFKA_BROKERS!, clientId: 'messaging-int' });
  const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin();
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.disconnect();
    await transport.close();
  });

  const partitionsOf = async (topics: string[]) => {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]));
  };

  it('creates each service topic and its DLQ with the requested partitions, idempotently, and only ever grows them', async () => {
    const services = [unique('svc-a'), unique('svc-b')];
    const specs = await provisionTopics(transport, services, { events: 3, dlq: 1 });
    const names = specs.map((s) => s.topic);
    expect(names).toEqual([`onedoor.${services[0]}.v1`, `onedoor.${services[0]}.v1.dlq`, `onedoor.${services[1]}.v1`, `onedoor.${services[1]}.v1.dlq`]);
    expect(await partitionsOf(names)).toEqual(Object.fromEntries(names.map((n) => [n, n.endsWith('.dlq') ? 1 : 3])));

    await provisionTopics(transport, services, { events: 3, dlq: 1 }); // again: nothing changes, no error
    await provisionTopics(transport, services, 5); // grows both
    await provisionTopics(transport, services, 2); // never shrinks
    expect(await partitionsOf(names)).toEqual(Object.fromEntries(names.map((n) => [n, 5])));
  });

  it('reads the default partition count from ONEDOOR_TOPIC_PARTITIONS (default 1)', () => {
    expect(defaultTopicPartitions({})).toBe(1);
    expect(defaultTopicPartitions({ ONEDOOR_TOPIC_PARTITIONS: '8' })).toBe(8);
    expect(() => defaultTopicPartitions({ ONEDOOR_TOPIC_PARTITIONS: 'x' })).toThrow(/positive integer/);
  });
});
