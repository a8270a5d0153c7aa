/**
 * Stored Idempotency-Key responses expire, on real PostgreSQL and on PGlite: within the time a
 * repeated key replays its response; after it the key is treated as new (even with another
 * body), and the sweep deletes what has expired.
 */
import { EventStore, migrate, PgliteDriver, PostgresDriver, type SqlDriver } from '@onedoor/event-store';
import { migrationsOf } from '../runtime/migrations';
import { idempotent, sweepIdempotency } from './idempotency';

const drivers: [string, () => Promise<SqlDriver>][] = [
  ['PostgreSQL', async () => new PostgresDriver({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 })],
  ['PGlite', () => PgliteDriver.open()],
];

describe.each(drivers)('Idempotency-Key expiry on %s', (_, open) => {
  const schema = `idem_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  let driver: SqlDriver;
  let store: EventStore;
  let runs = 0;
  const run = async () => ({ status: 201, body: { run: ++runs } });
  const age = (key: string, hours: number) =>
    driver.query(`UPDATE "${schema}".idempotency SET created_at = now() - make_interval(hours => $2) WHERE key = $1`, [key, hours]);

  beforeAll(async () => {
    driver = await open();
    await migrate(driver, schema, migrationsOf());
    store = new EventStore(driver, { schema });
  });

  afterAll(async () => {
    await driver.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await driver.close();
  });

  it('replays within the time, treats the key as new after it, and refuses another body only while it lasts', async () => {
    expect(await idempotent(store, 's', 'k1', { a: 1 }, run, 72)).toEqual({ status: 201, body: { run: 1 }, replayed: false });
    await age('k1', 71);
    expect(await idempotent(store, 's', 'k1', { a: 1 }, run, 72)).toEqual({ status: 201, body: { run: 1 }, replayed: true });
    await expect(idempotent(store, 's', 'k1', { a: 2 }, run, 72)).rejects.toThrow(/different request body/);
    await age('k1', 73);
    expect(await idempotent(store, 's', 'k1', { a: 2 }, run, 72)).toEqual({ status: 201, body: { run: 2 }, replayed: false });
    expect(await idempotent(store, 's', 'k1', { a: 2 }, run, 72)).toEqual({ status: 201, body: { run: 2 }, replayed: true });
    expect(runs).toBe(2);
  });

  it('the sweep deletes responses past their time and keeps the others', async () => {
    await idempotent(store, 's', 'old', {}, run, 72);
    await idempotent(store, 's', 'new', {}, run, 72);
    await age('old', 100);
    expect(await sweepIdempotency(driver, schema, 72)).toBe(1);
    const { rows } = await driver.query<{ key: string }>(`SELECT key FROM "${schema}".idempotency ORDER BY key`);
    expect(rows.map((r) => r.key)).toEqual(['k1', 'new']);
  });
});
