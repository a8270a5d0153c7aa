import { InterruptedError } from './backoff';
import { deliverBatch, deliverMessage, type Delivery, type DeliveryBatchHandler } from './delivery';
import { partitionForKey } from './key-hash';
import { errorText, stderrLogger, type Logger } from './logger';
import { Semaphore } from './semaphore';
import type { Headers, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec, Transport } from './transport';

export interface InProcessTransportOptions {
  /** Partitions of a topic created implicitly by publish or subscribe (like the broker's num.partitions). */
  defaultPartitions?: number;
  /** First pause before a rejected message is delivered again; doubles up to 5 s. Default 100. */
  redeliveryDelayMs?: number;
  logger?: Logger;
}

interface StoredMessage {
  key: string | null;
  value: Buffer | null;
  headers: Headers;
}

interface Member {
  topics: Set<string>;
  /** A message handler is a batch handler of one message at a time. */
  deliver: DeliveryBatchHandler;
  maxBatchSize: number;
  slots: Semaphore;
  active: boolean;
  inFlight: Set<Promise<void>>;
}

interface Group {
  /** In join order; partition p of a topic goes to members-subscribed-to-it[p % count]. */
  members: Member[];
  /** topic → per partition the next offset to deliver: the group's committed offset. */
  offsets: Map<string, number[]>;
  /** "topic\0partition" of the partition workers running for this group. */
  workers: Set<string>;
}

/**
 * The Transport contract in memory, for the embedded single-process mode: topics are arrays of
 * partitions chosen by key hash, consumer groups keep committed offsets and share partitions
 * among their members, handlers run asynchronously (never inside publish), and an offset is
 * committed only after its handler resolved — a rejection is delivered again, so consumers see
 * the same at-least-once behaviour as on Kafka and must be just as idempotent.
 *
 * One worker per (group, partition) delivers in offset order, so a partition is never processed
 * by two members at once, even while members join or leave. Messages are kept for the life of the
 * process (the events table, not this, is the durable record). Handlers get a Delivery whose
 * `interrupted()` reports a stopping subscription (see Delivery).
 */
export class InProcessTransport implements Transport {
  readonly kind = 'in-process' as const;
  private readonly topics = new Map<string, StoredMessage[][]>();
  private readonly groups = new Map<string, Group>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly roundRobin = new Map<string, number>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly logger: Logger;
  private closed = false;

  constructor(private readonly options: InProcessTransportOptions = {}) {
    this.logger = options.logger ?? stderrLogger;
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const t of topics) this.topic(t.topic, t.partitions);
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('transport closed');
    const partitions = this.topic(topic);
    for (const m of messages) {
      let p: number;
      if (m.key === null) {
        p = (this.roundRobin.get(topic) ?? 0) % partitions.length;
        this.roundRobin.set(topic, p + 1);
      } else {
        p = partitionForKey(m.key, partitions.length);
      }
      // Copies, so a caller reusing its buffer or headers object cannot change what was "sent".
      // A null value (a tombstone, as on Kafka) stays null.
      const value = (m.value as OutgoingMessage['value'] | null) === null ? null : Buffer.from(m.value);
      partitions[p].push({ key: m.key, value, headers: { ...m.headers } });
    }
    this.wake(topic);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('transport closed');
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { members: [], offsets: new Map(), workers: new Set() };
      this.groups.set(options.groupId, group);
    }
    // A group without a committed offset starts at the beginning or at the current end, decided
    // now (not when a worker first looks) so that nothing published after subscribe is missed.
    for (const topic of options.topics) {
      const partitions = this.topic(topic);
      const offsets = group.offsets.get(topic) ?? [];
      partitions.forEach((log, p) => {
        offsets[p] ??= options.fromBeginning ? 0 : log.length;
      });
      group.offsets.set(topic, offsets);
    }
    const member: Member = {
      topics: new Set(options.topics),
      deliver: options.batchHandler
        ? (messages, delivery) => deliverBatch(options.batchHandler!, messages, delivery!)
        : (messages, delivery) => deliverMessage(options.handler, messages[0], delivery!),
      maxBatchSize: options.batchHandler ? Math.max(1, options.maxBatchSize ?? 200) : 1,
      slots: new Semaphore(Math.max(1, options.concurrency ?? 1)),
      active: true,
      inFlight: new Set(),
    };
    group.members.push(member);
    const joined = group;
    for (const topic of options.topics) {
      this.startWorkers(joined, topic);
      this.wake(topic); // workers re-read the assignment
    }
    let stopping: Promise<void> | undefined;
    const subscription: Subscription = {
      stop: () =>
        (stopping ??= (async () => {
          member.active = false;
          joined.members = joined.members.filter((m) => m !== member);
          member.topics.forEach((t) => this.wake(t));
          // Nothing new starts for this member now; wait for what is running (and its commit).
          await Promise.allSettled([...member.inFlight]);
          this.subscriptions.delete(subscription);
        })()),
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    for (const topic of this.topics.keys()) this.wake(topic);
  }

  /** The topic's partitions, created or grown to at least `partitions`. */
  private topic(name: string, partitions = this.options.defaultPartitions ?? 4): StoredMessage[][] {
    let logs = this.topics.get(name);
    if (!logs) {
      logs = [];
      this.topics.set(name, logs);
    }
    if (logs.length < partitions) {
      while (logs.length < partitions) logs.push([]);
      // New partitions of a topic already consumed are read from their start.
      for (const group of this.groups.values()) {
        const offsets = group.offsets.get(name);
        if (!offsets) continue;
        for (let p = 0; p < logs.length; p++) offsets[p] ??= 0;
        this.startWorkers(group, name);
      }
    }
    return logs;
  }

  private startWorkers(group: Group, topic: string): void {
    const partitions = this.topics.get(topic)?.length ?? 0;
    for (let p = 0; p < partitions; p++) {
      const id = `${topic}\u0000${p}`;
      if (group.workers.has(id)) continue;
      group.workers.add(id);
      void this.work(group, topic, p, id);
    }
  }

  /** Delivers one partition to the group, in offset order, one message (or batch) at a time. */
  private async work(group: Group, topic: string, p: number, id: string): Promise<void> {
    let failures = 0;
    for (;;) {
      const assignees = group.members.filter((m) => m.topics.has(topic));
      if (assignees.length === 0 || this.closed) {
        // Same synchronous step as the check: a member joining later starts a fresh worker.
        group.workers.delete(id);
        return;
      }
      const member = assignees[p % assignees.length];
      const log = this.topics.get(topic)![p];
      const offsets = group.offsets.get(topic)!;
      const offset = (offsets[p] ??= 0);
      if (offset >= log.length) {
        await this.changed(topic);
        continue;
      }
      await member.slots.acquire();
      if (!member.active) {
        member.slots.release();
        continue;
      }
      const batch = log.slice(offset, offset + member.maxBatchSize);
      const context: Delivery = {
        heartbeat: async () => undefined,
        interrupted: () => (this.closed ? 'transport closed' : member.active ? undefined : 'subscription stopping'),
      };
      const delivery = (async () => {
        await member.deliver(
          batch.map((m, k) => ({ topic, partition: p, offset: String(offset + k), key: m.key, value: m.value, headers: { ...m.headers } })),
          context,
        );
        offsets[p] = offset + batch.length; // commit only after the handler resolved
      })();
      member.inFlight.add(delivery);
      try {
        await delivery;
        failures = 0;
      } catch (e) {
        if (e instanceof InterruptedError) continue; // gave up because it is stopping: not committed
        failures++;
        this.logger.warn('in-process handler failed; the message will be delivered again', {
          topic,
          partition: p,
          offset,
          error: errorText(e),
        });
        await sleep(Math.min((this.options.redeliveryDelayMs ?? 100) * 2 ** (failures - 1), 5000));
      } finally {
        member.inFlight.delete(delivery);
        member.slots.release();
      }
    }
  }

  /** Resolves on the next publish to, growth of, or membership change on the topic. */
  private changed(topic: string): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(topic);
      if (!set) this.waiters.set(topic, (set = new Set()));
      set.add(resolve);
    });
  }

  private wake(topic: string): void {
    const set = this.waiters.get(topic);
    if (!set) return;
    this.waiters.delete(topic);
    set.forEach((resolve) => resolve());
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
