import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Runs a process that installs guardProcess, then rejects `error` unhandled; its exit code and output. */
function run(error: string) {
  const script = `
    const { guardProcess } = require(${JSON.stringify(join(__dirname, 'process-guards.ts'))});
    const log = { warn: (m) => console.log('WARN ' + m), error: (m) => console.log('ERROR ' + m.split('\\n')[0]) };
    guardProcess(log);
    Promise.reject(${error});
    setTimeout(() => { console.log('still running'); process.exit(0); }, 300);
  `;
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'tools/register.js'), '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout };
}

describe('guardProcess', () => {
  it('a transient failure rejected unhandled (the database away) is logged and the process carries on', () => {
    const r = run(`Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })`);
    expect(r.out).toMatch(/WARN unhandled rejection of a transient failure \(carrying on\): Error 57P01: terminating connection/);
    expect(r.out).toMatch(/still running/);
    expect(r.code).toBe(0);
  });

  it('any other unhandled rejection is logged and ends the process with exit code 1', () => {
    const r = run(`new TypeError('x is not a function')`);
    expect(r.out).toMatch(/ERROR unhandled rejection, exiting: TypeError: x is not a function/);
    expect(r.out).not.toMatch(/still running/);
    expect(r.code).toBe(1);
  });
});
