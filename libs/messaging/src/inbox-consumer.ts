import { dlqOf, type Envelope } from '@onedoor/contracts';
import { quoteSchema, type EventStore } from '@onedoor/event-store';
import { backoffDelay, sleep, type RetryPolicy } from './backoff';
import { deadLetter } from './dead-letter';
import { MalformedMessageError, parseEnvelope } from './envelope';
import { errorText, stderrLogger, type Logger } from './logger';
import type { IncomingMessage, Subscription, Transport } from './transport';

/** Runs inside the inbox transaction: appends and SQL through `store` commit with the inbox row. */
export type InboxHandler = (envelope: Envelope, store: EventStore, message: IncomingMessage) => Promise<void>;

export type InboxOutcome = 'processed' | 'duplicate' | 'dead-lettered';

export interface InboxConsumerOptions {
  /** Name recorded in the inbox with each event id; one per logical consumer. */
  consumer: string;
  /** Kafka consumer group; default the consumer name. */
  groupId?: string;
  topics: string[];
  store: EventStore;
  transport: Transport;
  handler: InboxHandler;
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
 */
export class InboxConsumer {
  readonly metrics: InboxMetrics = { processed: 0, duplicates: 0, deadLettered: 0, retries: 0 };
  private readonly logger: Logger;
  private subscription?: Subscription;
  private readonly insertInbox: string;

  constructor(private readonly options: InboxConsumerOptions) {
    this.logger = options.logger ?? stderrLogger;
    this.insertInbox = `INSERT INTO ${quoteSchema(options.store.schema)}.inbox (consumer, event_id) VALUES ($1, $2)
      ON CONFLICT DO NOTHING RETURNING event_id`;
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
  async handle(message: IncomingMessage): Promise<InboxOutcome> {
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(message.value);
    } catch (e) {
      return this.deadLetter(message, e, 1);
    }
    const attempts = Math.max(1, this.options.retry?.attempts ?? 5);
    for (let attempt = 1; ; attempt++) {
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
