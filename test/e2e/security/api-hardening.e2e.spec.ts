/**
 * End to end, embedded: what a hostile or careless client gets from the hardened API — GraphQL
 * subscriptions authenticated over graphql-ws and limited to what the caller may read,
 * introspection for staff only, alias and depth limits checked before anything runs, helmet's
 * security headers, CORS for configured origins only, and per-client rate limits on writes and
 * failed authentications (set low for this process through the environment), and request bodies
 * and query strings a parser would otherwise take silently (bad UTF-8, keys given twice, bracket
 * parameters, JSON media types that are not parsed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { BINZHOU, nightFire, People, SIYANG, townships } from '../../support/applications';
import { allocate, budgetId, dossier, expectStatus, submitOk, topUp } from '../../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-hardening-'));
const ALLOWED_ORIGIN = 'https://desk.example.gov.cn';
const WRITE_LIMIT = 5;
const AUTH_FAILURE_LIMIT = 5;
const people = new People();
const [T1] = townships(1);
let server: EmbeddedServer;
let caseworker: ApiClient;
const clients: Client[] = [];

const token = (sub: string, roles: string[], jurisdiction: string) => signToken({ sub, roles: roles as never, jurisdiction });
const caseworkerToken = token('caseworker-siyang-hardening', ['caseworker'], SIYANG);

beforeAll(async () => {
  server = await startEmbedded({
    dataDir,
    label: 'e2e-hardening',
    env: {
      ONEDOOR_SEED: 'false',
      ONEDOOR_CORS_ORIGINS: ALLOWED_ORIGIN,
      ONEDOOR_RATE_LIMIT_WRITES: `${WRITE_LIMIT}/min`,
      ONEDOOR_RATE_LIMIT_AUTH_FAILURES: `${AUTH_FAILURE_LIMIT}/min`,
    },
  });
  caseworker = api(server.url, caseworkerToken);
}, 150_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function graphql(query: string, bearer?: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, any> }[] } };
}

type First = { next: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] } } | { error: unknown };

/** Subscribes to applicationUpdated(id) and resolves with the first thing the server sends (a result or the refusal). */
function firstUpdate(id: string, connectionParams: Record<string, unknown>, whenListening?: () => Promise<unknown>): Promise<First> {
  const client = createClient({ url: server.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
  clients.push(client);
  return new Promise<First>((resolve) => {
    let settled = false;
    const done = (v: First) => {
      if (settled) return;
      settled = true;
      resolve(v);
      unsubscribe();
    };
    const unsubscribe = client.subscribe(
      { query: 'subscription ($id: String!) { applicationUpdated(id: $id) { applicationId status totals { paidFen } } }', variables: { id } },
      { next: (value) => done({ next: value as never }), error: (error) => done({ error }), complete: () => done({ error: 'completed without a result' }) },
    );
    if (whenListening) {
      // The server subscribes once the connection is acknowledged and the operation started.
      client.on('connected', () => void new Promise((r) => setTimeout(r, 300)).then(whenListening));
    }
  });
}

describe('GraphQL subscriptions over graphql-ws', () => {
  let applicationId: string;

  beforeAll(async () => {
    // One fen of budget: the grant waits for funds until the top-up below, which the subscriber then sees.
    const finance = api(server.url, token('finance-siyang-hardening', ['finance'], SIYANG));
    await allocate(finance, 'temporary-aid', T1, 1);
    applicationId = await submitOk(caseworker, nightFire(people, T1));
    await waitFor(async () => (await dossier(caseworker, applicationId)).departments.some((d) => d.status === 'awaiting_funds'), {
      what: 'the grant awaiting funds',
      timeoutMs: 60_000,
    });
  });

  it('refuses a connection without a token (close code 4401)', async () => {
    const first = await firstUpdate(applicationId, {});
    expect(first).toHaveProperty('error');
    expect((first as { error: { code?: number; reason?: string } }).error).toMatchObject({ code: 4401, reason: expect.stringMatching(/Unauthorized/) });
  });

  it('refuses a connection with a forged token (close code 4401)', async () => {
    const forged = signToken({ sub: 'x', roles: ['caseworker'], jurisdiction: SIYANG }, 'not-the-secret');
    const first = await firstUpdate(applicationId, { authorization: `Bearer ${forged}` });
    expect((first as { error: { code?: number } }).error).toMatchObject({ code: 4401 });
  });

  it('refuses the application to a caseworker of another jurisdiction and to an applicant who did not submit it (NOT_FOUND, as the dossier query)', async () => {
    for (const other of [token('caseworker-binzhou', ['caseworker'], BINZHOU), token('someone-else', ['applicant'], SIYANG)]) {
      const first = await firstUpdate(applicationId, { authorization: `Bearer ${other}` });
      expect(first).toHaveProperty('next');
      const { next } = first as Extract<First, { next: unknown }>;
      expect(next.data ?? null).toBeNull();
      expect(next.errors?.[0]).toMatchObject({ message: `application ${applicationId} not found`, extensions: { code: 'NOT_FOUND' } });
    }
  });

  it('sends a caseworker of the jurisdiction the update that follows (the grant paid after a top-up)', async () => {
    const finance = api(server.url, token('finance-siyang-hardening-2', ['finance'], SIYANG));
    const first = await firstUpdate(applicationId, { authorization: `Bearer ${caseworkerToken}` }, () =>
      topUp(finance, budgetId('temporary-aid', T1), 10_000_000),
    );
    expect(first).toHaveProperty('next');
    const { next } = first as Extract<First, { next: unknown }>;
    expect(next.errors).toBeUndefined();
    expect(next.data.applicationUpdated).toMatchObject({ applicationId });
  });
});

describe('GraphQL document limits and introspection', () => {
  const introspection = '{ __schema { queryType { name } types { name } } }';

  it('answers introspection without a token with UNAUTHENTICATED and nothing of the schema', async () => {
    const res = await graphql(introspection);
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', status: 401 } });
  });

  it('answers introspection by an applicant with FORBIDDEN, and gives it to staff', async () => {
    const applicant = await graphql(introspection, token('applicant-1', ['applicant'], SIYANG));
    expect(applicant.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const staff = await graphql(introspection, caseworkerToken);
    expect(staff.status).toBe(200);
    expect(staff.body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses 1,000 aliases before anything runs, naming the limit', async () => {
    const before = expectStatus(await caseworker.get(`/applications?jurisdiction=${T1}`), 200).body.total;
    // Were they run, each alias would submit an application of its own.
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: submitApplication(input: $input) { applicationId }`);
    const res = await graphql(`mutation ($input: SubmitApplicationInput!) { ${aliases.join(' ')} }`, caseworkerToken, { input: nightFire(people, T1) });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]).toMatchObject({ message: 'Aliases limit of 15 exceeded, found 1000.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(expectStatus(await caseworker.get(`/applications?jurisdiction=${T1}`), 200).body.total).toBe(before);
  });

  it('counts __typename aliases against the alias limit', async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `t${i}: __typename`);
    const res = await graphql(`{ ${aliases.join(' ')} }`, caseworkerToken);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]).toMatchObject({ message: 'Aliases limit of 15 exceeded, found 200.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('refuses a query nested deeper than 10', async () => {
    let selection = 'status';
    for (let i = 0; i < 12; i++) selection = `departments { ${selection} }`;
    const res = await graphql(`{ application(id: "a-1") { ${selection} } }`, caseworkerToken);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.map((e) => e.message)).toContain('Query depth limit of 10 exceeded, found 14.');
    expect(res.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('hostile request bodies and query strings', () => {
  // A subject of its own: refusals here never count against the write limit of the tests below.
  const hostileToken = token('caseworker-siyang-hostile-input', ['caseworker'], SIYANG);
  const send = (path: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${hostileToken}`, ...headers }, body: method === 'GET' ? undefined : body });
  const problemOf = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as { status: number; detail: string; errors?: { field: string; message: string }[] };
  };

  it('refuses a JSON body that is not valid UTF-8 with 400 (never decoded with replacement characters)', async () => {
    const text = JSON.stringify(nightFire(people, T1));
    const at = text.indexOf('"name":"') + 8;
    const latin1Name = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9, 0x6d, 0x69, 0x6c, 0x65]), Buffer.from(text.slice(at))]);
    const surrogate = Buffer.concat([Buffer.from('{"query":"{ __typename }","operationName":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    for (const [path, body] of [['/api/v1/applications', latin1Name], ['/graphql', surrogate]] as const) {
      const res = await send(path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect((await problemOf(res)).detail).toMatch(/not valid UTF-8/);
    }
  });

  it('refuses query parameters in bracket form with 400 naming the parameter', async () => {
    for (const [query, field] of [['offset[]=1', 'offset[]'], ['__proto__[x]=1', '__proto__[x]'], ['a[b]=1', 'a[b]'], ['status%5B%5D=settled&limit=5', 'status[]']]) {
      const res = await send(`/api/v1/applications?${query}`, '', {}, 'GET');
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect((await problemOf(res)).errors?.map((e) => e.field)).toEqual([field]);
    }
    expect((await send('/api/v1/applications?limit=5&offset=0', '', {}, 'GET')).status).toBe(200);
  });

  it('answers 415 to every JSON-like media type it does not parse (application/vnd.x+json, application/problem+json)', async () => {
    const body = JSON.stringify(nightFire(people, T1));
    for (const [path, type] of [['/api/v1/applications', 'application/vnd.x+json'], ['/api/v1/applications', 'application/problem+json'], ['/graphql', 'application/vnd.x+json']]) {
      const res = await send(path, path === '/graphql' ? JSON.stringify({ query: '{ __typename }' }) : body, { 'content-type': type });
      expect({ path, type, status: res.status }).toEqual({ path, type, status: 415 });
      await problemOf(res);
    }
    expect((await send('/api/v1/applications', JSON.stringify({}), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(400);
  });

  it('refuses a JSON object that gives a key twice with 400 naming the key, before anything is written', async () => {
    const before = expectStatus(await caseworker.get(`/applications?jurisdiction=${T1}`), 200).body.total;
    const text = JSON.stringify(nightFire(people, T1));
    const twice = text.replace('"consent":{', '"consent":{"dataSharing":false,');
    const res = await send('/api/v1/applications', twice);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual([{ field: 'consent.dataSharing', message: 'consent.dataSharing is given more than once' }]);
    const top = await send('/api/v1/applications', text.replace(/\}$/, `,"applicant":${JSON.stringify(nightFire(people, T1).applicant)}}`));
    expect((await problemOf(top)).errors?.map((e) => e.field)).toEqual(['applicant']);
    const gql = await send('/graphql', '{"query":"{ __typename }","query":"mutation { __typename }"}');
    expect(gql.status).toBe(400);
    expect((await problemOf(gql)).errors?.map((e) => e.field)).toEqual(['query']);
    expect(expectStatus(await caseworker.get(`/applications?jurisdiction=${T1}`), 200).body.total).toBe(before);
  });
});

describe('HTTP security headers and CORS', () => {
  it('sends helmet headers, with no CSP allowance at all on the API', async () => {
    const res = await api(server.url).get('/health/live');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('lets Swagger UI under /docs load its own scripts', async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('swagger-ui');
  });

  it('answers a configured origin with CORS headers and any other origin without', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/applications`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${server.url}/health/live`, { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  it(`answers the ${WRITE_LIMIT + 1}th write of a minute by one subject with 429 and Retry-After; other subjects still write`, async () => {
    const hasty = api(server.url, token('caseworker-hasty', ['caseworker'], SIYANG));
    for (let i = 0; i < WRITE_LIMIT; i++) expectStatus(await hasty.post('/applications', {}), 400);
    const refused = await hasty.post('/applications', {});
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests', detail: expect.stringContaining(`at most ${WRITE_LIMIT} per 60 s`) });
    // Reads go on, and so do other callers' writes.
    expectStatus(await hasty.get(`/applications?jurisdiction=${T1}`), 200);
    expectStatus(await api(server.url, token('caseworker-calm', ['caseworker'], SIYANG)).post('/applications', {}), 400);
  });

  it(`answers failed authentications past ${AUTH_FAILURE_LIMIT} a minute from one address with 429; a valid token still passes`, async () => {
    const guesser = api(server.url, 'not.a.token');
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) {
      const res = await guesser.get('/applications/app-1');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const refused = await guesser.get('/applications/app-1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: 429, detail: expect.stringContaining('failed authentications') });
    expectStatus(await caseworker.get(`/applications?jurisdiction=${T1}`), 200);
  });
});
