import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';
import { kafkaLogCreator } from './kafka-logger';
import { kafkaSecurityFromEnv, type KafkaSecurity } from './kafka-security';
import { InterruptedError, outageDelay } from './backoff';
import { deliverBatch, deliverMessage, type Delivery, type SubscriptionHealth, type SupervisedSubscription } from './delivery';
import { produceChunks } from './produce-chunks';
import { errorText, stderrLogger, type Logger } from './logger';
import type { Headers, IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec, Transport } from './transport';

// kafkajs 2 warns once that its default partitioner changed from 1.x. We start on 2.x with the
// default (Java-compatible murmur2) partitioner, so the warning is noise; it must be set before
// the first producer is created.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export interface KafkaTransportOptions {
  /** "host:port" list, or a comma-separated string as in KAFKA_BROKERS. */
  brokers: string[] | string;
  clientId?: string;
  logger?: Logger;
  /** Longest a fetch waits for data: bounds the latency of an idle consumer's stop. Default 500. */
  maxWaitTimeInMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /**
   * Upper bound of the bytes one request carries for one partition; a publish that would exceed
   * it is sent as several requests, in order. Kept under the broker's message.max.bytes (1 MiB by
   * default, per partition batch). Default 900000.
   */
  maxPartitionBytes?: number;
  /**
   * TLS and SASL for the broker connections. Default: kafkaSecurityFromEnv() (KAFKA_SSL…,
   * KAFKA_SASL…), which throws KafkaSecurityConfigError for incomplete settings.
   */
  security?: KafkaSecurity;
}

/**
 * Kafka through kafkajs.
 *
 * Producer: idempotent, acks = all, one request in flight. Idempotence lets the broker drop
 * the duplicate a retried request would otherwise write and reject a gap in sequence numbers. One
 * request in flight is what keeps a key's order through retries in kafkajs: unlike the Java client
 * (which reorders up to 5 in-flight batches by sequence number), kafkajs has no sequence
 * reassignment, so a failed request followed by a successful later one could reorder or fail with
 * OUT_OF_ORDER_SEQUENCE_NUMBER. Publishes are additionally chained so that calls reach the broker
 * in call order. Throughput comes from batching: one request per publish, split only to stay
 * under the broker's size limit. After a send fails for good the producer is replaced (see
 * discardProducer).
 *
 * Consumer: eachMessage (or eachBatch in chunks, for a batch handler) with autoCommit; kafkajs
 * resolves a message's offset only after the handler resolved and commits resolved offsets at the
 * end of each batch and on stop, so a crash re-delivers (at-least-once) and never skips.
 * Partitions are processed concurrently (partitionsConsumedConcurrently), each in order. Handlers
 * get a Delivery (heartbeat, interrupted) so that one waiting out an outage keeps its membership
 * and gives up when the subscription stops; a subscription restarts a crashed consumer itself.
 */
export class KafkaTransport implements Transport {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producerReady?: Promise<Producer>;
  private adminReady?: Promise<Admin>;
  private publishTail: Promise<unknown> = Promise.resolve();
  private readonly subscriptions = new Set<Subscription>();
  private readonly partitionCounts = new Map<string, { count: number; at: number }>();
  private closed = false;

  constructor(private readonly options: KafkaTransportOptions) {
    const brokers = typeof options.brokers === 'string' ? options.brokers.split(',') : options.brokers;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'onedoor',
      brokers: brokers.map((b) => b.trim()).filter(Boolean),
      ...(options.security ?? kafkaSecurityFromEnv()),
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.logger ?? stderrLogger),
    });
  }

  private producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Bounded (kafkajs defaults to retrying forever when idempotent) so that a lost broker
        // surfaces as a rejected publish the relay can log, back off from and retry from its
        // checkpoint; nothing later is sent meanwhile, so order still holds.
        retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
      });
      await producer.connect();
      return producer;
    })().catch((e) => {
      this.producerReady = undefined;
      throw e;
    });
    return this.producerReady;
  }

  private admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((e) => {
      this.adminReady = undefined;
      throw e;
    });
    return this.adminReady;
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      // Resolves false (no throw) when another process created them first. kafkajs' own
      // waitForLeaders trips over UNKNOWN_TOPIC_OR_PARTITION on KRaft brokers, which announce a
      // new topic's metadata a moment after creating it, so readiness is awaited below instead.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
      });
    }
    const present = topics.filter((t) => existing.has(t.topic));
    if (present.length > 0) {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
      const grow = present
        .map((t) => ({ topic: t.topic, count: t.partitions, now: metadata.find((m) => m.name === t.topic)?.partitions.length ?? 0 }))
        .filter((t) => t.now < t.count);
      if (grow.length > 0) {
        await admin.createPartitions({ topicPartitions: grow.map(({ topic, count }) => ({ topic, count })) });
      }
    }
    await this.awaitLeaders(admin, topics);
  }

  /** Until every wanted partition of every topic has a leader (or 30 s passed). */
  private async awaitLeaders(admin: Admin, topics: TopicSpec[]): Promise<void> {
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
        const ready = topics.every((t) => {
          const partitions = metadata.find((m) => m.name === t.topic)?.partitions ?? [];
          return partitions.length >= t.partitions && partitions.every((p) => p.leader >= 0);
        });
        if (ready) return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      if (Date.now() > deadline) throw new Error(`topics not ready after 30 s: ${topics.map((t) => t.topic).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('transport closed'));
    if (messages.length === 0) return Promise.resolve();
    const sent = this.publishTail.then(async () => {
      const partitions = await this.partitionCount(topic);
      for (const chunk of produceChunks(messages, this.options.maxPartitionBytes ?? 900_000, partitions)) {
        const producer = await this.producer();
        try {
          await producer.send({ topic, acks: -1, messages: chunk });
        } catch (e) {
          this.partitionCounts.delete(topic);
          await this.discardProducer();
          throw e;
        }
      }
    });
    this.publishTail = sent.catch(() => undefined);
    return sent;
  }

  /**
   * A topic's partition count for sizing requests, cached for a minute (counts only grow, and
   * rarely). Undefined when unknown, e.g. for a topic not created yet: requests are then sized
   * as a whole.
   */
  private async partitionCount(topic: string): Promise<number | undefined> {
    const cached = this.partitionCounts.get(topic);
    if (cached && Date.now() - cached.at < 60_000) return cached.count;
    try {
      const { topics } = await (await this.admin()).fetchTopicMetadata({ topics: [topic] });
      const count = topics[0]?.partitions.length;
      if (count) this.partitionCounts.set(topic, { count, at: Date.now() });
      return count || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * After a send failed for good, the idempotent session is not reused. kafkajs rolls back the
   * sequence numbers of every partition in a failed request, including partitions the broker did
   * write; a later, different batch under the same producer id could then be taken by the broker
   * for a duplicate (and dropped) or rejected as out of order. A new producer id starts clean; the
   * caller's retry may duplicate messages, which consumers' inboxes absorb.
   */
  private async discardProducer(): Promise<void> {
    const ready = this.producerReady;
    this.producerReady = undefined;
    const producer = await ready?.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Joins the group and starts consuming; rejects when the first connection or join fails. The
   * subscription then looks after itself: a kafkajs consumer that crashes without restarting
   * (e.g. after a handler kept rejecting) is replaced by a new one after a pause (1 s doubling to
   * 30 s) until one runs again, and `health()` reports 'failed' with the error meanwhile.
   */
  async subscribe(options: SubscribeOptions): Promise<SupervisedSubscription> {
    if (this.closed) throw new Error('transport closed');
    const subscription = new KafkaSubscription(this.kafka, this.options, options, this.options.logger ?? stderrLogger, () =>
      this.subscriptions.delete(subscription),
    );
    await subscription.open();
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await this.publishTail;
    const producer = await this.producerReady?.catch(() => undefined);
    const admin = await this.adminReady?.catch(() => undefined);
    await Promise.allSettled([producer?.disconnect(), admin?.disconnect()]);
  }
}

const REBALANCE_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

/**
 * One consumer group membership, kept alive: a kafkajs consumer, replaced after a crash that
 * kafkajs does not recover from by itself.
 *
 * eachMessage (or eachBatch in chunks, for a batch handler) with autoCommit: kafkajs resolves a
 * message's offset only after the handler resolved, and commits the resolved offsets after each
 * batch and on stop. A rejected handler makes kafkajs deliver the message again; a handler that
 * gives up with InterruptedError (stopping, partition reassigned) leaves its chunk unresolved.
 */
class KafkaSubscription implements SupervisedSubscription {
  private consumer?: Consumer;
  private readonly inFlight = new Set<Promise<void>>();
  private state: SubscriptionHealth = { state: 'running', since: new Date().toISOString() };
  private stopping?: Promise<void>;
  private restarting?: Promise<void>;
  private restartTimer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly transport: KafkaTransportOptions,
    private readonly options: SubscribeOptions,
    private readonly logger: Logger,
    private readonly onStopped: () => void,
  ) {}

  health(): SubscriptionHealth {
    return { ...this.state };
  }

  /** Stops fetching, interrupts handlers waiting (see Delivery), waits for the rest, commits and leaves. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      clearTimeout(this.restartTimer);
      await this.restarting;
      // disconnect() stops the runner, which lets the current message finish, commits the
      // resolved offsets and leaves the group; the set is a second guard for handlers still running.
      await this.consumer?.disconnect().catch(() => undefined);
      await Promise.allSettled([...this.inFlight]);
      this.setState('stopped');
      this.onStopped();
    })());
  }

  /** A new kafkajs consumer: connected, subscribed and running. Rejects (and cleans up) when that fails. */
  async open(): Promise<void> {
    const consumer: Consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      maxWaitTimeInMs: this.transport.maxWaitTimeInMs ?? 500,
      sessionTimeout: this.transport.sessionTimeout ?? 30000,
      heartbeatInterval: this.transport.heartbeatInterval ?? 3000,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload.error, payload.restart));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (this.consumer === consumer && !this.stopping) {
        this.failures = 0;
        this.setState('running');
      }
    });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? false });
      await this.run(consumer);
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      throw e;
    }
  }

  private setState(state: SubscriptionHealth['state'], reason?: string) {
    if (this.state.state === state && this.state.reason === reason) return;
    this.state = { state, since: new Date().toISOString(), ...(reason ? { reason } : {}) };
  }

  /** kafkajs gave up on its consumer: when it does not restart it itself, a new one is started after a pause. */
  private crashed(consumer: Consumer, error: Error, restartsItself: boolean) {
    if (this.consumer !== consumer || this.stopping) return;
    this.setState('failed', errorText(error));
    this.logger.error('kafka consumer crashed', {
      groupId: this.options.groupId, topics: this.options.topics, error: errorText(error), restartsItself,
    });
    if (!restartsItself) this.scheduleRestart();
  }

  private scheduleRestart() {
    if (this.stopping) return;
    const delay = outageDelay(++this.failures, { baseDelayMs: 1000, maxDelayMs: 30000 });
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.restart(delay).finally(() => (this.restarting = undefined));
    }, delay);
    this.restartTimer.unref?.();
  }

  private async restart(after: number) {
    if (this.stopping) return;
    await this.consumer?.disconnect().catch(() => undefined);
    try {
      await this.open();
      this.logger.warn('kafka consumer restarted', { groupId: this.options.groupId, afterMs: after });
    } catch (e) {
      this.setState('failed', errorText(e));
      this.logger.error('kafka consumer could not be restarted; trying again', { groupId: this.options.groupId, error: errorText(e) });
      this.scheduleRestart();
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  /** The Delivery of a chunk: heartbeats through kafkajs, interrupted by stop, a stopping runner or a lost partition. */
  private delivery(heartbeat: () => Promise<void>, isRunning: () => boolean = () => true, isStale: () => boolean = () => false): Delivery {
    let lost: string | undefined;
    return {
      heartbeat: async () => {
        try {
          await heartbeat();
        } catch (e) {
          const type = (e as { type?: string }).type;
          if (type && REBALANCE_ERRORS.has(type)) lost = `group rebalanced (${type})`;
        }
      },
      interrupted: () =>
        this.stopping ? 'subscription stopping' : !isRunning() ? 'consumer stopping' : isStale() ? 'partition reassigned' : lost,
    };
  }

  private run(consumer: Consumer): Promise<void> {
    const options = this.options;
    const batchHandler = options.batchHandler;
    if (batchHandler) {
      // Each fetched batch in chunks: a chunk's last offset is resolved once its handler resolved,
      // and kafkajs commits resolved offsets as with eachMessage (after the batch, and on stop).
      const size = Math.max(1, options.maxBatchSize ?? 200);
      return consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: Math.max(1, options.concurrency ?? 1),
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const delivery = this.delivery(heartbeat, isRunning, isStale);
          for (let i = 0; i < batch.messages.length; i += size) {
            if (!isRunning() || isStale()) break;
            const chunk = batch.messages.slice(i, i + size);
            try {
              await this.track(deliverBatch(batchHandler, chunk.map((m) => incoming(batch.topic, batch.partition, m)), delivery));
            } catch (e) {
              if (e instanceof InterruptedError) return; // not resolved: delivered again
              throw e;
            }
            resolveOffset(chunk[chunk.length - 1].offset);
            await heartbeat();
          }
        },
      });
    }
    return consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: Math.max(1, options.concurrency ?? 1),
      eachMessage: ({ topic, partition, message, heartbeat }) =>
        this.track(deliverMessage(options.handler, incoming(topic, partition, message), this.delivery(heartbeat))),
    });
  }
}

function incoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString() : null,
    value: message.value,
    headers: stringHeaders(message.headers),
  };
}

/** Kafka allows repeated and binary headers; the contract's headers are single UTF-8 strings. */
function stringHeaders(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}
