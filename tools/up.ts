/**
 * `npm run up`: the distributed mode on one machine — the local Kafka broker, the six services
 * as separate processes (intake :3001 … partners :3006) on PostgreSQL (DATABASE_URL, default the local
 * server) and the gateway in front of them on :3000, the one origin for clients. Ctrl-C stops them.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startDistributed } from '../libs/testing/src/cluster';

async function main() {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  if (!process.env.KAFKA_BROKERS) execFileSync('bash', [join(__dirname, '..', 'deploy', 'kafka', 'start.sh')], { stdio: 'inherit' });
  const cluster = await startDistributed({
    databaseUrl,
    kafkaBrokers,
    basePort: Number(process.env.ONEDOOR_PORT_BASE ?? 3000),
    topicPrefix: process.env.ONEDOOR_TOPIC_PREFIX ?? '',
    fastForwardConsumerGroups: false,
    env: { ONEDOOR_LOG: process.env.ONEDOOR_LOG ?? '' },
    label: 'up',
    gateway: true,
  });
  for (const [service, url] of Object.entries(cluster.urls)) console.log(`${service.padEnd(14)} ${url}/docs`);
  console.log(`${'gateway'.padEnd(14)} ${cluster.gatewayUrl} — the one origin: REST ${cluster.gatewayUrl}/api/v1, GraphQL ${cluster.gatewayUrl}/graphql`);
  console.log(`logs in ${cluster.logDir}; Ctrl-C stops every service`);
  const stop = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
