import { Kafka, logLevel } from 'kafkajs';
import { EventStore, PgliteDriver, PostgresDriver, type RecordedEvent, type SqlDriver } from '@onedoor/event-store';
import { InProcessTransport } from '../in-process-transport';
import { KafkaTransport } from '../kafka-transport';
import { kafkaLogCreator } from '../kafka-logger';
import { silentLogger, stderrLogger } from '../logger';
import type { IncomingMessage, OutgoingMessage, Transport } from '../transport';

export type RigKind = 'kafka+postgres' | 'in-process+pglite';
export const RIG_KINDS: RigKind[] = ['kafka+postgres', 'in-process+pglite'];

/** A migrated store in its own schema and a transport of the given kind: no mocks. */
export interface Rig {
  kind: RigKind;
  store: EventStore;
  driver: SqlDriver;
  /** A fresh transport of the rig's kind (a "process"); closed by close(). */
  newTransport(): Transport;
  /** Publishes as any producer could, bypassing the transport's checks: e.g. a null value (a tombstone). */
  publishRaw(topic: string, messages: { key: string | null; value: string | null; headers?: Record<string, string> }[]): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;
/** As the event store's own tests do: PostgreSQL in a schema of its own, or a fresh in-memory PGlite. */
async function openTestStore(kind: 'postgres' | 'pglite'): Promise<{ store: EventStore; driver: SqlDriver }> {
  const driver: SqlDriver =
    kind === 'postgres' ? new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 24 }) : await PgliteDriver.open();
  const store = new EventStore(driver, { schema: `msg_${process.pid}_${Date.now().toString(36)}_${counter++}` });
  await store.migrate();
  return { store, driver };
}

export async function openRig(kind: RigKind): Promise<Rig> {
  const { store, driver } = await openTestStore(kind === 'kafka+postgres' ? 'postgres' : 'pglite');
  const transports: Transport[] = [];
  // In memory the "broker" lives in the transport object, so a rig's in-process transports are
  // views of one shared instance whose close() leaves it running (as a dead process leaves Kafka).
  const shared = new InProcessTransport({ redeliveryDelayMs: 10, logger: silentLogger });
  const view: Transport = {
    kind: 'in-process',
    ensureTopics: (topics) => shared.ensureTopics(topics),
    publish: (topic, messages) => shared.publish(topic, messages),
    subscribe: (options) => shared.subscribe(options),
    close: async () => undefined,
  };
  return {
    kind,
    store,
    driver,
    newTransport() {
      const t = kind === 'kafka+postgres' ? new KafkaTransport({ brokers: process.env.KAFKA_BROKERS!, clientId: 'messaging-int' }) : view;
      transports.push(t);
      return t;
    },
    async publishRaw(topic, messages) {
      if (kind === 'in-process+pglite') return shared.publish(topic, messages as OutgoingMessage[]);
      const producer = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.WARN, logCreator: kafkaLogCreator(stderrLogger) }).producer();
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages });
      } finally {
        await producer.disconnect();
      }
    },
    async close() {
      await Promise.allSettled([...transports.map((t) => t.close()), shared.close()]);
      await driver.close();
    },
  };
}

/** Every message of a topic, from the beginning, as a test-side observer in a group of its own. */
export async function collect(transport: Transport, topic: string, groupId: string) {
  const messages: IncomingMessage[] = [];
  const subscription = await transport.subscribe({
    groupId,
    topics: [topic],
    fromBeginning: true,
    concurrency: 4,
    handler: async (m) => void messages.push(m),
  });
  return { messages, stop: () => subscription.stop() };
}

/** Messages a Kafka topic holds: the sum of its partitions' high watermarks. */
export async function kafkaMessageCount(topic: string): Promise<number> {
  const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.WARN, logCreator: kafkaLogCreator(stderrLogger) }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A RecordedEvent as the store would return it, for publishing envelopes by hand. */
export function recorded(eventId: string, type: string, data: Record<string, unknown>, streamVersion = 1): RecordedEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    streamId: `stream-${eventId}`,
    streamVersion,
    globalPosition: '1',
    transactionId: '1',
    occurredAt: new Date('2026-11-20T08:00:00.000Z'),
    data,
    metadata: { correlationId: `corr-${eventId}`, causationId: `cause-${eventId}`, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    prevHash: '',
    hash: '',
  };
}
