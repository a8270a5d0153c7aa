/**
 * `npm run fuzz -- --requests N --seed S [--url http://host:port] [--concurrency C]`
 *
 * Fires N generated hostile requests (test/support/fuzz-generators.ts: every one invalid) at
 * OneDoor — an embedded one started for the run (PGlite in a temporary directory) unless --url
 * names a running one — and prints the status-code histogram, the count of 5xx and of other wrong
 * answers (judge), and whether any event was written. Exits 1 on any 5xx or wrong answer.
 *
 * Against --url, tokens are signed with ONEDOOR_JWT_SECRET (else the development secret), for
 * county 321323; ids of existing cases and budgets are not known, so requests aim at made-up ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { signToken } from '../libs/service-kit/src/auth/jwt';
import { startEmbedded, type EmbeddedServer } from '../libs/testing/src/cluster';
import { eventsAppended, fuzzRequest, judge, send, type FuzzContext, type FuzzRequest } from '../test/support/fuzz-generators';

const HELP = `Fire generated hostile requests at OneDoor and report the status codes.

Usage:
  npm run fuzz -- --requests N --seed S [--url http://host:port] [--concurrency C]

Options:
  --requests, -n     how many requests (default 2000)
  --seed, -s         fast-check seed: the same seed gives the same requests (default: random, printed)
  --url, -u          a running OneDoor; without it an embedded one is started for the run
  --concurrency, -c  requests in flight (default 8)
  --help, -h         this text

Exits 1 when any answer is a 5xx or otherwise wrong (see test/support/fuzz-generators.ts).`;

const COUNTY = '321323';

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', short: 'n', default: '2000' },
      seed: { type: 'string', short: 's' },
      url: { type: 'string', short: 'u' },
      concurrency: { type: 'string', short: 'c', default: '8' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  for (const [name, n] of [['--requests', requests], ['--concurrency', concurrency], ['--seed', seed]] as const) {
    if (!Number.isSafeInteger(n) || n < (name === '--seed' ? -(2 ** 31) : 1)) throw new Error(`${name} must be a positive integer`);
  }

  let server: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let url = values.url?.replace(/\/$/, '');
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), 'onedoor-fuzz-'));
    console.log('starting an embedded OneDoor …');
    server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'true', ONEDOOR_DEADLINE_SCAN_MS: '0' }, label: 'fuzz' });
    url = server.url;
  }
  try {
    const tokens: FuzzContext['tokens'] = {
      caseworker: signToken({ sub: 'caseworker-fuzz', roles: ['caseworker'], jurisdiction: COUNTY }),
      officer: signToken({ sub: 'officer-fuzz', roles: ['officer'], jurisdiction: COUNTY, department: 'temporary-aid' }),
      finance: signToken({ sub: 'finance-fuzz', roles: ['finance'], jurisdiction: COUNTY }),
      applicant: signToken({ sub: 'applicant-fuzz', roles: ['applicant'], jurisdiction: COUNTY }),
      auditor: signToken({ sub: 'auditor-fuzz', roles: ['auditor'], jurisdiction: COUNTY }),
    };
    const year = new Date().getFullYear();
    const ctx: FuzzContext = {
      tokens,
      caseIds: [],
      budgetIds: [`temporary-aid:${year}:${COUNTY}`, `medical-aid:${year}:${COUNTY}`],
      applicationIds: [],
      county: COUNTY,
    };
    const generated: FuzzRequest[] = fc.sample(fuzzRequest(ctx), { numRuns: requests, seed });
    const eventsBefore = await eventsAppended(url).catch(() => NaN);
    const histogram = new Map<number, number>();
    const wrong: string[] = [];
    let networkErrors = 0;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < generated.length) {
        const req = generated[next++];
        try {
          const res = await send(url!, req);
          histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
          const why = judge(req, res);
          if (why) wrong.push(`${req.method} ${req.path.slice(0, 120)} [${req.label.slice(0, 200)}]: ${why}`);
        } catch (e) {
          networkErrors++;
          wrong.push(`${req.method} ${req.path.slice(0, 120)} [${req.label.slice(0, 200)}]: no answer (${(e as Error).message})`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (Date.now() - started) / 1000;
    const eventsAfter = await eventsAppended(url).catch(() => NaN);

    const fiveXx = [...histogram].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(`\n${requests} requests, seed ${seed}, ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s) against ${url}`);
    console.log('status  count');
    for (const [status, count] of [...histogram].sort(([a], [b]) => a - b)) console.log(`${String(status).padEnd(7)} ${count}`);
    console.log(`5xx: ${fiveXx}`);
    console.log(`wrong answers: ${wrong.length}${networkErrors ? ` (${networkErrors} without an answer)` : ''}`);
    for (const w of wrong.slice(0, 20)) console.log(`  ${w}`);
    if (!Number.isNaN(eventsBefore)) console.log(`events appended meanwhile: ${eventsAfter - eventsBefore}`);
    return fiveXx > 0 || wrong.length > 0 ? 1 : 0;
  } finally {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(2);
  },
);
