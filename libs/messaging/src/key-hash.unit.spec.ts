import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { partitionForKey } from './key-hash';

describe('partitionForKey', () => {
  it('matches kafkajs’ default (Java-compatible) partitioner for every key tried', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const keys = [
      '', 'a', 'ab', 'abc', 'abcd', 'abcde', 'app-1', 'application-0192f4c2-7d3e-7a10-9c55-3f1f7f0d2a11',
      '王芳', '临时救助-321323', 'ü', '🙂emoji', ...Array.from({ length: 2000 }, (_, i) => `app-${i * 7919}-${'x'.repeat(i % 13)}`),
    ];
    for (const partitions of [1, 3, 4, 7, 12]) {
      const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0],
      }));
      for (const key of keys) {
        expect(partitionForKey(key, partitions)).toBe(kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } }));
      }
    }
  });
});
