import type { Service } from './services';

export const topicOf = (service: Service | string): string => `onedoor.${service}.v1`;
export const dlqOf = (topic: string): string => `${topic}.dlq`;

/** The Kafka envelope (message value, JSON). */
export interface Envelope<T = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  actor: { sub: string; role: string } | null;
  jurisdiction: string | null;
  data: T;
}

/** Kafka header names of the contract. */
export const HEADERS = {
  eventType: 'event-type',
  eventId: 'event-id',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
} as const;
