import { quoteSchema, START, type Checkpoint, type EventStore } from '@onedoor/event-store';
import { CheckpointWriter } from './checkpoint-writer';
import { errorText, stderrLogger, type Logger } from './logger';
import { readOutboxPage, type OutboxEvent, type OutboxPage } from './outbox-page';
import type { Transport } from './transport';

export interface RelayBatchInfo {
  /** 1-based count of batches published by this relay instance. */
  batch: number;
  events: number;
  /** Checkpoint after the batch's last event. */
  checkpoint: Checkpoint;
}

export interface EventRelayOptions {
  store: EventStore;
  transport: Transport;
  topic: string;
  /** Name of the stored checkpoint; default `relay:<topic>`. */
  checkpointName?: string;
  /** Events per read and per publish. Default 2000 (see the relay benchmark). */
  batchSize?: number;
  /** Longest idle wait before looking again when no append in this process woke us. Default 100. */
  pollMs?: number;
  /** First back-off after a failure; doubles up to 30 s. Default 500. */
  retryDelayMs?: number;
  /** Events for which it returns false are not published (still passed by the checkpoint). */
  select?: (event: OutboxEvent) => boolean;
  logger?: Logger;
  /** Called after a batch was acknowledged by the broker. */
  onPublished?: (info: RelayBatchInfo & { durationMs: number }) => void;
  /**
   * Test hook between the broker's acknowledgement and the checkpoint write. If it throws, the
   * relay stops on the spot — nothing more is stored — as a process dying at that moment would.
   */
  beforeCheckpoint?: (info: RelayBatchInfo) => void | Promise<void>;
}

export interface RelayMetrics {
  published: number;
  batches: number;
  failures: number;
  /** Checkpoint of the last batch the broker acknowledged. */
  acknowledged: Checkpoint;
  /** Checkpoint last written to the store. */
  stored: Checkpoint;
  /** Time spent waiting for pages not read ahead in time, and in publishes: where a slow relay waits. */
  readWaitMs: number;
  publishMs: number;
}

/**
 * Transactional outbox relay. The events table is the outbox: the relay reads it gap-free (the
 * readAll rule, see readOutboxPage) from its checkpoint `relay:<topic>`, publishes each batch,
 * and stores the checkpoint only after the broker acknowledged. A crash between the two
 * re-publishes the batch on restart: at-least-once, made effectively-once by the consumers' inbox.
 *
 * Throughput: pages are read as ready-made messages (envelopes built by PostgreSQL); while a
 * batch is on the wire the next one is read (when the last was full), and checkpoints are written
 * in the background (CheckpointWriter). Publishes themselves stay strictly one after another:
 * sending batch n+1 before n is acknowledged could reorder a key's events if n had to be retried.
 */
export class EventRelay {
  readonly name: string;
  readonly metrics: RelayMetrics = { published: 0, batches: 0, failures: 0, acknowledged: START, stored: START, readWaitMs: 0, publishMs: 0 };
  private readonly logger: Logger;
  private readonly batchSize: number;
  private running = false;
  private loop?: Promise<void>;
  private wakeStop: () => void = () => undefined;
  private stopped: Promise<void> = Promise.resolve();
  private checkpointLoaded = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: EventRelayOptions) {
    this.name = options.checkpointName ?? `relay:${options.topic}`;
    this.logger = options.logger ?? stderrLogger;
    this.batchSize = options.batchSize ?? 2000;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the catch-up-then-live loop in the background; a no-op when running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = new Promise((resolve) => (this.wakeStop = resolve));
    this.loop = this.run().catch((e) => {
      this.logger.error('relay loop ended unexpectedly', { relay: this.name, error: errorText(e) });
    });
  }

  /** Lets the batch in flight finish (published and checkpointed), then ends the loop. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeStop();
    await this.loop;
  }

  /** Events not yet acknowledged by the broker: all events after the checkpoint. */
  async lag(): Promise<number> {
    const checkpoint = this.checkpointLoaded
      ? this.metrics.acknowledged
      : await this.options.store.loadCheckpoint(this.name);
    const [tx, pos] = checkpoint.split(':');
    const { rows } = await this.options.store.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${quoteSchema(this.options.store.schema)}.events e
       WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)`,
      [tx, pos],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Resolves the next time the relay finds nothing visible to publish, with its checkpoint
   * stored. Visibility trails commits while any older transaction is still open (readAll's
   * gap-free rule), so "caught up" can precede lag() reaching 0 by that long.
   */
  caughtUp(): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private read(after: Checkpoint): Promise<OutboxPage> {
    const reading = readOutboxPage(this.options.store, after, this.batchSize, this.options.select);
    reading.catch(() => undefined); // awaited later; do not report as unhandled meanwhile
    return reading;
  }

  private async run(): Promise<void> {
    const { store, transport, topic } = this.options;
    const m = this.metrics;
    const checkpoints = new CheckpointWriter(
      store,
      this.name,
      (stored) => void (m.stored = stored),
      (e) => this.logger.warn('relay checkpoint write failed; will retry', { relay: this.name, error: errorText(e) }),
    );
    let prefetch: Promise<OutboxPage> | undefined;
    let batchNo = 0;
    let failures = 0;
    const dropPrefetch = async () => {
      await prefetch?.catch(() => undefined);
      prefetch = undefined;
    };
    while (this.running) {
      try {
        if (!this.checkpointLoaded) {
          m.acknowledged = m.stored = await store.loadCheckpoint(this.name);
          this.checkpointLoaded = true;
        }
        const waited = performance.now();
        const batch = await (prefetch ?? this.read(m.acknowledged));
        prefetch = undefined;
        m.readWaitMs += performance.now() - waited;
        if (batch.read === 0) {
          await checkpoints.flush(); // idle: the stored checkpoint catches up with the broker
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
          failures = 0;
          await Promise.race([store.waitForAppend(this.options.pollMs ?? 100), this.stopped]);
          continue;
        }
        // A full batch means more is probably waiting: read it while this one is on the wire.
        if (batch.read >= this.batchSize) prefetch = this.read(batch.checkpoint);
        const started = performance.now();
        await transport.publish(topic, batch.messages);
        const durationMs = performance.now() - started;
        m.publishMs += durationMs;
        // Acknowledged by the broker: from here on, re-reading this batch would only duplicate.
        m.acknowledged = batch.checkpoint;
        const info: RelayBatchInfo = { batch: ++batchNo, events: batch.messages.length, checkpoint: batch.checkpoint };
        if (this.options.beforeCheckpoint) {
          try {
            await this.options.beforeCheckpoint(info);
          } catch (e) {
            this.logger.warn('relay halted by beforeCheckpoint', { relay: this.name, error: errorText(e) });
            this.running = false;
            void dropPrefetch();
            return;
          }
        }
        checkpoints.write(batch.checkpoint); // written in the background, never behind the broker
        m.published += batch.messages.length;
        m.batches++;
        failures = 0;
        this.options.onPublished?.({ ...info, durationMs });
      } catch (e) {
        // Read, publish or checkpoint failed. Resume from the last acknowledged batch: nothing it
        // covers is sent again, and a pending checkpoint is written on the next success or idle.
        m.failures++;
        failures++;
        await dropPrefetch();
        const delay = Math.min((this.options.retryDelayMs ?? 500) * 2 ** (failures - 1), 30000);
        this.logger.warn('relay batch failed; retrying', { relay: this.name, topic, error: errorText(e), retryInMs: delay });
        await sleepUnless(delay, this.stopped);
      }
    }
    // Graceful stop: the in-flight batch was published; make sure its checkpoint is written.
    await dropPrefetch();
    if (this.checkpointLoaded && m.stored !== m.acknowledged) checkpoints.write(m.acknowledged);
    await checkpoints.flush().catch((e) => this.logger.warn('relay could not store its final checkpoint', { relay: this.name, error: errorText(e) }));
  }
}

/** Waits ms, or less if `until` settles first; never leaves a timer behind. */
async function sleepUnless(ms: number, until: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise((r) => (timer = setTimeout(r, ms))), until]);
  clearTimeout(timer);
}
