/**
 * A service started before its database (a cluster booting, an outage in progress) waits for it
 * instead of exiting: funding is started while its PostgreSQL server is down, stays alive and
 * says what it waits for, and becomes ready by itself once the server is started.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, freePortBlock, startDisposablePostgres, startDistributed, type Cluster, type DisposablePostgres } from '@onedoor/testing';
import { prefixFor } from './system';

jest.setTimeout(240_000);

let postgres: DisposablePostgres;
let cluster: Cluster | undefined;

afterAll(async () => {
  await cluster?.stop();
  await postgres?.stop();
});

it('a service started while its database is down waits for it, then becomes ready', async () => {
  postgres = await startDisposablePostgres();
  const databaseUrl = await createDatabase(postgres.serverUrl, 'boot');
  await postgres.kill();
  const starting = startDistributed({
    basePort: await freePortBlock(), databaseUrl, kafkaBrokers: process.env.KAFKA_BROKERS!, topicPrefix: prefixFor('fboot'),
    services: ['funding'], label: 'fault-startup', healthTimeoutMs: 180_000, env: { ONEDOOR_DEADLINE_SCAN_MS: '0' },
  });
  starting.catch(() => undefined); // awaited below
  await new Promise((r) => setTimeout(r, 8000)); // long enough to have exited, were it going to
  await postgres.start();
  cluster = await starting;
  const [funding] = cluster.processes();
  expect(funding.exited).toBeUndefined();
  const ready = await fetch(`${cluster.urls.funding}/health/ready`);
  expect(ready.status).toBe(200);
  const stderr = readFileSync(join(cluster.logDir, 'funding.err.log'), 'utf8') + readFileSync(join(cluster.logDir, 'funding.out.log'), 'utf8');
  expect(stderr).toMatch(/waiting for the database/);
  expect(stderr).not.toContain(databaseUrl); // the connection string is never logged
});
