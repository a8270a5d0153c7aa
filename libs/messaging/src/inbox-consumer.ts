import { dlqOf, type Envelope, type PayloadUpcasters } from '@onedoor/contracts';
import { isTransientError, quoteSchema, type EventStore } from '@onedoor/event-store';
import { backoffDelay, InterruptedError, outageDelay, pause, type OutageBackoff, type RetryPolicy } from './backoff';
import { deadLetter } from './dead-letter';
import { isSupervised, type Delivery } from './delivery';
import { MalformedMessageError, readEnvelope } from './envelope';
import { errorText, stderrLogger, type Logger } from './logger';
import type { IncomingMessage, Subscription, Transport } from './transport';

/** Runs inside the inbox transaction: appends and SQL through `store` commit with the inbox row. */
export type InboxHandler = (envelope: Envelope, store: EventStore, message: IncomingMessage) => Promise<void>;

/** An event with the message that carried it. */
export interface InboxItem {
  envelope: Envelope;
  message: IncomingMessage;
}

/** Several new events of one partition, in order, in one inbox transaction. */
export type InboxBatchHandler = (items: InboxItem[], store: EventStore) => Promise<void>;

export type InboxOutcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

export interface InboxConsumerOptions {
  /** Name recorded in the inbox with each event id; one per logical consumer. */
  consumer: string;
  /** Kafka consumer group; default the consumer name. */
  groupId?: string;
  topics: string[];
  store: EventStore;
  transport: Transport;
  handler: InboxHandler;
  /**
   * Optional: handles a batch of new events at once, with the same effect as `handler` applied to
   * each in turn (which is still used when a batch fails and its messages are retried one by one).
   */
  batchHandler?: InboxBatchHandler;
  /** Messages taken from a partition at once (one transaction). Default 200; 1 turns batching off. */
  maxBatchSize?: number;
  /**
   * Events for which it returns false are acknowledged without a transaction or inbox row: the
   * handler would do nothing with them. Default: every event. Only ever called with a valid
   * envelope (see InboxConsumer); an exception it throws dead-letters the message.
   */
  accepts?: (envelope: Envelope, message: IncomingMessage) => boolean;
  /** Default true: a new consumer processes the topic's history; the inbox makes that safe. */
  fromBeginning?: boolean;
  /** Partitions processed at once. Default 4. */
  concurrency?: number;
  /** Attempts for a handler failing for its own sake (not an infrastructure failure). Default 5, 50 ms doubling to 5 s. */
  retry?: RetryPolicy;
  /**
   * Pause while the database or broker is unreachable (isTransientError): 100 ms doubling to 30 s
   * by default, for as long as the outage lasts.
   */
  outage?: OutageBackoff;
  /** Errors for which it returns false are dead-lettered without further attempts (infrastructure failures never are). */
  retryable?: (error: unknown) => boolean;
  /** Upcasters of older payload versions; default the contract's PAYLOAD_UPCASTERS. */
  upcasters?: PayloadUpcasters;
  logger?: Logger;
  /**
   * Called after each inbox transaction that committed: `mode` 'message' for one message, 'batch'
   * for several in one; `seconds` from the start of the transaction to its commit (the attempt
   * that succeeded). For timing only: it must not throw.
   */
  onHandled?: (mode: 'message' | 'batch', seconds: number) => void;
}

export interface InboxMetrics {
  processed: number;
  duplicates: number;
  /** Not accepted (including unknown types): acknowledged without effect. */
  ignored: number;
  /** Inbox transactions that covered several messages. */
  batches: number;
  deadLettered: number;
  /** Of the dead letters: messages that were not a valid envelope of the contract. */
  invalid: number;
  /** Of the ignored: events of a type or schema version this contract does not know. */
  unknown: number;
  /** Further attempts after a handler failed for its own sake. */
  retries: number;
  /** Pauses waiting for the database or broker to come back (not counted as attempts). */
  outageRetries: number;
}

/**
 * What the consumer is doing, for readiness checks:
 * - `running`: consuming;
 * - `retrying`: a partition is paused on an infrastructure failure (database or broker
 *   unreachable, serialization failure, timeout, or a dead letter that cannot be produced) and is
 *   retried until it succeeds; `since` is when the oldest such pause began, `reason` the last error;
 * - `stopped`: not started, or stopped;
 * - `failed`: the subscription is down (its Kafka client crashed and is being restarted, or
 *   start() failed); `reason` is the error.
 * `since` is an ISO 8601 instant.
 */
export interface InboxStatus {
  state: 'running' | 'retrying' | 'stopped' | 'failed';
  since?: string;
  reason?: string;
}

/** A message as the consumer reads it before any handler or filter may touch it. */
type Reading =
  | { kind: 'item'; item: InboxItem }
  | { kind: 'ignored'; unknown: boolean }
  | { kind: 'reject'; error: unknown; envelope?: Envelope };

/** Thrown for an event of a type (or schema version) this contract does not know, which the consumer would act on. */
export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

const now = () => new Date().toISOString();
const partitionKey = (m: IncomingMessage) => `${m.topic}/${m.partition}`;

/**
 * Idempotent consumer. For each message, in ONE store transaction: record (consumer, eventId) in
 * the inbox — a row already there means a redelivery, skipped — and run the handler with the
 * transaction-bound store. Effects and the inbox row commit or roll back together, so
 * at-least-once delivery becomes exactly-once effect.
 *
 * Every message is read before any code of the consumer sees it (readEnvelope): it must be a JSON
 * envelope of the contract whose headers agree with it and whose payload satisfies its event's
 * JSON Schema (older schema versions upcast first). A message that is not goes to `<topic>.dlq`
 * at once with the reason in `dlq-error`; so does one whose `accepts` filter throws. An event of a
 * type or schema version this build does not know (a newer producer) is shown to `accepts` with its
 * payload withheld (`data: undefined`): when the filter declines it, it is ignored like any event
 * the consumer does not take; when it takes it (or has no filter, or throws), the event is
 * dead-lettered as unknown, to be redriven once the consumer knows it. Nothing a message contains
 * can make the consumer throw to the transport.
 *
 * Failures are classified. An infrastructure failure (isTransientError: database or broker
 * unreachable, serialization failure, timeout) pauses the partition and retries the same work
 * with a pause growing to 30 s, for as long as it takes — such a message is never dead-lettered
 * — and the consumer carries on by itself once the infrastructure is back. Any other failure is
 * the message's own: retried with exponential back-off up to `retry.attempts`, then dead-lettered
 * (dlq-* headers) and the consumer moves on. Dead letters are not recorded in the inbox, so a
 * redrive after a fix is processed. A dead letter that cannot be produced is retried like an
 * infrastructure failure: the message stays uncommitted until it is, never skipped.
 *
 * Messages arrive in batches per partition and a batch is one transaction (handleBatch), which
 * falls back to one transaction per message when it fails for a message's own sake; messages the
 * consumer does not accept cost no transaction at all. stop() interrupts the waiting at once; the
 * message waiting is left uncommitted and delivered again later. status() says which of this is
 * happening.
 */
export class InboxConsumer {
  readonly metrics: InboxMetrics = {
    processed: 0, duplicates: 0, ignored: 0, batches: 0, deadLettered: 0, invalid: 0, unknown: 0, retries: 0, outageRetries: 0,
  };
  private readonly logger: Logger;
  private subscription?: Subscription;
  private readonly insertInbox: string;
  private readonly insertInboxBatch: string;
  private stopping = false;
  /** Partitions waiting out an infrastructure failure. */
  private readonly outages = new Map<string, { since: string; reason: string }>();
  private runningSince?: string;
  private stoppedSince?: string;
  private startFailure?: { since: string; reason: string };

  constructor(private readonly options: InboxConsumerOptions) {
    this.logger = options.logger ?? stderrLogger;
    this.insertInbox = `INSERT INTO ${quoteSchema(options.store.schema)}.inbox (consumer, event_id) VALUES ($1, $2)
      ON CONFLICT DO NOTHING RETURNING event_id`;
    this.insertInboxBatch = `INSERT INTO ${quoteSchema(options.store.schema)}.inbox (consumer, event_id)
      SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id`;
  }

  /** Subscribes. Rejects when the subscription cannot be made (status() is then 'failed'). */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.stopping = false;
    const batching = (this.options.maxBatchSize ?? 200) > 1;
    try {
      this.subscription = await this.options.transport.subscribe({
        groupId: this.options.groupId ?? this.options.consumer,
        topics: this.options.topics,
        fromBeginning: this.options.fromBeginning ?? true,
        concurrency: this.options.concurrency ?? 4,
        handler: async (message: IncomingMessage, delivery?: Delivery) => {
          await this.handle(message, delivery);
        },
        batchHandler: batching
          ? async (messages: IncomingMessage[], delivery?: Delivery) => {
              await this.handleBatch(messages, delivery);
            }
          : undefined,
        maxBatchSize: this.options.maxBatchSize ?? 200,
      });
    } catch (e) {
      this.startFailure = { since: now(), reason: errorText(e) };
      throw e;
    }
    this.startFailure = undefined;
    this.runningSince = now();
  }

  /**
   * Graceful: messages being handled finish (or reach the DLQ) and their offsets are committed;
   * a message waiting out an outage (or a retry pause) stops waiting at once and stays uncommitted.
   */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.stopping = true;
    try {
      await subscription?.stop();
    } finally {
      this.outages.clear();
      this.stoppedSince = now();
    }
  }

  /** See InboxStatus. Cheap: meant to be polled by health checks. */
  status(): InboxStatus {
    if (!this.subscription) {
      return this.startFailure ? { state: 'failed', ...this.startFailure } : { state: 'stopped', since: this.stoppedSince };
    }
    const health = isSupervised(this.subscription) ? this.subscription.health() : undefined;
    if (health && health.state !== 'running') return { state: 'failed', since: health.since, reason: health.reason ?? health.state };
    if (this.outages.size > 0) {
      const all = [...this.outages.values()];
      const since = all.map((o) => o.since).sort()[0];
      return { state: 'retrying', since, reason: all[all.length - 1].reason };
    }
    const since = [this.runningSince, health?.since].filter((s): s is string => !!s).sort().pop();
    return { state: 'running', since };
  }

  /**
   * Processes one message (the transport's message handler). Resolves with what became of it;
   * rejects only with InterruptedError, when the consumer stops (or the partition is reassigned)
   * while the message waits for the database or the DLQ: it is then left uncommitted and delivered
   * again.
   */
  async handle(message: IncomingMessage, delivery?: Delivery): Promise<InboxOutcome> {
    const reading = this.read(message);
    switch (reading.kind) {
      case 'reject':
        return this.deadLetter(message, reading.error, 1, reading.envelope, delivery);
      case 'ignored':
        this.countIgnored(reading.unknown);
        return 'ignored';
      default:
        return this.handleItem(reading.item, 0, delivery);
    }
  }

  /**
   * Processes consecutive messages of one partition: messages that are not valid envelopes are
   * dead-lettered, those not accepted acknowledged, and the rest handled in ONE transaction (one
   * inbox statement, then the handler for each new event in order, or the batch handler once).
   * An infrastructure failure retries the whole transaction after a pause; any other failure rolls
   * it back and the messages go through one at a time, so retries and dead-lettering concern only
   * the message at fault. Same contract as handle().
   */
  async handleBatch(messages: IncomingMessage[], delivery?: Delivery): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = new Array(messages.length);
    const items: { item: InboxItem; index: number }[] = [];
    for (let index = 0; index < messages.length; index++) {
      const reading = this.read(messages[index]);
      if (reading.kind === 'reject') {
        outcomes[index] = await this.deadLetter(messages[index], reading.error, 1, reading.envelope, delivery);
      } else if (reading.kind === 'ignored') {
        this.countIgnored(reading.unknown);
        outcomes[index] = 'ignored';
      } else {
        items.push({ item: reading.item, index });
      }
    }
    if (items.length === 1) outcomes[items[0].index] = await this.handleItem(items[0].item, 0, delivery);
    if (items.length <= 1) return outcomes;

    let fresh: Set<IncomingMessage> | undefined;
    let failed: IncomingMessage | undefined; // whose handler threw, when handled one by one
    let started = 0;
    for (let outage = 1; !fresh; outage++) {
      try {
        started = performance.now();
        fresh = await this.options.store.transaction(async (tx) => {
          const { rows } = await tx.sql.query<{ event_id: string }>(this.insertInboxBatch, [
            this.options.consumer, items.map((i) => i.item.envelope.eventId),
          ]);
          const inserted = new Set(rows.map((r) => r.event_id));
          // The same event twice in one batch: its first delivery only.
          const todo = items.map((i) => i.item).filter((i) => inserted.delete(i.envelope.eventId));
          if (this.options.batchHandler) {
            if (todo.length) await this.options.batchHandler(todo, tx);
          } else {
            for (const i of todo) {
              failed = i.message;
              await this.options.handler(i.envelope, tx, i.message);
            }
            failed = undefined;
          }
          return new Set(todo.map((i) => i.message));
        });
      } catch (e) {
        if (isTransientError(e)) {
          await this.rideOut(messages[0], e, outage, delivery);
          continue;
        }
        this.recovered(messages[0]);
        this.logger.warn('inbox batch failed; processing its messages one by one', {
          consumer: this.options.consumer, topic: messages[0].topic, partition: messages[0].partition,
          offsets: `${messages[0].offset}-${messages[messages.length - 1].offset}`, error: errorText(e),
        });
        for (const { item, index } of items) outcomes[index] = await this.handleItem(item, item.message === failed ? 1 : 0, delivery);
        return outcomes;
      }
    }
    this.recovered(messages[0]);
    this.options.onHandled?.('batch', (performance.now() - started) / 1000);
    this.metrics.batches++;
    this.metrics.processed += fresh.size;
    this.metrics.duplicates += items.length - fresh.size;
    for (const { item, index } of items) outcomes[index] = fresh.has(item.message) ? 'processed' : 'duplicate';
    return outcomes;
  }

  /**
   * Validates the message and asks `accepts`, never letting either throw. The payload of an
   * unknown type is withheld from the filter: it has not been validated.
   */
  private read(message: IncomingMessage): Reading {
    const reading = readEnvelope(message, this.options.upcasters);
    if (reading.status === 'invalid') return { kind: 'reject', error: new MalformedMessageError(reading.reason) };
    const accepts = this.options.accepts;
    if (reading.status === 'unknown') {
      let wanted = true;
      try {
        wanted = !accepts || accepts({ ...reading.envelope, data: undefined }, message) !== false;
      } catch {
        wanted = true; // the filter needs the payload to decide: it is one the consumer may act on
      }
      return wanted
        ? { kind: 'reject', error: new UnknownEventError(reading.reason), envelope: reading.envelope }
        : { kind: 'ignored', unknown: true };
    }
    const envelope = reading.envelope;
    try {
      if (accepts && !accepts(envelope, message)) return { kind: 'ignored', unknown: false };
    } catch (e) {
      return { kind: 'reject', error: new Error(`accepts filter failed: ${errorText(e)}`), envelope };
    }
    return { kind: 'item', item: { envelope, message } };
  }

  private countIgnored(unknown: boolean) {
    this.metrics.ignored++;
    if (unknown) this.metrics.unknown++;
  }

  /** One event in its own transaction; `spent` attempts already failed for its own sake (in a batch). */
  private async handleItem({ envelope, message }: InboxItem, spent: number, delivery?: Delivery): Promise<InboxOutcome> {
    const attempts = Math.max(1, this.options.retry?.attempts ?? 5);
    let attempt = Math.min(spent, attempts - 1);
    if (attempt > 0) {
      this.metrics.retries++;
      await this.wait(backoffDelay(attempt, this.options.retry), delivery);
    }
    for (let outage = 1; ; ) {
      try {
        const started = performance.now();
        const fresh = await this.options.store.transaction(async (tx) => {
          const { rows } = await tx.sql.query(this.insertInbox, [this.options.consumer, envelope.eventId]);
          if (rows.length === 0) return false;
          await this.options.handler(envelope, tx, message);
          return true;
        });
        this.options.onHandled?.('message', (performance.now() - started) / 1000);
        this.recovered(message);
        if (fresh) this.metrics.processed++;
        else this.metrics.duplicates++;
        return fresh ? 'processed' : 'duplicate';
      } catch (e) {
        if (e instanceof InterruptedError) throw e;
        if (isTransientError(e)) {
          await this.rideOut(message, e, outage++, delivery);
          continue;
        }
        this.recovered(message);
        outage = 1;
        attempt++;
        const retryable = !(e instanceof MalformedMessageError) && (this.options.retryable?.(e) ?? true);
        if (attempt >= attempts || !retryable) return this.deadLetter(message, e, attempt, envelope, delivery);
        this.metrics.retries++;
        const delay = backoffDelay(attempt, this.options.retry);
        this.logger.warn('inbox handler failed; retrying', {
          consumer: this.options.consumer, ...where(message), eventId: envelope.eventId, type: envelope.type,
          attempt, retryInMs: delay, error: errorText(e),
        });
        await this.wait(delay, delivery);
      }
    }
  }

  /** Produces the dead letter, retrying for as long as the broker refuses it: the message is never skipped. */
  private async deadLetter(message: IncomingMessage, error: unknown, attempts: number, envelope: Envelope | undefined, delivery?: Delivery): Promise<InboxOutcome> {
    const dlq = dlqOf(message.topic);
    const letter = deadLetter(message, error, this.options.consumer, attempts);
    for (let failure = 1; ; failure++) {
      try {
        await this.options.transport.publish(dlq, [letter]);
        break;
      } catch (e) {
        await this.rideOut(message, new Error(`dead letter to ${dlq} could not be produced: ${errorText(e)}`, { cause: e }), failure, delivery);
      }
    }
    this.recovered(message);
    this.metrics.deadLettered++;
    if (error instanceof MalformedMessageError && attempts === 1 && !envelope) this.metrics.invalid++;
    this.logger.error('message dead-lettered', {
      consumer: this.options.consumer, ...where(message), dlq, eventId: envelope?.eventId, type: envelope?.type,
      attempts, error: errorText(error),
    });
    return 'dead-lettered';
  }

  /** Pauses the partition after its `failure`-th consecutive infrastructure failure. */
  private async rideOut(message: IncomingMessage, error: unknown, failure: number, delivery?: Delivery): Promise<void> {
    const key = partitionKey(message);
    const reason = errorText(error);
    const first = !this.outages.has(key);
    this.outages.set(key, { since: this.outages.get(key)?.since ?? now(), reason });
    this.metrics.outageRetries++;
    const delay = outageDelay(failure, this.options.outage);
    if (first || delay >= (this.options.outage?.maxDelayMs ?? 30000)) {
      this.logger.warn('infrastructure unavailable; partition paused, retrying', {
        consumer: this.options.consumer, ...where(message), failure, retryInMs: delay, error: reason,
      });
    }
    await this.wait(delay, delivery);
  }

  private recovered(message: IncomingMessage) {
    const key = partitionKey(message);
    const outage = this.outages.get(key);
    if (!outage) return;
    this.outages.delete(key);
    if (this.outages.size === 0) this.runningSince = now();
    this.logger.warn('infrastructure back; partition resumed', { consumer: this.options.consumer, topic: message.topic, partition: message.partition, since: outage.since });
  }

  /** A pause the consumer's stop (or the loss of the partition) cuts short with InterruptedError; heartbeats meanwhile. */
  private wait(ms: number, delivery?: Delivery): Promise<void> {
    return pause(
      ms,
      () => (this.stopping ? 'consumer stopping' : delivery?.interrupted()),
      delivery && (() => delivery.heartbeat()),
    );
  }
}

const where = (m: IncomingMessage) => ({ topic: m.topic, partition: m.partition, offset: m.offset });
