/**
 * `npm run collection`: the Bruno collection of the worked examples (collections/onedoor) against
 * a fresh embedded OneDoor — the all-in-one process on PGlite in a temporary data directory, without
 * the demo budgets (the collection allocates its own) — or against the server at ONEDOOR_URL when
 * it is set. Caseworker and finance tokens for the local secret (ONEDOOR_JWT_SECRET) reach
 * `bru run` as ONEDOOR_CASEWORKER_TOKEN and ONEDOOR_FINANCE_TOKEN. Exits with bru's status: not 0
 * when a request, test or assertion failed. Arguments go to `bru run` (e.g. `-- --reporter-junit out.xml`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { ROOT, startEmbedded, type EmbeddedServer } from '@onedoor/testing';

const COLLECTION = join(ROOT, 'collections', 'onedoor');
const SIYANG = '321323';

function bru(baseUrl: string, args: string[]): Promise<number> {
  const cli = join(dirname(require.resolve('@usebruno/cli/package.json')), 'bin', 'bru.js');
  const env = {
    ...process.env,
    ONEDOOR_CASEWORKER_TOKEN: signToken({ sub: 'collection-caseworker', roles: ['caseworker'], jurisdiction: SIYANG }),
    ONEDOOR_FINANCE_TOKEN: signToken({ sub: 'collection-finance', roles: ['finance'], jurisdiction: SIYANG }),
  };
  const child = spawn(process.execPath, [cli, 'run', '-r', '--env', 'local', '--env-var', `baseUrl=${baseUrl}`, ...args], { cwd: COLLECTION, env, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const external = process.env.ONEDOOR_URL?.replace(/\/$/, '');
  if (external) return bru(external, args);
  const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-collection-'));
  let server: EmbeddedServer | undefined;
  try {
    server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'collection' });
    console.log(`OneDoor (embedded) on ${server.url}; logs in ${server.logDir}`);
    return await bru(server.url, args);
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
