/**
 * `onedoor migrate` on a database of its own (real PostgreSQL) and on the embedded store: a dry
 * run lists every schema's pending migrations and changes nothing, a run applies them, and the
 * next finds nothing to do; a bad configuration stops it before it connects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaOf, SERVICES } from '@onedoor/contracts';
import { PostgresDriver } from '@onedoor/event-store';
import { onedoor } from './test/cli';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `onedoor_mig_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
const SCHEMAS = SERVICES.map(schemaOf); // intake, temporary_aid, … partners: every service of the registry
const ALL = [1, 2, 3, 101, 201, 202];
const dir = mkdtempSync(join(tmpdir(), 'onedoor-migrate-'));

const admin = new PostgresDriver({ connectionString: base, max: 1 });
const urlOf = (db: string) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

beforeAll(async () => {
  await admin.query(`CREATE DATABASE ${name}`);
});

afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['PostgreSQL', () => ({ DATABASE_URL: urlOf(name) })],
  ['PGlite', () => ({ ONEDOOR_DATA_DIR: dir })],
])('onedoor migrate on %s', (_, envOf) => {
  it('--dry-run lists the pending migrations of every service schema and changes nothing', async () => {
    const r = await onedoor(['migrate', '--dry-run', '--json'], envOf());
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.dryRun).toBe(true);
    expect(out.schemas.map((s: { schema: string }) => s.schema)).toEqual(SCHEMAS);
    const versions = Object.fromEntries(out.schemas.map((s: { schema: string; migrations: { version: number }[] }) => [s.schema, s.migrations.map((m) => m.version)]));
    expect(versions).toEqual({ ...Object.fromEntries(SCHEMAS.map((s) => [s, ALL])), intake: [...ALL, 301, 302] });
    const again = await onedoor(['migrate', '--dry-run'], envOf());
    expect(again.stdout).toContain('intake         8 pending');
  });

  it('applies them, then finds nothing to do', async () => {
    const r = await onedoor(['migrate'], envOf());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/intake\s+8 applied/);
    expect(r.stdout).toContain(' 302  intake: subject keys and erasure records');
    const again = await onedoor(['migrate', '--service', 'intake', '--json'], envOf());
    expect(again.json().schemas).toEqual([{ service: 'intake', schema: 'intake', migrations: [] }]);
    expect((await onedoor(['migrate', '--dry-run'], envOf())).stdout).not.toContain('pending\n');
  });
});

describe('onedoor migrate', () => {
  it('refuses a configuration that does not fit the schema, naming every problem (exit 1)', async () => {
    const r = await onedoor(['migrate', '--dry-run'], { DATABASE_URL: 'mysql://x', ONEDOOR_TOPIC_PARTITIONS: 'many' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2 configuration problem(s)');
    expect(r.stderr).toContain('DATABASE_URL must be');
    expect(r.stderr).toContain('ONEDOOR_TOPIC_PARTITIONS must be');
  });

  it('has help and refuses an unknown service (exit 2)', async () => {
    const help = await onedoor(['migrate', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect((await onedoor(['migrate', '--service', 'nope'], {})).code).toBe(2);
  });
});
