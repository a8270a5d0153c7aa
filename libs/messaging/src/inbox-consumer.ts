import { dlqOf, type Envelope } from '@onedoor/contracts';
import { quoteSchema, type EventStore } from '@onedoor/event-store';
import { backoffDelay, sleep, type RetryPolicy } from './backoff';
import { deadLetter } from './dead-letter';
import { MalformedMessageError, parseEnvelope } from './envelope';
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
   * handler would do nothing with them. Default: every event.
   */
  accepts?: (envelope: Envelope, message: IncomingMessage) => boolean;
  /** Default true: a new consumer processes the topic's history; the inbox makes that safe. */
  fromBeginning?: boolean;
  /** Partitions processed at once. Default 4. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Errors for which it returns false are dead-lettered without further attempts. */
  retryable?: (error: unknown) => boolean;
  logger?: Logger;
}

export interface InboxMetrics {
  processed: number;
  duplicates: number;
  /** Not accepted: acknowledged without effect. */
  ignored: number;
  /** Inbox transactions that covered several messages. */
  batches: number;
  deadLettered: number;
  retries: number;
}

/**
 * Idempotent consumer. For each message, in ONE store transaction: record (consumer, eventId) in
 * the inbox — a row already there means a redelivery, skipped — and run the handler with the
 * transaction-bound store. Effects and the inbox row commit or roll back together, so
 * at-least-once delivery becomes exactly-once effect.
 *
 * A failing handler is retried with exponential back-off; after the last attempt the message goes
 * to `<topic>.dlq` with dlq-* headers and the consumer moves on (a poison message must not stall
 * its partition). Dead letters are not recorded in the inbox, so a replay after a fix is processed.
 *
 * Messages arrive in batches per partition and a batch is one transaction (handleBatch), which
 * falls back to one transaction per message when it fails; messages the consumer does not accept
 * cost no transaction at all.
 */
export class InboxConsumer {
  readonly metrics: InboxMetrics = { processed: 0, duplicates: 0, ignored: 0, batches: 0, deadLettered: 0, retries: 0 };
  private readonly logger: Logger;
  private subscription?: Subscription;
  private readonly insertInbox: string;
  private readonly insertInboxBatch: string;

  constructor(private readonly options: InboxConsumerOptions) {
    this.logger = options.logger ?? stderrLogger;
    this.insertInbox = `INSERT INTO ${quoteSchema(options.store.schema)}.inbox (consumer, event_id) VALUES ($1, $2)
      ON CONFLICT DO NOTHING RETURNING event_id`;
    this.insertInboxBatch = `INSERT INTO ${quoteSchema(options.store.schema)}.inbox (consumer, event_id)
      SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id`;
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.options.transport.subscribe({
      groupId: this.options.groupId ?? this.options.consumer,
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
      concurrency: this.options.concurrency ?? 4,
      handler: async (message) => {
        await this.handle(message);
      },
      batchHandler:
        (this.options.maxBatchSize ?? 200) > 1
          ? async (messages) => {
              await this.handleBatch(messages);
            }
          : undefined,
      maxBatchSize: this.options.maxBatchSize ?? 200,
    });
  }

  /** Graceful: messages being handled finish (or reach the DLQ) and their offsets are committed. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /**
   * Processes one message. Rejects only when the dead letter itself cannot be produced; the
   * message is then left uncommitted and delivered again.
   */
  async handle(message: IncomingMessage, attemptsSpent = 0, parsed?: Envelope): Promise<InboxOutcome> {
    let envelope: Envelope;
    try {
      envelope = parsed ?? parseEnvelope(message.value);
    } catch (e) {
      return this.deadLetter(message, e, 1);
    }
    if (this.options.accepts && !this.options.accepts(envelope, message)) {
      this.metrics.ignored++;
      return 'ignored';
    }
    const attempts = Math.max(1, this.options.retry?.attempts ?? 5);
    const spent = Math.min(attemptsSpent, attempts - 1);
    if (spent > 0) {
      this.metrics.retries++;
      await sleep(backoffDelay(spent, this.options.retry));
    }
    for (let attempt = spent + 1; ; attempt++) {
      try {
        const fresh = await this.options.store.transaction(async (tx) => {
          const { rows } = await tx.sql.query(this.insertInbox, [this.options.consumer, envelope.eventId]);
          if (rows.length === 0) return false;
          await this.options.handler(envelope, tx, message);
          return true;
        });
        if (fresh) this.metrics.processed++;
        else this.metrics.duplicates++;
        return fresh ? 'processed' : 'duplicate';
      } catch (e) {
        const retryable = !(e instanceof MalformedMessageError) && (this.options.retryable?.(e) ?? true);
        if (attempt >= attempts || !retryable) return this.deadLetter(message, e, attempt, envelope);
        this.metrics.retries++;
        const delay = backoffDelay(attempt, this.options.retry);
        this.logger.warn('inbox handler failed; retrying', {
          consumer: this.options.consumer, ...where(message), eventId: envelope.eventId, type: envelope.type,
          attempt, retryInMs: delay, error: errorText(e),
        });
        await sleep(delay);
      }
    }
  }

  /**
   * Processes consecutive messages of one partition in ONE transaction: one inbox statement for all
   * of them, then the handler for each new event in order (or the batch handler once). If anything
   * fails the transaction rolls back and the messages go through handle() one by one, so retries
   * and dead-lettering concern only the message at fault. Same contract as handle().
   */
  async handleBatch(messages: IncomingMessage[]): Promise<InboxOutcome[]> {
    const items: InboxItem[] = [];
    const parsed = new Map<IncomingMessage, Envelope>();
    for (const message of messages) {
      let envelope: Envelope;
      try {
        envelope = parseEnvelope(message.value);
      } catch {
        return this.handleEach(messages, parsed); // dead-lettered there, the rest processed around it
      }
      parsed.set(message, envelope);
      if (this.options.accepts && !this.options.accepts(envelope, message)) continue;
      items.push({ envelope, message });
    }
    if (items.length <= 1) return this.handleEach(messages, parsed);
    let fresh: InboxItem[];
    let failed: IncomingMessage | undefined; // whose handler threw, when handled one by one
    try {
      fresh = await this.options.store.transaction(async (tx) => {
        const { rows } = await tx.sql.query<{ event_id: string }>(this.insertInboxBatch, [
          this.options.consumer, items.map((i) => i.envelope.eventId),
        ]);
        const inserted = new Set(rows.map((r) => r.event_id));
        // The same event twice in one batch: its first delivery only.
        const todo = items.filter((i) => inserted.delete(i.envelope.eventId));
        if (this.options.batchHandler) {
          if (todo.length) await this.options.batchHandler(todo, tx);
        } else {
          for (const i of todo) {
            failed = i.message;
            await this.options.handler(i.envelope, tx, i.message);
          }
          failed = undefined;
        }
        return todo;
      });
    } catch (e) {
      this.logger.warn('inbox batch failed; processing its messages one by one', {
        consumer: this.options.consumer, topic: messages[0].topic, partition: messages[0].partition,
        offsets: `${messages[0].offset}-${messages[messages.length - 1].offset}`, error: errorText(e),
      });
      return this.handleEach(messages, parsed, failed);
    }
    this.metrics.batches++;
    this.metrics.processed += fresh.length;
    this.metrics.duplicates += items.length - fresh.length;
    this.metrics.ignored += messages.length - items.length;
    const done = new Set(fresh.map((i) => i.message));
    const accepted = new Set(items.map((i) => i.message));
    return messages.map((m) => (done.has(m) ? 'processed' : accepted.has(m) ? 'duplicate' : 'ignored'));
  }

  /** One by one, with the envelopes already parsed; `failed` already had its first attempt in the batch. */
  private async handleEach(messages: IncomingMessage[], parsed: Map<IncomingMessage, Envelope>, failed?: IncomingMessage): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = [];
    for (const m of messages) outcomes.push(await this.handle(m, m === failed ? 1 : 0, parsed.get(m)));
    return outcomes;
  }

  private async deadLetter(message: IncomingMessage, error: unknown, attempts: number, envelope?: Envelope): Promise<InboxOutcome> {
    const dlq = dlqOf(message.topic);
    await this.options.transport.publish(dlq, [deadLetter(message, error, this.options.consumer, attempts)]);
    this.metrics.deadLettered++;
    this.logger.error('message dead-lettered', {
      consumer: this.options.consumer, ...where(message), dlq, eventId: envelope?.eventId, type: envelope?.type,
      attempts, error: errorText(error),
    });
    return 'dead-lettered';
  }
}

const where = (m: IncomingMessage) => ({ topic: m.topic, partition: m.partition, offset: m.offset });
