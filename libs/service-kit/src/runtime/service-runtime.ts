import { Logger } from '@nestjs/common';
import { dlqOf, topicOf, type Envelope, type Service } from '@onedoor/contracts';
import { EventStore, migrate, type Migration, type UpcasterMap } from '@onedoor/event-store';
import { defaultTopicPartitions, EventRelay, InboxConsumer, type IncomingMessage, type InboxItem, type RelayStatus } from '@onedoor/messaging';
import type { Counter } from 'prom-client';
import { withBatchSpans, withMessageSpan, tracedTransport } from '../tracing/spans';
import { noteTraceContext } from './ids';
import type { Infrastructure } from './infrastructure';
import { Metrics } from './metrics';
import { idempotencyTtlHours, sweepIdempotency } from '../http/idempotency';
import { awaitMigrations, migrateOnStart, migrationsOf } from './migrations';
import { ReadLog } from './read-log';
import type { ConsumerStatus } from './readiness';

export interface ConsumerSpec {
  /** Consumer group and inbox name, e.g. "temporary-aid.from-intake". */
  name: string;
  topics: string[];
  /** Runs inside the inbox transaction: `store` is bound to it. */
  handle(envelope: Envelope, store: EventStore, message: IncomingMessage): Promise<void>;
  /** Optional: several new events at once, with the effect of `handle` on each in turn. */
  handleBatch?(items: InboxItem[], store: EventStore): Promise<void>;
  /** The events `handle` acts on; the others are acknowledged without a transaction. Default: all. */
  accepts?(envelope: Envelope): boolean;
}

export interface ServiceSpec {
  service: Service;
  /** Event types published to the service's topic; others stay private to its store. */
  publicTypes: readonly string[];
  schemaVersions?: Record<string, number>;
  upcasters?: UpcasterMap;
}

const DECISIONS = new Set(['ApplicationRouted', 'ApplicationRefused', 'AidGranted', 'AidRefused', 'FundsReserved', 'FundsAwaiting']);

/**
 * Optional namespace for topics and consumer groups (e.g. one per test run on a shared broker);
 * empty in production, where the topic names are the contract.
 */
/** Consumer group recording which dead letters were redriven (the ops CLI's `dlq redrive`). */
const REDRIVE_GROUP = 'onedoor-dlq-redrive';

/** Children of a counter by one varying label, created once each (appends are a hot path). */
function childrenBy<T extends string>(counter: Counter<T>, fixed: Partial<Record<NoInfer<T>, string>>, key: NoInfer<T>): (value: string) => { inc(by?: number): void } {
  const children = new Map<string, { inc(by?: number): void }>();
  return (value) => {
    let child = children.get(value);
    if (!child) children.set(value, (child = counter.labels({ ...fixed, [key]: value } as Record<T, string>)));
    return child;
  };
}

const namespace = () => process.env.ONEDOOR_TOPIC_PREFIX ?? '';

const partitions = () => defaultTopicPartitions();

/** How often expired Idempotency-Key responses are deleted. */
const IDEMPOTENCY_SWEEP_MS = 60 * 60_000;

/**
 * One service's moving parts: its event store (own schema), the relay publishing its public
 * events to `onedoor.<service>.v1`, and its inbox consumers of other services' topics.
 */
export class ServiceRuntime {
  readonly store: EventStore;
  readonly topic: string;
  /** The store's read log: every read of personal data it holds (PIPL art. 45). */
  readonly readLog: ReadLog;
  private relay?: EventRelay;
  private sweep?: NodeJS.Timeout;
  private readonly consumers: { spec: ConsumerSpec; inbox: InboxConsumer }[] = [];
  private readonly log: Logger;
  private readonly created = new Date().toISOString();

  constructor(
    readonly infra: Infrastructure,
    readonly spec: ServiceSpec,
    readonly metrics: Metrics = new Metrics(false),
  ) {
    this.topic = namespace() + topicOf(spec.service);
    const appended = childrenBy(this.metrics.eventsAppended, { service: spec.service }, 'type');
    const decided = childrenBy(this.metrics.decisions, { service: spec.service }, 'type');
    this.store = new EventStore(infra.driver, {
      schema: spec.service.replace(/-/g, '_'),
      schemaVersions: spec.schemaVersions,
      upcasters: spec.upcasters,
      onAppend: (_, events) => {
        for (const e of events) {
          appended(e.type).inc();
          if (DECISIONS.has(e.type)) decided(e.type).inc();
        }
      },
    });
    this.readLog = new ReadLog(infra.driver, this.store.schema, spec.service);
    this.log = new Logger(spec.service);
  }

  /**
   * Schema migrations, topics and the relay: before the service takes requests. The schema takes
   * serviceMigrations and the service's own (`ownMigrations`, versions from 301 on) — applied here
   * unless ONEDOOR_MIGRATE_ON_START=false, when it waits for `onedoor migrate` to have applied
   * them. Stored Idempotency-Key responses are then swept hourly once past their time.
   */
  async start(ownMigrations: readonly Migration[] = []): Promise<void> {
    const migrations = migrationsOf(ownMigrations);
    if (migrateOnStart()) {
      await migrate(this.store.driver, this.store.schema, migrations);
    } else {
      await awaitMigrations(this.store.driver, this.store.schema, migrations, {
        onWait: (pending) => this.log.warn(`waiting for \`onedoor migrate\`: schema ${this.store.schema} lacks ${pending.map((m) => m.version).join(', ')}`),
      });
    }
    this.startIdempotencySweep();
    await this.infra.transport.ensureTopics([
      { topic: this.topic, partitions: partitions() },
      { topic: dlqOf(this.topic), partitions: 1 },
    ]);
    const publicTypes = new Set(this.spec.publicTypes);
    const service = { service: this.spec.service };
    const published = this.metrics.relayPublished.labels(service);
    const publishSeconds = this.metrics.relayPublishDuration.labels(service);
    this.relay = new EventRelay({
      store: this.store,
      transport: tracedTransport(this.infra.transport), // a span per message sent, in its event's trace
      topic: this.topic,
      select: (e) => publicTypes.has(e.type),
      onPublished: ({ events, durationMs }) => {
        published.inc(events);
        publishSeconds.observe(durationMs / 1000);
      },
    });
    this.relay.start();
    this.metrics.gauge('onedoor_relay_lag_events', service, () => this.relayLag());
    // 1 on the instance publishing the store's outbox, 0 on those standing by.
    this.metrics.gauge('onedoor_relay_active', service, () => (this.relay?.isActive ? 1 : 0));
    this.metrics.gauge('onedoor_relay_up', service, () => (['running', 'standby'].includes(this.relayStatus().state) ? 1 : 0));
    if (this.infra.consumerLag) {
      // Dead letters not yet redriven: the redrive group's lag on the dead-letter topic.
      const lag = this.infra.consumerLag;
      const dlq = dlqOf(this.topic);
      this.metrics.gauge('onedoor_dlq_messages', { ...service, topic: dlq }, () => lag(REDRIVE_GROUP, [dlq]));
    }
  }

  /** Starts consuming other services' topics through the inbox. */
  async consume(spec: ConsumerSpec): Promise<void> {
    const ns = namespace();
    const topics = spec.topics.map((t) => ns + t);
    await this.infra.transport.ensureTopics(topics.map((topic) => ({ topic, partitions: partitions() })));
    // Handlers see the contract's topic names, without the namespace.
    const unprefixed = (message: IncomingMessage) => (ns ? { ...message, topic: message.topic.slice(ns.length) } : message);
    const labels = { service: this.spec.service, consumer: spec.name };
    const consumedOf = childrenBy(this.metrics.consumed, labels, 'type');
    const consumed = (envelope: Envelope, store: EventStore) => {
      const counter = consumedOf(envelope.type);
      store.afterCommit(() => counter.inc());
    };
    const handled = {
      message: this.metrics.consumerHandling.labels({ ...labels, mode: 'message' }),
      batch: this.metrics.consumerHandling.labels({ ...labels, mode: 'batch' }),
    };
    const handleBatch = spec.handleBatch?.bind(spec);
    const inbox = new InboxConsumer({
      consumer: spec.name,
      groupId: ns + spec.name,
      topics,
      store: this.store,
      transport: this.infra.transport,
      // Every partition at once: a consumer of several topics (the dossier follows five) must not
      // make one topic's events wait behind another's.
      concurrency: topics.length * partitions(),
      maxBatchSize: Number(process.env.ONEDOOR_CONSUMER_BATCH ?? 200),
      accepts: spec.accepts && ((envelope) => spec.accepts!(envelope)),
      // Each message is handled in a span that is a child of its traceparent (the producing event's).
      handler: (envelope, tx, message) =>
        withMessageSpan(spec.name, envelope, message, async () => {
          noteTraceContext(envelope, message.headers);
          await spec.handle(envelope, tx, unprefixed(message));
          consumed(envelope, tx);
        }),
      batchHandler: handleBatch && ((items, tx) =>
        withBatchSpans(spec.name, items, async () => {
          for (const i of items) noteTraceContext(i.envelope, i.message.headers);
          await handleBatch(items.map((i) => ({ envelope: i.envelope, message: unprefixed(i.message) })), tx);
          for (const i of items) consumed(i.envelope, tx);
        })),
      onHandled: (mode, seconds) => handled[mode].observe(seconds),
    });
    await inbox.start();
    this.metrics.gauge('onedoor_inbox_processed', labels, () => inbox.metrics.processed);
    this.metrics.gauge('onedoor_inbox_duplicates', labels, () => inbox.metrics.duplicates);
    this.metrics.gauge('onedoor_inbox_ignored', labels, () => inbox.metrics.ignored);
    this.metrics.gauge('onedoor_inbox_batches', labels, () => inbox.metrics.batches);
    this.metrics.gauge('onedoor_dead_letters', labels, () => inbox.metrics.deadLettered);
    this.metrics.gauge('onedoor_consumer_up', labels, () => (inbox.status().state === 'running' ? 1 : 0));
    if (this.infra.consumerLag) {
      const lag = this.infra.consumerLag;
      this.metrics.gauge('onedoor_consumer_lag_messages', labels, () => lag(ns + spec.name, topics));
    }
    this.consumers.push({ spec, inbox });
  }

  relayLag(): Promise<number> {
    return this.relay ? this.relay.lag() : Promise.resolve(0);
  }

  /** The relay's state (see EventRelay.status); 'stopped' before start(). */
  relayStatus(): RelayStatus {
    return this.relay?.status() ?? { state: 'stopped', since: this.created, reason: 'not started' };
  }

  /** Each consumer's state as its InboxConsumer reports it (InboxConsumer.status). */
  consumerStatuses(): { name: string; topics: string[]; status: ConsumerStatus }[] {
    return this.consumers.map((c) => ({ name: c.spec.name, topics: c.spec.topics, status: c.inbox.status() }));
  }

  /**
   * Detail for GET /health: `relay` is the relay's state ('running', 'retrying', 'standby' — another
   * instance publishes —, 'stopped'), `relayStatus` adds since and reason; each consumer carries
   * its metrics and `status` ({ state, since, reason }).
   */
  health() {
    const relayStatus = this.relayStatus();
    return {
      service: this.spec.service,
      relay: relayStatus.state,
      relayStatus,
      consumers: this.consumers.map((c) => ({ name: c.spec.name, topics: c.spec.topics, ...c.inbox.metrics, status: c.inbox.status() })),
    };
  }

  /** Deletes expired Idempotency-Key responses now and every hour (ONEDOOR_IDEMPOTENCY_TTL_HOURS). */
  private startIdempotencySweep(): void {
    const ttl = idempotencyTtlHours();
    const sweep = () =>
      sweepIdempotency(this.store.driver, this.store.schema, ttl).then(
        (n) => n > 0 && this.log.log(`${n} Idempotency-Key response(s) older than ${ttl} h deleted`),
        (e) => this.log.warn(`Idempotency-Key sweep failed: ${(e as Error).message}`),
      );
    void sweep();
    this.sweep = setInterval(sweep, IDEMPOTENCY_SWEEP_MS);
    this.sweep.unref();
  }

  /** Drains consumers first (their effects may publish), then the relay. */
  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    for (const c of this.consumers) await c.inbox.stop().catch((e) => this.log.warn(String(e)));
    await this.relay?.stop();
  }
}

