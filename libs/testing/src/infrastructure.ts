/**
 * Prepares the infrastructure integration and end-to-end tests talk to, once per run:
 * - PostgreSQL: DATABASE_URL if set, else a testcontainers container when a Docker engine answers,
 *   else the server on 127.0.0.1:5432 (started if it is down). Every run gets a fresh database.
 * - Kafka: KAFKA_BROKERS if set, else a testcontainers broker when Docker answers, else the local
 *   broker from deploy/kafka (fetched from Maven Central on first use).
 */
import { execFileSync, execSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

const root = join(__dirname, '..', '..', '..');
const log = (msg: string) => process.stderr.write(`[infra] ${msg}\n`);

export interface Infrastructure {
  databaseUrl: string;
  kafkaBrokers: string;
}

export async function prepareInfrastructure(): Promise<Infrastructure> {
  if (process.env.ONEDOOR_INFRA_READY === '1') {
    return { databaseUrl: process.env.DATABASE_URL!, kafkaBrokers: process.env.KAFKA_BROKERS! };
  }
  const docker = !process.env.DATABASE_URL || !process.env.KAFKA_BROKERS ? dockerAnswers() : false;
  const serverUrl = process.env.DATABASE_URL ?? (docker ? await postgresContainer() : await localPostgres());
  const databaseUrl = await freshDatabase(serverUrl);
  const kafkaBrokers = process.env.KAFKA_BROKERS ?? (docker ? await kafkaContainer() : localKafka());
  process.env.DATABASE_URL = databaseUrl;
  process.env.KAFKA_BROKERS = kafkaBrokers;
  // Topics and consumer groups of this run are namespaced, so that runs sharing a broker never
  // read each other's events.
  process.env.ONEDOOR_TOPIC_PREFIX ??= `t${Date.now().toString(36)}.`;
  process.env.ONEDOOR_INFRA_READY = '1';
  log(`PostgreSQL ${redact(databaseUrl)}; Kafka ${kafkaBrokers}`);
  return { databaseUrl, kafkaBrokers };
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function localPostgres(): Promise<string> {
  const url = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(url)) return url;
  log('PostgreSQL is down on 127.0.0.1:5432; starting it');
  execSync('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | tail -1) main start', { stdio: 'inherit' });
  for (let i = 0; i < 60; i++) {
    if (await canConnect(url)) return url;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('PostgreSQL did not come up on 127.0.0.1:5432');
}

/** Creates onedoor_t_<time>_<rand> and drops test databases of runs older than six hours. */
async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const now = Date.now();
    const stale = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'onedoor_t_%'",
    );
    for (const { datname } of stale.rows) {
      const born = Number(datname.split('_')[2]);
      if (Number.isFinite(born) && now - born > 6 * 3600_000) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
      }
    }
    const name = `onedoor_t_${now}_${Math.random().toString(36).slice(2, 8)}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  } finally {
    await admin.end();
  }
}

function localKafka(): string {
  execFileSync('bash', [join(root, 'deploy', 'kafka', 'start.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  return `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
}

async function postgresContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const c = await new GenericContainer('postgres:16-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/postgres`;
}

async function kafkaContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // Fixed host port so the advertised listener matches what clients dial.
  const port = 39092;
  const c = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  return `${c.getHost() === 'localhost' ? '127.0.0.1' : c.getHost()}:${port}`;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
