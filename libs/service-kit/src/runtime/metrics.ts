import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from './consumer-lag';

/** Buckets (seconds) of short operations: a message handled, a batch published. */
export const FAST_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Buckets (seconds) of HTTP requests. */
export const HTTP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Buckets (seconds) from submission to settlement: a second (all automatic) up to 60 days. */
export const SETTLEMENT_SECONDS = [1, 5, 30, 60, 300, 900, 3600, 4 * 3600, 86400, 3 * 86400, 7 * 86400, 15 * 86400, 30 * 86400, 60 * 86400];

/** The gauges read when scraped (each value comes from a reader registered with Metrics.gauge). */
const GAUGES = {
  onedoor_relay_lag_events: { help: 'Events of the service\'s store not yet acknowledged by the broker.', labelNames: ['service'] },
  onedoor_relay_active: { help: '1 on the instance whose relay publishes the store\'s outbox, 0 on those standing by.', labelNames: ['service'] },
  onedoor_relay_up: { help: '1 while the relay runs or stands by, 0 while it is retrying (store or broker failing) or stopped.', labelNames: ['service'] },
  onedoor_inbox_processed: { help: 'Messages the consumer handled (new events, effects committed) since the process started.', labelNames: ['service', 'consumer'] },
  onedoor_inbox_duplicates: { help: 'Redelivered messages the consumer skipped (already in its inbox) since the process started.', labelNames: ['service', 'consumer'] },
  onedoor_inbox_ignored: { help: 'Messages the consumer acknowledged without effect (not accepted, unknown type) since the process started.', labelNames: ['service', 'consumer'] },
  onedoor_inbox_batches: { help: 'Inbox transactions that covered several messages since the process started.', labelNames: ['service', 'consumer'] },
  onedoor_dead_letters: { help: 'Messages the consumer sent to a dead-letter topic since the process started.', labelNames: ['service', 'consumer'] },
  onedoor_consumer_lag_messages: { help: 'Messages of the consumer\'s topics its Kafka group has yet to read.', labelNames: ['service', 'consumer'] },
  onedoor_consumer_up: { help: '1 while the consumer runs, 0 while it is retrying (store or broker failing), failed or stopped.', labelNames: ['service', 'consumer'] },
  onedoor_dlq_messages: { help: 'Messages in the dead-letter topic of the service\'s topic not yet redriven (onedoor dlq redrive).', labelNames: ['service', 'topic'] },
} as const;

export type GaugeName = keyof typeof GAUGES;
type Read = () => Promise<number> | number;

/** How long a gauge's reader may take when scraped before its value shows as NaN (ms). */
const READ_TIMEOUT_MS = 2000;

/**
 * The process's Prometheus registry (prom-client): every series typed and documented. One per
 * process; when a process hosts several services, their series carry the `service` label.
 *
 * Counters and histograms are incremented where things happen (take a labelled child once with
 * `.labels(…)` and keep it on hot paths); gauges are read when scraped, from the readers given to
 * `gauge()`. Histograms are in seconds. Default Node.js metrics (CPU, memory, GC, handles,
 * event-loop lag as `nodejs_eventloop_lag_*_seconds`) are included.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Events appended to a service's store, by type. */
  readonly eventsAppended = new Counter({
    name: 'onedoor_events_appended_total',
    help: 'Events appended to the service\'s event store, by type.',
    labelNames: ['service', 'type'] as const,
    registers: [this.registry],
  });

  /** Decision events appended (routing, refusals, grants, reservations). */
  readonly decisions = new Counter({
    name: 'onedoor_decisions_total',
    help: 'Decision events appended (ApplicationRouted, ApplicationRefused, AidGranted, AidRefused, FundsReserved, FundsAwaiting), by type.',
    labelNames: ['service', 'type'] as const,
    registers: [this.registry],
  });

  /** Events the relay published and the broker acknowledged. */
  readonly relayPublished = new Counter({
    name: 'onedoor_relay_published_total',
    help: 'Events the relay published to the service\'s topic and the broker acknowledged.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  /** Events a consumer handled with effect (committed), by type. */
  readonly consumed = new Counter({
    name: 'onedoor_consumed_total',
    help: 'Events a consumer handled with effect (committed with its inbox row), by type.',
    labelNames: ['service', 'consumer', 'type'] as const,
    registers: [this.registry],
  });

  /** Missed department deadlines intake flagged and escalated (DeadlineMissed). */
  readonly deadlinesMissed = new Counter({
    name: 'onedoor_deadlines_missed_total',
    help: 'Department deadlines missed and escalated (DeadlineMissed events recorded), by deadline and department.',
    labelNames: ['deadline', 'department'] as const,
    registers: [this.registry],
  });

  /** HTTP requests answered: seconds from arrival to the last byte of the answer. */
  readonly httpDuration = new Histogram({
    name: 'onedoor_http_request_duration_seconds',
    help: 'HTTP requests answered, seconds until the answer was sent, by method, route pattern and status class (2xx…5xx).',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_SECONDS,
    registers: [this.registry],
  });

  /** Inbox transactions of a consumer: seconds per message (`mode="message"`) or per batch (`mode="batch"`). */
  readonly consumerHandling = new Histogram({
    name: 'onedoor_consumer_handling_seconds',
    help: 'Seconds a consumer\'s inbox transaction took (handler and commit), per message or per batch (mode).',
    labelNames: ['service', 'consumer', 'mode'] as const,
    buckets: FAST_SECONDS,
    registers: [this.registry],
  });

  /** Relay publishes: seconds from sending a batch to the broker's acknowledgement. */
  readonly relayPublishDuration = new Histogram({
    name: 'onedoor_relay_publish_seconds',
    help: 'Seconds from sending a batch of events to the broker to its acknowledgement.',
    labelNames: ['service'] as const,
    buckets: FAST_SECONDS,
    registers: [this.registry],
  });

  /** Seconds from an application's submission to its settlement, observed once per application. */
  readonly submitToSettled = new Histogram({
    name: 'onedoor_submit_to_settled_seconds',
    help: 'Seconds from an application\'s submission to its settlement (ApplicationSettled), once per application, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: SETTLEMENT_SECONDS,
    registers: [this.registry],
  });

  /** The readers of each lazily read gauge, by their labels. */
  private readonly readers = new Map<GaugeName, Map<string, { labels: Record<string, string>; read: Read }>>();

  /**
   * `processMetrics` false leaves out the Node.js and process defaults (CPU, memory, GC, event-loop
   * lag): for registries that are not the process's own (a runtime built without one, tests).
   */
  constructor(processMetrics = true) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    for (const name of Object.keys(GAUGES) as GaugeName[]) {
      const series = new Map<string, { labels: Record<string, string>; read: Read }>();
      this.readers.set(name, series);
      new Gauge({
        name,
        help: GAUGES[name].help,
        labelNames: GAUGES[name].labelNames,
        registers: [this.registry],
        async collect() {
          await Promise.all(
            [...series.values()].map(async ({ labels, read }) => {
              const value = await withTimeout(Promise.resolve().then(read), READ_TIMEOUT_MS, 'gauge read').catch(() => NaN);
              this.set(labels, Number(value));
            }),
          );
        },
      });
    }
  }

  /**
   * Registers (or replaces) the reader of one series of the gauge `name` with these labels; it is
   * called when the metrics are scraped. A reader that fails, or takes longer than 2 s, gives NaN.
   */
  gauge(name: GaugeName, labels: Record<string, string>, read: Read): void {
    this.readers.get(name)!.set(JSON.stringify(labels), { labels, read });
  }

  /** Content type of the exposition (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition in the Prometheus text format, every series with # HELP and # TYPE. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
