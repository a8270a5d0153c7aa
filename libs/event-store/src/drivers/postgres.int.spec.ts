import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isTransientError } from '../transient';
import { PostgresDriver } from './postgres';

const ROOT = join(__dirname, '..', '..', '..', '..');
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgresDriver', () => {
  let driver: PostgresDriver;
  beforeAll(() => {
    driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 1 });
  });
  afterAll(() => driver.close());

  it('runs statements with parameters as named prepared statements, planned once per connection', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect((await driver.query(text, [1])).rows[0].n).toBe(2);
    expect((await driver.query(text, [41])).rows[0].n).toBe(42);
    await driver.transaction(async (tx) => {
      expect((await tx.query(text, [2])).rows[0].n).toBe(3);
      const { rows } = await tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE name LIKE $1', ['od\\_%']);
      // One connection: the statement was prepared there once, and so was this query on itself.
      expect(rows.map((r) => r.statement)).toEqual(expect.arrayContaining([text]));
      expect(rows.filter((r) => r.statement === text)).toHaveLength(1);
    });
  });

  it('runs statements without parameters as they are (several per call for migrations)', async () => {
    await driver.exec('CREATE TEMP TABLE t_plain (n int); INSERT INTO t_plain VALUES (7)');
    expect((await driver.query('SELECT n FROM t_plain')).rows).toEqual([{ n: 7 }]);
  });
});

describe('PostgresDriver when its connections are terminated (server restart, pg_terminate_backend)', () => {
  let admin: PostgresDriver;
  let driver: PostgresDriver;
  const lost: Error[] = [];
  const app = `od-terminate-${process.pid}`;
  const terminateAll = async (name = app) =>
    (await admin.query<{ n: string }>('SELECT count(pg_terminate_backend(pid))::text AS n FROM pg_stat_activity WHERE application_name = $1', [name])).rows[0].n;

  beforeAll(() => {
    admin = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 1 });
    driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, application_name: app, max: 3, onConnectionError: (e) => lost.push(e) });
  });
  afterAll(async () => {
    await driver.close();
    await admin.close();
  });

  it('applies the connection defaults: connect timeout, keep-alive, idle-in-transaction timeout', async () => {
    expect(driver.pool.options).toMatchObject({ connectionTimeoutMillis: 5000, keepAlive: true, idle_in_transaction_session_timeout: 60000 });
    const { rows } = await driver.query<{ t: string }>("SELECT current_setting('idle_in_transaction_session_timeout') AS t");
    expect(rows[0].t).toBe('1min');
  });

  it('idle connections terminated: reported, discarded, and the next queries succeed', async () => {
    await Promise.all([1, 2, 3].map(() => driver.query('SELECT pg_sleep(0.05)')));
    expect(driver.pool.idleCount).toBeGreaterThan(0);
    lost.length = 0;
    expect(Number(await terminateAll())).toBeGreaterThan(0);
    await delay(200);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((e) => isTransientError(e))).toBe(true);
    for (let i = 0; i < 5; i++) expect((await driver.query('SELECT $1::int AS n', [i])).rows[0].n).toBe(i);
  });

  it('a transaction waiting between statements: rejects with the termination, the connection is destroyed, later transactions commit', async () => {
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    let resume!: () => void;
    const gate = new Promise<void>((r) => (resume = r));
    const tx = driver.transaction(async (t) => {
      await t.query('SELECT 1');
      started();
      await gate;
      await t.query('SELECT 2');
    });
    const outcome = tx.then(() => undefined, (e: unknown) => e);
    await inside;
    await terminateAll();
    await delay(200); // the server's FATAL arrives while no statement is running
    resume();
    const error = await outcome;
    expect(error).toBeInstanceOf(Error);
    expect(isTransientError(error)).toBe(true);
    await delay(50);
    const total = driver.pool.totalCount;
    expect(total).toBeLessThanOrEqual(3);
    const n = await driver.transaction(async (t) => (await t.query<{ n: number }>('SELECT 42 AS n')).rows[0].n);
    expect(n).toBe(42);
  });

  it('a statement running when its backend is terminated rejects (57P01); the next succeeds', async () => {
    const running = driver.transaction((t) => t.query('SELECT pg_sleep(5)'));
    const outcome = running.then(() => 'committed', (e: { code?: string }) => e.code);
    await delay(300);
    await terminateAll();
    expect(await outcome).toBe('57P01');
    expect((await driver.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('a session of its own reports its loss when terminated; the driver opens a new one', async () => {
    const session = await driver.session();
    expect(session.lost).toBe(false);
    expect((await session.query<{ n: number }>('SELECT $1::int AS n', [5])).rows[0].n).toBe(5);
    await admin.query('SELECT pg_terminate_backend($1)', [session.pid]);
    const error = await session.whenLost;
    expect(session.lost).toBe(true);
    expect(isTransientError(error)).toBe(true);
    await expect(session.query('SELECT 1')).rejects.toThrow();
    const again = await driver.session();
    expect(again.pid).not.toBe(session.pid);
    await again.close();
    expect(again.lost).toBe(true);
  });

  it('an unreachable server fails queries within the connect timeout instead of hanging', async () => {
    const nowhere = new PostgresDriver({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 1000, onConnectionError: () => undefined });
    const started = Date.now();
    const error = await nowhere.query('SELECT 1').then(() => undefined, (e: unknown) => e);
    expect(isTransientError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(nowhere.session()).rejects.toThrow();
    await nowhere.close();
  });

  it('a process whose transaction loses its connection stays up and resumes (no uncaught error event)', async () => {
    const name = `od-child-${process.pid}`;
    const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/register.js'), join(__dirname, '..', 'test', 'survive-restart.ts')], {
      cwd: ROOT,
      env: { ...process.env, APP_NAME: name },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines: { phase: string; outcome?: string }[] = [];
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let gone = false;
    void exited.then(() => (gone = true));
    const seen = async (phase: string) => {
      const deadline = Date.now() + 60_000;
      while (!gone && Date.now() < deadline && !lines.some((l) => l.phase === phase)) await delay(20);
    };
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(JSON.parse(l)));
    await seen('in-transaction');
    expect(lines.map((l) => l.phase)).toEqual(['idle', 'in-transaction']);
    expect(Number(await terminateAll(name))).toBeGreaterThan(0);
    await delay(300);
    child.stdin!.write('go\n');
    const code = await exited;
    expect(lines.find((l) => l.phase === 'uncaught')).toBeUndefined();
    expect(lines.find((l) => l.phase === 'transaction')?.outcome).toMatch(/^rejected:/);
    expect(lines.map((l) => l.phase)).toContain('recovered');
    expect(code).toBe(0);
  }, 60_000);
});
