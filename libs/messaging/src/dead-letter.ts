import { errorText } from './logger';
import type { IncomingMessage, OutgoingMessage } from './transport';

/** Headers added to a dead-lettered message, next to its original ones, for triage and replay. */
export const DLQ_HEADERS = {
  error: 'dlq-error',
  consumer: 'dlq-consumer',
  attempts: 'dlq-attempts',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
} as const;

/**
 * The dead letter for a message: same key and value bytes (so it can be replayed unchanged onto
 * the original topic), original headers, and why, where from and by whom it was given up.
 */
export function deadLetter(message: IncomingMessage, error: unknown, consumer: string, attempts: number): OutgoingMessage {
  return {
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      [DLQ_HEADERS.error]: errorText(error),
      [DLQ_HEADERS.consumer]: consumer,
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.originalTopic]: message.topic,
      [DLQ_HEADERS.originalPartition]: String(message.partition),
      [DLQ_HEADERS.originalOffset]: message.offset,
    },
  };
}
