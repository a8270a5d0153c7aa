/**
 * Intake's schema through the migration ledger, on real PostgreSQL and on PGlite: a fresh schema
 * takes every migration once; a schema whose tables were created by the boot-time DDL of earlier
 * releases (no ledger rows for them) migrates cleanly and keeps its rows; instances migrating
 * together apply each migration once; a service that does not migrate waits for the ledger.
 */
import { migrate, PgliteDriver, PostgresDriver, quoteSchema, storeMigrations, type SqlDriver } from '@onedoor/event-store';
import { awaitMigrations, migrateSchema, migrationsOf, readLogMigrations } from '@onedoor/service-kit';
import { intakeMigrations } from './intake.migrations';

const drivers: [string, () => Promise<SqlDriver>][] = [
  ['PostgreSQL', async () => new PostgresDriver({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 8 })],
  ['PGlite', () => PgliteDriver.open()],
];

const ALL = migrationsOf(intakeMigrations);
const TABLES = ['events', 'checkpoints', 'inbox', 'read_log', 'idempotency', 'dossiers', 'timeline', 'personal_data', 'subject_keys', 'subject_erasures'];

/** What a store of earlier releases held: the versioned store and read log, and tables created at each start. */
async function oldStyleStore(driver: SqlDriver, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await migrate(driver, schema, [...storeMigrations, ...readLogMigrations]);
  await driver.exec(`
    CREATE TABLE IF NOT EXISTS ${s}.idempotency (
      scope text NOT NULL, key text NOT NULL, request_hash text NOT NULL, status integer NOT NULL,
      body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, key));
    CREATE TABLE IF NOT EXISTS ${s}.dossiers (
      application_id text PRIMARY KEY,
      jurisdiction text, registered_jurisdiction text, status text NOT NULL, submitted_by text,
      next_due_by text, doc jsonb NOT NULL, version integer NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE IF NOT EXISTS ${s}.timeline (
      application_id text NOT NULL, event_id text NOT NULL, service text NOT NULL, type text NOT NULL,
      occurred_at timestamptz NOT NULL, stream_id text NOT NULL, stream_version integer NOT NULL,
      global_position bigint NOT NULL, actor jsonb, data jsonb NOT NULL,
      PRIMARY KEY (application_id, event_id));
    CREATE INDEX IF NOT EXISTS dossiers_jurisdiction ON ${s}.dossiers (jurisdiction text_pattern_ops);
    CREATE INDEX IF NOT EXISTS dossiers_status ON ${s}.dossiers (status, updated_at);
    CREATE TABLE IF NOT EXISTS ${s}.personal_data (
      application_id text PRIMARY KEY, sealed text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS ${s}.subject_keys (
      person_ref text PRIMARY KEY, key_id text NOT NULL, kid text NOT NULL, wrapped text NOT NULL,
      jurisdiction text, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS ${s}.subject_erasures (
      person_ref text NOT NULL, event_id text NOT NULL, erased_at timestamptz NOT NULL, erased_by text NOT NULL,
      legal_basis text NOT NULL, note text, PRIMARY KEY (person_ref, event_id));
    INSERT INTO ${s}.idempotency (scope, key, request_hash, status, body) VALUES ('submit:u', 'k1', 'h', 201, '{}');
    INSERT INTO ${s}.dossiers (application_id, status, doc, version, updated_at) VALUES ('app-1', 'routed', '{}', 1, now());
    INSERT INTO ${s}.personal_data (application_id, sealed) VALUES ('app-1', 'sealed');
    INSERT INTO ${s}.subject_keys (person_ref, key_id, kid, wrapped) VALUES ('p_1', 'k', 'dev', 'w');`);
}

async function tablesOf(driver: SqlDriver, schema: string): Promise<string[]> {
  const { rows } = await driver.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1`, [schema]);
  return rows.map((r) => r.t);
}

async function ledgerOf(driver: SqlDriver, schema: string): Promise<number[]> {
  const { rows } = await driver.query<{ version: number }>(`SELECT version FROM ${quoteSchema(schema)}.schema_migrations ORDER BY version`);
  return rows.map((r) => Number(r.version));
}

describe.each(drivers)('intake migrations on %s', (_, open) => {
  const base = `mig_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const schemas: string[] = [];
  const schemaFor = (name: string) => {
    const s = `${base}_${name}`;
    schemas.push(s);
    return s;
  };
  let driver: SqlDriver;

  beforeAll(async () => {
    driver = await open();
  });

  afterAll(async () => {
    for (const s of schemas) await driver.exec(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await driver.close();
  });

  it('a fresh schema takes every migration once; a dry run lists them first and changes nothing', async () => {
    const schema = schemaFor('fresh');
    const plan = await migrateSchema(driver, schema, ALL, true);
    expect(plan.migrations.map((m) => m.version)).toEqual(ALL.map((m) => m.version));
    expect(await tablesOf(driver, schema)).toEqual([]);
    const applied = await migrateSchema(driver, schema, ALL);
    expect(applied.migrations.map((m) => m.version)).toEqual([1, 2, 3, 101, 201, 202, 301, 302]);
    expect((await tablesOf(driver, schema)).sort()).toEqual([...TABLES, 'schema_migrations'].sort());
    expect((await migrateSchema(driver, schema, ALL)).migrations).toEqual([]);
    expect((await migrateSchema(driver, schema, ALL, true)).migrations).toEqual([]);
  });

  it('a schema created by the boot-time DDL of earlier releases migrates cleanly and keeps its rows', async () => {
    const schema = schemaFor('old');
    await oldStyleStore(driver, schema);
    expect((await migrateSchema(driver, schema, ALL, true)).migrations.map((m) => m.version)).toEqual([201, 202, 301, 302]);
    expect((await migrateSchema(driver, schema, ALL)).migrations.map((m) => m.version)).toEqual([201, 202, 301, 302]);
    expect(await ledgerOf(driver, schema)).toEqual([1, 2, 3, 101, 201, 202, 301, 302]);
    const s = quoteSchema(schema);
    const { rows } = await driver.query<{ i: string; d: string; p: string; k: string; ix: string | null }>(
      `SELECT (SELECT count(*) FROM ${s}.idempotency)::text AS i, (SELECT count(*) FROM ${s}.dossiers)::text AS d,
              (SELECT count(*) FROM ${s}.personal_data)::text AS p, (SELECT count(*) FROM ${s}.subject_keys)::text AS k,
              to_regclass($1)::text AS ix`,
      [`${s}.idempotency_created_at`],
    );
    expect(rows[0]).toEqual({ i: '1', d: '1', p: '1', k: '1', ix: expect.stringContaining('idempotency_created_at') });
  });

  it('instances migrating together apply each migration once', async () => {
    const schema = schemaFor('race');
    const results = await Promise.all(Array.from({ length: 4 }, () => migrateSchema(driver, schema, ALL)));
    expect(results.flatMap((r) => r.migrations.map((m) => m.version)).sort((a, b) => a - b)).toEqual(ALL.map((m) => m.version));
    expect(await ledgerOf(driver, schema)).toEqual(ALL.map((m) => m.version));
  });

  it('a service that does not migrate waits until the ledger holds every migration', async () => {
    const schema = schemaFor('wait');
    let told: number[] = [];
    const waiting = awaitMigrations(driver, schema, ALL, { intervalMs: 50, onWait: (p) => (told = p.map((m) => m.version)) });
    await new Promise((r) => setTimeout(r, 120));
    await migrateSchema(driver, schema, ALL);
    await waiting;
    expect(told).toEqual(ALL.map((m) => m.version));
    await expect(awaitMigrations(driver, schemaFor('never'), ALL, { intervalMs: 10, timeoutMs: 30 })).rejects.toThrow(/onedoor migrate/);
  });
});
