/**
 * The read log on real PostgreSQL and on PGlite: concurrent writers keep one unbroken chain, the
 * database refuses UPDATE, DELETE and TRUNCATE, a row changed behind the trigger's back is found
 * by verify(), and a log that cannot be written makes the read fail with 503.
 */
import { PgliteDriver, PostgresDriver, type SqlDriver } from '@onedoor/event-store';
import { ProblemError } from '../http/problem';
import { migrateReadLog, ReadLog, type ReadEntry } from './read-log';

const entry = (n: number): ReadEntry => ({
  reader: { sub: `caseworker-${n % 3}`, roles: ['caseworker'], jurisdiction: '321323' },
  purpose: 'GET /api/v1/applications/:id',
  resource: 'dossier',
  resourceId: `app-${n}`,
  fields: ['tier', 'departments'],
  applicationIds: [`app-${n}`],
  subjectRefs: [`p_${n}`, 'h_shared'],
  scope: ['321323'],
});

const drivers: [string, () => Promise<SqlDriver>][] = [
  ['PostgreSQL', async () => new PostgresDriver({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 8 })],
  ['PGlite', () => PgliteDriver.open()],
];

describe.each(drivers)('read log on %s', (_, open) => {
  const schema = `read_log_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  let driver: SqlDriver;
  let log: ReadLog;

  beforeAll(async () => {
    driver = await open();
    await migrateReadLog({ driver, schema });
    await migrateReadLog({ driver, schema }); // applied once: a second start changes nothing
    log = new ReadLog(driver, schema, 'intake');
  });

  afterAll(async () => {
    await driver.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await driver.close();
  });

  it('40 concurrent reads give 40 rows on one intact chain', async () => {
    const written = await Promise.all(Array.from({ length: 40 }, (_, i) => log.record(entry(i))));
    expect(new Set(written.map((w) => w.seq)).size).toBe(40);
    expect(await log.verify()).toEqual({ ok: true, rows: 40 });
    const { rows } = await driver.query<{ n: string; links: string }>(
      `SELECT count(*)::text AS n, count(DISTINCT prev_hash)::text AS links FROM "${schema}".read_log`,
    );
    expect(rows[0]).toEqual({ n: '40', links: '40' }); // no two rows chained to the same predecessor
  });

  it('finds rows by application, by person reference and by reader, newest first', async () => {
    expect((await log.query({ subject: 'app-7', limit: 10, offset: 0 })).items.map((r) => r.resourceId)).toEqual(['app-7']);
    const shared = await log.query({ subject: 'h_shared', limit: 5, offset: 0 });
    expect(shared.total).toBe(40);
    expect(shared.items).toHaveLength(5);
    const byReader = await log.query({ reader: 'caseworker-1', limit: 100, offset: 0 });
    expect(byReader.items.every((r) => r.reader.sub === 'caseworker-1')).toBe(true);
    expect(byReader.total).toBe(13);
    const times = shared.items.map((r) => r.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(shared.items[0]).toMatchObject({ service: 'intake', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of the log', async () => {
    await expect(driver.query(`UPDATE "${schema}".read_log SET reader_sub = 'nobody' WHERE seq = 1`)).rejects.toThrow(/append_only/);
    await expect(driver.query(`DELETE FROM "${schema}".read_log WHERE seq = 2`)).rejects.toThrow(/append_only/);
    await expect(driver.query(`TRUNCATE "${schema}".read_log`)).rejects.toThrow(/append_only/);
    expect(await log.verify()).toEqual({ ok: true, rows: 40 });
  });

  it('a row changed with the trigger disabled is named by verify()', async () => {
    await driver.transaction(async (tx) => {
      await tx.exec(`ALTER TABLE "${schema}".read_log DISABLE TRIGGER read_log_append_only`);
      await tx.query(`UPDATE "${schema}".read_log SET reader_sub = 'somebody-else' WHERE seq = (SELECT min(seq) + 4 FROM "${schema}".read_log)`);
      await tx.exec(`ALTER TABLE "${schema}".read_log ENABLE TRIGGER read_log_append_only`);
    });
    const { rows } = await driver.query<{ seq: string }>(`SELECT (min(seq) + 4)::text AS seq FROM "${schema}".read_log`);
    expect(await log.verify()).toMatchObject({ ok: false, rows: 4, firstBroken: { seq: Number(rows[0].seq), reason: expect.stringMatching(/changed/) } });
  });

  it('a log that cannot be written fails the read with 503', async () => {
    const missing = new ReadLog(driver, `${schema}_absent`, 'intake');
    const error = await missing.record(entry(1)).catch((e) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.problem).toMatchObject({ status: 503, retryAfter: expect.any(Number) });
  });
});
