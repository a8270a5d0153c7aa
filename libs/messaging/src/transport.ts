/**
 * The messaging port. Services, the relay and the inbox talk to this interface only, so the same
 * code runs on Kafka (distributed mode) and in memory (embedded single-process mode).
 * Delivery is at-least-once everywhere: consumers must be idempotent (see InboxConsumer).
 */

export type Headers = Record<string, string>;

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface OutgoingMessage {
  /** Messages with the same key land on the same partition, so their order is kept. */
  key: string | null;
  value: string | Buffer;
  headers?: Headers;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Decimal string, as Kafka offsets are 64-bit. */
  offset: string;
  key: string | null;
  /** null for a tombstone. */
  value: Buffer | null;
  headers: Headers;
}

export type MessageHandler = (message: IncomingMessage) => Promise<void>;

/** Consecutive messages of one partition, in offset order. */
export type BatchHandler = (messages: IncomingMessage[]) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Where a group without a committed offset starts: the beginning, or only new messages. */
  fromBeginning?: boolean;
  /**
   * Called once per message; its offset is committed only after it resolves. A rejection means
   * "not processed": the message is delivered again (at-least-once), so retries and dead
   * lettering belong in the handler (InboxConsumer does that).
   */
  handler: MessageHandler;
  /**
   * When given, used instead of `handler`: up to `maxBatchSize` consecutive messages of a
   * partition at once, committed together after it resolves; a rejection delivers them all again.
   */
  batchHandler?: BatchHandler;
  /** Default 200. */
  maxBatchSize?: number;
  /** Partitions processed at the same time; order within a partition is always kept. Default 1. */
  concurrency?: number;
}

export interface Subscription {
  /** Stops fetching, waits for the handlers in flight, commits their offsets and leaves the group. */
  stop(): Promise<void>;
}

export interface Transport {
  readonly kind: 'kafka' | 'in-process';
  /** Creates missing topics and raises partition counts that are too low; never lowers them. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /**
   * Resolves only once the broker has acknowledged every message (acks = all). Messages of one
   * call and of successive calls keep their order per key.
   */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription (draining) and releases connections. */
  close(): Promise<void>;
}
