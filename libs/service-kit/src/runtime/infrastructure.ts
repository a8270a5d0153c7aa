import { join } from 'node:path';
import { openDriver, type SqlDriver } from '@onedoor/event-store';
import { InProcessTransport, kafkaSecurityFromEnv, KafkaTransport, type Transport } from '@onedoor/messaging';
import { kafkaConsumerLag } from './consumer-lag';

/** Where events are stored and how they travel: shared by every service in the process. */
export interface Infrastructure {
  mode: 'embedded' | 'distributed';
  driver: SqlDriver;
  transport: Transport;
  /** Messages a consumer group has yet to read (Kafka only). */
  consumerLag?: (groupId: string, topics: string[]) => Promise<number>;
  /** Resolves when the broker answers within timeoutMs, rejects with the reason (Kafka only). */
  checkBroker?: (timeoutMs: number) => Promise<void>;
  close(): Promise<void>;
}

export const INFRASTRUCTURE = Symbol('onedoor:infrastructure');

/**
 * DATABASE_URL → PostgreSQL, else PGlite under ONEDOOR_DATA_DIR (./data/pglite).
 * KAFKA_BROKERS → Kafka, else the in-process bus; its TLS and SASL settings (KAFKA_SSL…,
 * KAFKA_SASL…) are read once, by kafkaSecurityFromEnv, for the transport and the lag probe — an
 * incomplete setting throws KafkaSecurityConfigError here, at start.
 */
export async function openInfrastructure(
  options: { databaseUrl?: string; kafkaBrokers?: string; dataDir?: string; clientId?: string } = {},
): Promise<Infrastructure> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const brokers = options.kafkaBrokers ?? process.env.KAFKA_BROKERS;
  const security = brokers ? kafkaSecurityFromEnv() : undefined;
  const driver = await openDriver({
    databaseUrl,
    dataDir: options.dataDir ?? process.env.ONEDOOR_DATA_DIR ?? join(process.cwd(), 'data', 'pglite'),
  });
  const transport: Transport = brokers
    ? new KafkaTransport({ brokers: brokers.split(','), clientId: options.clientId ?? 'onedoor', security })
    : new InProcessTransport();
  const lag = brokers ? kafkaConsumerLag(brokers.split(','), security) : undefined;
  return {
    mode: databaseUrl && brokers ? 'distributed' : 'embedded',
    driver,
    transport,
    consumerLag: lag?.measure,
    checkBroker: lag?.ping,
    async close() {
      await transport.close();
      await lag?.close();
      await driver.close();
    },
  };
}
