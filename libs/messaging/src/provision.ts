import { dlqOf, SERVICES, topicOf, type Service } from '@onedoor/contracts';
import type { TopicSpec, Transport } from './transport';

export interface TopicPartitions {
  /** Partitions of each `onedoor.<service>.v1`: the ceiling on a consumer group's parallelism. */
  events: number;
  /** Partitions of each `.dlq`; dead letters are rare, so fewer is fine. Default: as events. */
  dlq?: number;
}

/**
 * ONEDOOR_TOPIC_PARTITIONS, default 1. One partition per topic gives consumers the largest
 * batches (one inbox transaction each) and no two transactions of a consumer contending for the
 * same application: on one node it settled 82 applications/s against 68 with four partitions.
 * Raise it to spread a consumer group over several instances (partitions are only ever added).
 */
export function defaultTopicPartitions(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ONEDOOR_TOPIC_PARTITIONS ?? 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`ONEDOOR_TOPIC_PARTITIONS must be a positive integer, got ${env.ONEDOOR_TOPIC_PARTITIONS}`);
  return n;
}

/** The topics a set of services needs: each service topic and its dead-letter topic. */
export function serviceTopics(
  services: readonly (Service | string)[] = SERVICES,
  partitions: number | TopicPartitions = defaultTopicPartitions(),
): TopicSpec[] {
  const p = typeof partitions === 'number' ? { events: partitions } : partitions;
  return services.flatMap((service) => [
    { topic: topicOf(service), partitions: p.events },
    { topic: dlqOf(topicOf(service)), partitions: p.dlq ?? p.events },
  ]);
}

/**
 * Creates every `onedoor.<service>.v1` and its `.dlq` up front, so partition counts are chosen
 * deliberately rather than by broker auto-creation. Idempotent; raises but never lowers counts.
 */
export async function provisionTopics(
  transport: Transport,
  services: readonly (Service | string)[] = SERVICES,
  partitions: number | TopicPartitions = defaultTopicPartitions(),
): Promise<TopicSpec[]> {
  const topics = serviceTopics(services, partitions);
  await transport.ensureTopics(topics);
  return topics;
}
