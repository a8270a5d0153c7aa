import { quoteSchema, START, type Checkpoint, type EventStore } from '@onedoor/event-store';
import { CheckpointWriter } from './checkpoint-writer';
import { errorText, stderrLogger, type Logger } from './logger';
import { readOutboxPage, type OutboxEvent, type OutboxPage } from './outbox-page';
import { relayLockFor, type RelayLock } from './relay-lock';
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
  /**
   * Which instance publishes. Default: on PostgreSQL a session advisory lock per store and topic
   * (relayLockFor), so of several instances of a service one relay is active and the others
   * stand by; on PGlite none. `null`: no lock (this relay always publishes).
   */
  lock?: RelayLock | null;
  /** How often a standby relay tries to take the lock over. Default 1000. */
  standbyPollMs?: number;
  /** After losing the lock, how long before trying to take it again (lets a standby win). Default 3000. */
  regainDelayMs?: number;
  /** A read or publish pending longer than this shows as 'retrying' in status(). Default 5000. */
  stallMs?: number;
}

/**
 * running: publishing (or idle, caught up). retrying: reads or publishes fail (or one has been
 * pending longer than stallMs); it backs off and tries again. standby: another instance holds the
 * lock; this one polls to take over. stopped: not started, stopped, or halted.
 */
export type RelayState = 'running' | 'retrying' | 'standby' | 'stopped';

export interface RelayStatus {
  state: RelayState;
  /** ISO time the relay entered this state (for 'retrying': the first failure of the streak). */
  since: string;
  /** Why it is in this state: the last error while retrying, the lock holder while standing by. */
  reason?: string;
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
  /** The lock deciding which instance publishes; undefined: always publish. */
  readonly lock?: RelayLock;
  private active = false;
  private state: RelayState = 'stopped';
  private since = Date.now();
  private reason?: string;
  /** A read or publish in flight, for stall detection. */
  private busy?: { since: number; what: string };

  constructor(private readonly options: EventRelayOptions) {
    this.name = options.checkpointName ?? `relay:${options.topic}`;
    this.logger = options.logger ?? stderrLogger;
    this.batchSize = options.batchSize ?? 2000;
    this.lock = options.lock === null ? undefined : (options.lock ?? relayLockFor(options.store, options.topic));
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** True while this instance is the one publishing (holds the lock, or needs none). */
  get isActive(): boolean {
    return this.running && this.active;
  }

  /**
   * The relay's state for health checks: `{ state, since, reason }` (see RelayState). A read or
   * publish pending for longer than `stallMs` shows as 'retrying' since it began, even before it
   * fails (a producer retrying against an absent broker takes a while to give up).
   */
  status(): RelayStatus {
    const busy = this.busy;
    if (this.state === 'running' && busy && Date.now() - busy.since > (this.options.stallMs ?? 5000)) {
      const seconds = Math.round((Date.now() - busy.since) / 1000);
      return { state: 'retrying', since: new Date(busy.since).toISOString(), reason: `${busy.what} pending for ${seconds} s` };
    }
    return { state: this.state, since: new Date(this.since).toISOString(), ...(this.reason ? { reason: this.reason } : {}) };
  }

  private setState(state: RelayState, reason?: string) {
    if (state !== this.state) this.since = Date.now();
    this.state = state;
    this.reason = reason;
  }

  /** Starts the catch-up-then-live loop in the background; a no-op when running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.active = false;
    this.setState(this.lock ? 'standby' : 'running', this.lock ? 'taking the lock' : undefined);
    this.stopped = new Promise((resolve) => (this.wakeStop = resolve));
    this.loop = this.run().catch((e) => {
      this.setState('stopped', `ended unexpectedly: ${errorText(e)}`);
      this.logger.error('relay loop ended unexpectedly', { relay: this.name, error: errorText(e) });
    });
  }

  /** Lets the batch in flight finish (published and checkpointed), then ends the loop and lets go of the lock. */
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

  /** Awaits a read or publish, marked as in flight for status(). */
  private async track<T>(what: string, work: Promise<T>): Promise<T> {
    this.busy = { since: Date.now(), what };
    try {
      return await work;
    } finally {
      this.busy = undefined;
    }
  }

  private read(after: Checkpoint): Promise<OutboxPage> {
    const reading = readOutboxPage(this.options.store, after, this.batchSize, this.options.select);
    reading.catch(() => undefined); // awaited later; do not report as unhandled meanwhile
    return reading;
  }

  private async run(): Promise<void> {
    const { store, transport, topic } = this.options;
    const lock = this.lock;
    const m = this.metrics;
    const newWriter = () =>
      new CheckpointWriter(
        store,
        this.name,
        (stored) => void (m.stored = stored),
        (e) => this.logger.warn('relay checkpoint write failed; will retry', { relay: this.name, error: errorText(e) }),
      );
    let checkpoints = newWriter();
    let prefetch: Promise<OutboxPage> | undefined;
    let batchNo = 0;
    let failures = 0;
    const dropPrefetch = async () => {
      await prefetch?.catch(() => undefined);
      prefetch = undefined;
    };
    const backOff = async (reason: string, e: unknown) => {
      m.failures++;
      failures++;
      const delay = Math.min((this.options.retryDelayMs ?? 500) * 2 ** (failures - 1), 30000);
      if (this.state !== 'retrying') this.setState('retrying', reason);
      else this.reason = reason;
      this.logger.warn('relay batch failed; retrying', { relay: this.name, topic, error: errorText(e), retryInMs: delay });
      await sleepUnless(delay, this.stopped);
    };
    while (this.running) {
      if (lock && !lock.held) {
        if (this.active) {
          // The lock's session is gone: another instance may publish from now on. Nothing more is
          // sent or checkpointed by this one; what it had acknowledged but not stored is sent again
          // by the next holder (at-least-once, absorbed by the consumers' inboxes).
          this.active = false;
          this.checkpointLoaded = false;
          await dropPrefetch();
          checkpoints = newWriter();
          this.setState('standby', 'lock lost');
          this.logger.warn('relay lost its lock; publishing stopped', { relay: this.name, topic });
          await sleepUnless(this.options.regainDelayMs ?? 3000, this.stopped);
          continue;
        }
        let acquired: boolean;
        try {
          acquired = await lock.tryAcquire();
        } catch (e) {
          await backOff(`lock: ${errorText(e)}`, e);
          continue;
        }
        if (!acquired) {
          failures = 0;
          this.setState('standby', 'another instance holds the lock');
          await sleepUnless(this.options.standbyPollMs ?? 1000, this.stopped);
          continue;
        }
        if (!this.running) break;
        this.active = true;
        this.checkpointLoaded = false; // the previous holder moved it on
        failures = 0;
        this.setState('running');
        this.logger.info('relay holds the lock; publishing', { relay: this.name, topic });
      }
      this.active = true;
      try {
        if (!this.checkpointLoaded) {
          m.acknowledged = m.stored = await this.track('checkpoint read', store.loadCheckpoint(this.name));
          this.checkpointLoaded = true;
        }
        const waited = performance.now();
        const batch = await this.track('outbox read', prefetch ?? this.read(m.acknowledged));
        prefetch = undefined;
        m.readWaitMs += performance.now() - waited;
        if (batch.read === 0) {
          await this.track('checkpoint write', checkpoints.flush()); // idle: the stored checkpoint catches up with the broker
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
          failures = 0;
          this.setState('running');
          await Promise.race([store.waitForAppend(this.options.pollMs ?? 100), this.stopped]);
          continue;
        }
        if (lock && !lock.held) continue; // lost meanwhile: publish nothing more
        // A full batch means more is probably waiting: read it while this one is on the wire.
        if (batch.read >= this.batchSize) prefetch = this.read(batch.checkpoint);
        const started = performance.now();
        await this.track(`publish to ${topic}`, transport.publish(topic, batch.messages));
        const durationMs = performance.now() - started;
        m.publishMs += durationMs;
        // Lost while the batch was on the wire: it went out, but the next holder owns the checkpoint.
        if (lock && !lock.held) continue;
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
            this.active = false;
            this.setState('stopped', `halted: ${errorText(e)}`);
            // As a dead process would: the lock goes with its session, nothing else is written.
            await lock?.release();
            return;
          }
        }
        checkpoints.write(batch.checkpoint); // written in the background, never behind the broker
        m.published += batch.messages.length;
        m.batches++;
        failures = 0;
        this.setState('running');
        this.options.onPublished?.({ ...info, durationMs });
      } catch (e) {
        // Read, publish or checkpoint failed. Resume from the last acknowledged batch: nothing it
        // covers is sent again, and a pending checkpoint is written on the next success or idle.
        await dropPrefetch();
        await backOff(errorText(e), e);
      }
    }
    // Graceful stop: the in-flight batch was published; make sure its checkpoint is written.
    await dropPrefetch();
    if (this.checkpointLoaded && (!lock || lock.held) && m.stored !== m.acknowledged) checkpoints.write(m.acknowledged);
    await checkpoints.flush().catch((e) => this.logger.warn('relay could not store its final checkpoint', { relay: this.name, error: errorText(e) }));
    this.active = false;
    await lock?.release();
    this.setState('stopped');
  }
}

/** Waits ms, or less if `until` settles first; never leaves a timer behind. */
async function sleepUnless(ms: number, until: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise((r) => (timer = setTimeout(r, ms))), until]);
  clearTimeout(timer);
}
