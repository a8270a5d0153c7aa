/**
 * Connections of the CLI: the event stores (PostgreSQL, or the embedded PGlite store when
 * DATABASE_URL is unset and its data directory exists) and Kafka.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { topicOf, type Service } from '@onedoor/contracts';
import { PgliteDriver, PostgresDriver, quoteSchema, type SqlDriver } from '@onedoor/event-store';
import { kafkaSecurityFromEnv } from '@onedoor/messaging';
import { Kafka, logLevel } from 'kafkajs';
import type { Io } from './cli/context';
import { UsageError } from './cli/args';

// The commands load this module when they run, and the libraries' functions they need with it.
export { kafkaSecurityFromEnv, quoteSchema };

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

export interface Database {
  driver: SqlDriver;
  /** For messages: the URL without password, or the PGlite directory. */
  where: string;
  embedded: boolean;
  close(): Promise<void>;
}

function pgliteDir(io: Io): string {
  const dir = io.env.ONEDOOR_DATA_DIR ?? join('data', 'pglite');
  return isAbsolute(dir) ? dir : join(io.cwd, dir);
}

/** DATABASE_URL; else the embedded store if ONEDOOR_DATA_DIR (./data/pglite) exists; else the local default. */
export async function openDatabase(io: Io): Promise<Database> {
  const url = io.env.DATABASE_URL;
  const dir = pgliteDir(io);
  if (!url && existsSync(dir)) {
    // PgliteDriver directly: openDriver would prefer the process's DATABASE_URL to this decision.
    const driver = await PgliteDriver.open(dir);
    return { driver, where: `PGlite ${dir}`, embedded: true, close: () => driver.close() };
  }
  const connectionString = url ?? DEFAULT_DATABASE_URL;
  const driver = new PostgresDriver({ connectionString, max: 8, connectionTimeoutMillis: 10_000 });
  try {
    await driver.query('SELECT 1');
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL at ${redact(connectionString)}: ${(e as Error).message}`);
  }
  return { driver, where: redact(connectionString), embedded: false, close: () => driver.close() };
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * KAFKA_BROKERS, or the local default. Without KAFKA_BROKERS next to the embedded store the
 * system runs on its in-process bus: there is no Kafka to talk to.
 */
export function kafkaBrokers(io: Io): string[] | undefined {
  const configured = io.env.KAFKA_BROKERS;
  if (configured) return configured.split(',').map((b) => b.trim()).filter(Boolean);
  if (!io.env.DATABASE_URL && existsSync(pgliteDir(io))) return undefined;
  return [DEFAULT_KAFKA_BROKERS];
}

export function requireKafka(io: Io): string[] {
  const brokers = kafkaBrokers(io);
  if (!brokers) {
    throw new UsageError(
      `this command needs Kafka: set KAFKA_BROKERS (the embedded store at ${pgliteDir(io)} runs on the in-process bus, which keeps no topics)`,
    );
  }
  return brokers;
}

/**
 * A kafkajs client for the CLI, with the TLS and SASL settings of `env` (KAFKA_SSL…, KAFKA_SASL…;
 * see kafkaSecurityFromEnv, which throws KafkaSecurityConfigError for incomplete settings).
 */
export function kafkaClient(brokers: string[], clientId = 'onedoor-ops', env: NodeJS.ProcessEnv = process.env): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...kafkaSecurityFromEnv(env),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

/** Topics are `onedoor.<service>.v1`, under ONEDOOR_TOPIC_PREFIX when a run namespaces them. */
export const topicFor = (io: Io, service: Service | string) => (io.env.ONEDOOR_TOPIC_PREFIX ?? '') + topicOf(service);

/** Exact count of a store's events (for progress bars). */
export async function countEvents(driver: SqlDriver, schema: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteSchema(schema)}.events WHERE ${where}`, params);
  return Number(rows[0]?.n ?? 0);
}
