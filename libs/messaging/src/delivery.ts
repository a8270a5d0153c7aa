import type { BatchHandler, IncomingMessage, MessageHandler, Subscription } from './transport';

/**
 * What a transport tells a handler about the delivery it is working on, for handlers that may
 * wait a long time before resolving (an inbox riding out a database outage). Passed as the
 * handler's second argument by the transports of this library; handlers must not depend on it.
 */
export interface Delivery {
  /**
   * Keeps the consumer's group membership alive while the handler waits (Kafka evicts a member
   * that stays silent longer than its session timeout). Cheap: sends at most one heartbeat per
   * heartbeat interval. Failures are recorded for `interrupted()`, never thrown.
   */
  heartbeat(): Promise<void>;
  /**
   * Why the delivery is void, or undefined while it is not: the subscription is stopping, or the
   * partition was taken away by a rebalance. Its messages will be delivered again (to this member
   * or another), so the handler should give up rather than keep waiting.
   */
  interrupted(): string | undefined;
}

/** A message handler that also receives the Delivery. Assignable to MessageHandler. */
export type DeliveryMessageHandler = (message: IncomingMessage, delivery?: Delivery) => Promise<void>;
/** A batch handler that also receives the Delivery. Assignable to BatchHandler. */
export type DeliveryBatchHandler = (messages: IncomingMessage[], delivery?: Delivery) => Promise<void>;

/** Calls a handler with the Delivery (the declared handler types take the message only). */
export const deliverMessage = (handler: MessageHandler, message: IncomingMessage, delivery: Delivery) =>
  (handler as DeliveryMessageHandler)(message, delivery);
/** Calls a batch handler with the Delivery. */
export const deliverBatch = (handler: BatchHandler, messages: IncomingMessage[], delivery: Delivery) =>
  (handler as DeliveryBatchHandler)(messages, delivery);

/** How a subscription is doing: consuming, or down (a crashed client being restarted), since when and why. */
export interface SubscriptionHealth {
  state: 'running' | 'failed' | 'stopped';
  /** ISO 8601 instant of the last change of state. */
  since: string;
  /** Why it failed: the error text. */
  reason?: string;
}

/** A subscription that watches and restarts its client and reports how it is doing. */
export interface SupervisedSubscription extends Subscription {
  health(): SubscriptionHealth;
}

/** True when the transport's subscription reports its health (the Kafka transport's do). */
export const isSupervised = (s: Subscription): s is SupervisedSubscription =>
  typeof (s as Partial<SupervisedSubscription>).health === 'function';
