/**
 * End to end, identity as an attacker meets it: OneDoor processes started with NODE_ENV=production.
 *
 * - With development values (the public JWT secret, development or weak personal-data keys, the
 *   demo seed) every service refuses to start, exit code 1, naming every problem at once.
 * - With production values (an OIDC issuer — a local one serving discovery and JWKS —, strong
 *   keys, HS256 allowed explicitly with a strong secret) the all-in-one starts on PGlite and
 *   answers forged, unsigned, expired, foreign and malformed tokens with 401 and an RFC 6750
 *   challenge; jurisdictions that are not division codes reach nothing; no demo budget exists.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, ROOT, startEmbedded, waitFor, type ApiClient, type ApiResponse, type EmbeddedServer } from '@onedoor/testing';
import { nightFire, People, SIYANG, townships } from '../../support/applications';
import { allocate, budgetId, submitOk, type Programme } from '../../support/onedoor';
import { AUDIENCE, foreignKey, startLocalIssuer, unsignedToken, type IssuerKey, type LocalIssuer } from '../../../libs/service-kit/src/auth/test-issuer';

jest.setTimeout(180_000);

const DEVELOPMENT_SECRET = 'onedoor-local-development-secret';
const strongKey = () => randomBytes(32).toString('base64');
const now = () => Math.floor(Date.now() / 1000);

/** Runs a service's main.ts and waits for it to end (killed after `timeoutMs` if it does not). */
function runToExit(entry: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<{ code: number | null; stderr: string }> {
  const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ONEDOOR_SEED: _seed, ...inherited } = process.env;
  const child = spawn(process.execPath, ['-r', './tools/register.js', entry], {
    cwd: ROOT,
    env: { ...inherited, ONEDOOR_LOG: 'quiet', PORT: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** A port the system just had free (clear of the 41xx ports other suites take in turn). */
const ephemeralPort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('a production process with development values refuses to start', () => {
  const DEVELOPMENT_VALUES = {
    NODE_ENV: 'production',
    ONEDOOR_JWT_SECRET: DEVELOPMENT_SECRET,
    ONEDOOR_DATA_KEY: 'onedoor-local-development-encryption',
    ONEDOOR_REF_KEY: 'short-key',
    ONEDOOR_SEED: 'true',
  };
  const TOKEN_PROBLEMS = [/ONEDOOR_JWT_SECRET is the public development secret/, /no token verification is configured/];
  const KEY_PROBLEMS = [/ONEDOOR_DATA_KEY is the development value/, /ONEDOOR_REF_KEY holds 9 bytes of key material \(at least 32 needed/];

  it.each([
    ['services/all-in-one/src/main.ts', 'onedoor', [...TOKEN_PROBLEMS, ...KEY_PROBLEMS, /ONEDOOR_SEED is on/]],
    ['services/intake/src/main.ts', 'onedoor-intake', [...TOKEN_PROBLEMS, ...KEY_PROBLEMS]],
    ['services/temporary-aid/src/main.ts', 'onedoor-temporary-aid', TOKEN_PROBLEMS],
    ['services/medical-aid/src/main.ts', 'onedoor-medical-aid', TOKEN_PROBLEMS],
    ['services/education-aid/src/main.ts', 'onedoor-education-aid', TOKEN_PROBLEMS],
    ['services/funding/src/main.ts', 'onedoor-funding', TOKEN_PROBLEMS],
  ] as const)('%s exits 1 and names every problem in one message', async (entry, name, problems) => {
    const { code, stderr } = await runToExit(entry, DEVELOPMENT_VALUES);
    expect(code).toBe(1);
    const message = stderr.slice(stderr.indexOf(`${name} refuses to start in production`));
    expect(message).toMatch(new RegExp(`^${name} refuses to start in production: ${problems.length} configuration problem`));
    for (const problem of problems) expect(message).toMatch(problem);
  });

  it('ONEDOOR_ENV=production counts too: with nothing configured, funding refuses for want of token verification', async () => {
    const { code, stderr } = await runToExit('services/funding/src/main.ts', { ONEDOOR_ENV: 'production', NODE_ENV: '', ONEDOOR_JWT_SECRET: '' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/onedoor-funding refuses to start in production: 1 configuration problem\(s\):\n {2}- no token verification is configured/);
  });
});

describe('a production all-in-one answers every forged identity with 401', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-identity-'));
  const sharedSecret = strongKey();
  const people = new People();
  const [township] = townships(1);
  let issuer: LocalIssuer;
  let key: IssuerKey;
  let server: EmbeddedServer;
  let anonymous: ApiClient;
  /** A token of the city's issuer (RS256, iss and aud as configured, an hour to live) with these claims. */
  const oidc = (claims: Record<string, unknown>) => issuer.sign(key, claims);
  const caseworker = (jurisdiction: string) => ({ sub: `caseworker-${jurisdiction}`, roles: ['caseworker'], jurisdiction });
  const as = async (token: string | Promise<string>) => anonymous.as(await token);
  const expectRefused = (res: ApiResponse, description?: RegExp) => {
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (description) {
      expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="[^"]*"$/);
      expect(res.headers['www-authenticate']).toMatch(description);
    } else {
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  };

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    key = await issuer.addKey('RS256');
    server = await startEmbedded({
      dataDir,
      port: await ephemeralPort(),
      label: 'e2e-identity',
      env: {
        NODE_ENV: 'production',
        ONEDOOR_OIDC_ISSUER: issuer.issuer,
        ONEDOOR_OIDC_AUDIENCE: AUDIENCE,
        ONEDOOR_JWT_SECRET: sharedSecret,
        ONEDOOR_ALLOW_HS256: '1',
        ONEDOOR_DATA_KEY: strongKey(),
        ONEDOOR_REF_KEY: strongKey(),
        ONEDOOR_SEED: undefined,
        ONEDOOR_DEADLINE_SCAN_MS: '0',
        // every refusal below is an authentication failure from one address: lift the limiter's ceiling
        ONEDOOR_RATE_LIMIT_AUTH_FAILURES: '1000/min',
      },
    });
    anonymous = api(server.url);
  }, 150_000);

  afterAll(async () => {
    await server?.stop();
    await issuer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a finance token forged with the public development secret (no 10-billion-yuan budget)', async () => {
    const forged = signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }, DEVELOPMENT_SECRET);
    const body = { programme: 'temporary-aid', fiscalYear: new Date().getFullYear(), jurisdiction: SIYANG, amountFen: 1_000_000_000_000 };
    expectRefused(await (await as(forged)).post('/budgets', body, { idempotencyKey: 'forged-allocation' }), /error_description="bad signature"/);
    const finance = await as(oidc({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
    expect((await finance.get(`/budgets/${encodeURIComponent(budgetId('temporary-aid', SIYANG))}`)).status).toBe(404);
  });

  it('has no demo budgets: production does not seed', async () => {
    const admin = await as(oidc({ sub: 'admin-national', roles: ['admin'], jurisdiction: '000000' }));
    const demo = ['temporary-aid', 'medical-aid', 'education-aid'].flatMap((p) => [budgetId(p as Programme, SIYANG), budgetId(p as Programme, '371600')]);
    for (const id of [...demo, budgetId('temporary-aid', '321323100')]) expect((await admin.get(`/budgets/${encodeURIComponent(id)}`)).status).toBe(404);
    // whereas a budget that was allocated is there to read
    const allocated = await allocate(admin, 'education-aid', '321323200', 100_000);
    expect((await admin.get(`/budgets/${encodeURIComponent(allocated.budgetId)}`)).status).toBe(200);
  });

  it('challenges a request without a token with WWW-Authenticate: Bearer', async () => {
    expectRefused(await anonymous.get('/applications'));
    expectRefused(await anonymous.get('/applications', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }));
  });

  it('refuses unsigned tokens, HS256 made with the issuer\'s public key, and keys the issuer never served', async () => {
    const claims = { ...caseworker(SIYANG), iss: issuer.issuer, aud: AUDIENCE, exp: now() + 3600 };
    expectRefused(await (await as(unsignedToken(claims))).get('/applications'), /token algorithm none not accepted/);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const confused = `${header}.${payload}.${createHmac('sha256', key.spki).update(`${header}.${payload}`).digest('base64url')}`;
    expectRefused(await (await as(confused)).get('/applications'), /bad signature/);
    const impostor = await foreignKey('RS256', key.kid);
    expectRefused(await (await as(issuer.sign(impostor, caseworker(SIYANG)))).get('/applications'), /bad signature/);
  });

  it('refuses the issuer\'s own tokens when expired, not yet valid, unbounded, for another audience or from another issuer', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ exp: now() - 120 }, /token expired/],
      [{ nbf: now() + 600 }, /token not yet valid/],
      [{ exp: undefined }, /the token has no exp claim/],
      [{ exp: '1' }, /exp claim must be a number/],
      [{ aud: 'another-application' }, /aud claim refused/],
      [{ iss: 'https://evil.example/realms/onedoor' }, /iss claim refused/],
      [{ roles: ['superuser'] }, /unknown role/],
    ];
    for (const [claims, why] of cases) expectRefused(await (await as(oidc({ ...caseworker(SIYANG), ...claims }))).get('/applications'), why);
  });

  it('refuses jurisdictions that are not division codes: 32, 3, 3213, 3213230 reach nothing of Siyang', async () => {
    const siyangCaseworker = await as(oidc(caseworker(SIYANG)));
    const id = await submitOk(siyangCaseworker, nightFire(people, township));
    await waitFor(async () => (await siyangCaseworker.get(`/applications/${id}`)).status === 200, { what: `dossier ${id}`, timeoutMs: 60_000 });

    for (const jurisdiction of ['32', '3', '3213', '3213230']) {
      const malformed = await as(oidc(caseworker(jurisdiction)));
      expectRefused(await malformed.get(`/applications/${id}`), /must be a division code/);
      expectRefused(await malformed.get(`/applications?jurisdiction=${SIYANG}`), /must be a division code/);
      const sameWithSecret = await as(signToken({ sub: 'cw', roles: ['caseworker'], jurisdiction } as never, sharedSecret));
      expectRefused(await sameWithSecret.get(`/applications/${id}`), /must be a division code/);
    }
    // well-formed codes cover their subtree: the province and the county see it, Binzhou does not
    expect((await (await as(oidc(caseworker('320000')))).get(`/applications/${id}`)).status).toBe(200);
    expect((await (await as(oidc(caseworker('321300')))).get(`/applications/${id}`)).status).toBe(200);
    expect((await (await as(oidc(caseworker('371600')))).get(`/applications/${id}`)).status).toBe(404);
    const search = await (await as(oidc(caseworker('320000')))).get(`/applications?jurisdiction=${SIYANG}`);
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).toContain(id);
  });

  it('accepts HS256 with the configured strong secret (ONEDOOR_ALLOW_HS256=1), still with exp required', async () => {
    const local = await as(signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }, sharedSecret));
    expect((await local.get('/applications')).status).toBe(200);
    const noExpiry = signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG, exp: undefined } as never, sharedSecret);
    expectRefused(await (await as(noExpiry)).get('/applications'), /the token has no exp claim/);
  });

  it('follows the issuer\'s key rotation without a restart', async () => {
    const next = await issuer.addKey('ES256');
    issuer.removeKey(key.kid);
    const rotated = await as(issuer.sign(next, caseworker(SIYANG)));
    // jose fetches the set again for an unknown kid at most every 30 s: wait for it
    await waitFor(async () => (await rotated.get('/applications')).status === 200, { what: 'a token of the new key accepted', timeoutMs: 45_000, intervalMs: 2_000 });
    expectRefused(await (await as(issuer.sign(key, caseworker(SIYANG)))).get('/applications'), /no key of the issuer matches/);
  });
});
