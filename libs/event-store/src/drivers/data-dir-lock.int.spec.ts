/**
 * One process at a time on an embedded store: a second process opening the same PGlite directory
 * is refused with the holder's process id; a lock left by a process that is gone is taken over;
 * closing releases it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockFileOf } from './data-dir-lock';
import { PgliteDriver } from './pglite';

jest.setTimeout(60_000);

const dirs: string[] = [];
const freshDir = () => {
  const d = join(mkdtempSync(join(tmpdir(), 'onedoor-lock-')), 'pglite');
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(join(d, '..'), { recursive: true, force: true })));

it('refuses a directory another live process holds, naming it, and opens nothing', async () => {
  const dir = freshDir();
  mkdirSync(join(dir, '..'), { recursive: true });
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    writeFileSync(lockFileOf(dir), String(other.pid));
    const refused = await PgliteDriver.open(dir).catch((e) => e);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect(refused.message).toContain(`in use by process ${other.pid}`);
    expect(readFileSync(lockFileOf(dir), 'utf8')).toBe(String(other.pid));
  } finally {
    other.kill();
  }
});

it('takes over a lock left by a process that is gone, and releases it on close', async () => {
  const dir = freshDir();
  mkdirSync(join(dir, '..'), { recursive: true });
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.on('exit', resolve));
  writeFileSync(lockFileOf(dir), String(gone.pid));
  const driver = await PgliteDriver.open(dir);
  expect(readFileSync(lockFileOf(dir), 'utf8')).toBe(String(process.pid));
  expect((await driver.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
  await driver.close();
  expect(existsSync(lockFileOf(dir))).toBe(false);
});

it('keeps the lock while the store is open and refuses another process meanwhile', async () => {
  const dir = freshDir();
  const driver = await PgliteDriver.open(dir);
  const script = `require('${require.resolve('./data-dir-lock').replace(/\.ts$/, '')}')`;
  expect(readFileSync(lockFileOf(dir), 'utf8')).toBe(String(process.pid));
  const child = spawn(process.execPath, ['-r', './tools/register.js', '-e', `const { lockDataDir } = ${script}; try { lockDataDir(${JSON.stringify(dir)}); process.exit(0) } catch (e) { console.error(e.message); process.exit(3) }`]);
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(3);
  expect(stderr).toContain(`in use by process ${process.pid}`);
  await driver.close();
  expect(existsSync(lockFileOf(dir))).toBe(false);
});

it('finds the same lock through a symbolic link to the directory', async () => {
  const dir = freshDir();
  const driver = await PgliteDriver.open(dir);
  try {
    const link = join(dir, '..', 'link');
    symlinkSync(dir, link);
    expect(lockFileOf(link)).toBe(lockFileOf(dir));
    const script = `require('${require.resolve('./data-dir-lock').replace(/\.ts$/, '')}')`;
    const child = spawn(process.execPath, ['-r', './tools/register.js', '-e', `const { lockDataDir } = ${script}; try { lockDataDir(${JSON.stringify(link)}); process.exit(0) } catch (e) { console.error(e.message); process.exit(3) }`]);
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(3);
    expect(stderr).toContain(`in use by process ${process.pid}`);
  } finally {
    await driver.close();
  }
});
