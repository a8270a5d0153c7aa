/**
 * Hostile input, end to end, embedded (one process, PGlite): every kind of malformed request gets
 * a 4xx problem (GraphQL: client error codes), never a 5xx, and writes nothing.
 *
 * - Examples of each kind of fault, one test each (nested objects as arrays, scalars for arrays,
 *   3,000 levels of nesting, size, content type and encoding, numeric query parameters, NUL in
 *   path parameters, prototype-named keys, GraphQL error codes).
 * - A property-based suite (fast-check, test/support/fuzz-generators.ts): 2,400 generated
 *   requests across every REST write, GraphQL mutation, search and read; FUZZ_SEED replays a run.
 * - Before and after: events appended (/metrics), the search total, the budgets and the open case
 *   are unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, waitUntil, type ApiClient, type ApiResponse, type EmbeddedServer } from '@onedoor/testing';
import { nightFire, ordinaryAccident, People, SIYANG, townships } from '../support/applications';
import { eventsAppended, fuzzRequest, judge, send, type FuzzContext } from '../support/fuzz-generators';
import { allocate, budget, dossier, submitOk, type BudgetView } from '../support/onedoor';

jest.setTimeout(240_000);

const FUZZ_RUNS = 2400;
const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-fuzz-'));
const people = new People();
const [T1] = townships(1);
const tokens = {
  caseworker: signToken({ sub: 'caseworker-fuzz', roles: ['caseworker'], jurisdiction: SIYANG }),
  officer: signToken({ sub: 'officer-fuzz', roles: ['officer'], jurisdiction: SIYANG, department: 'temporary-aid' }),
  finance: signToken({ sub: 'finance-fuzz', roles: ['finance'], jurisdiction: SIYANG }),
  applicant: signToken({ sub: 'applicant-fuzz', roles: ['applicant'], jurisdiction: SIYANG }),
  auditor: signToken({ sub: 'auditor-fuzz', roles: ['auditor'], jurisdiction: SIYANG }),
};

let server: EmbeddedServer;
let intake: ApiClient;
let officer: ApiClient;
let funding: ApiClient;
let ctx: FuzzContext;
let openCaseId: string;
let reserve: BudgetView;

/** What must not change: events appended, applications found, budgets, the open case. */
async function snapshot() {
  const search = await intake.get<{ total: number }>('/applications?limit=1');
  const openCase = await officer.get<{ version: number; status: string }>(`/cases/${openCaseId}`);
  return {
    events: await eventsAppended(server.url),
    applications: search.body.total,
    budget: await budget(funding, reserve.budgetId),
    openCase: { version: openCase.body.version, status: openCase.body.status },
  };
}

/** Resolves once no event has been appended for `quietMs`. */
async function settled(quietMs = 1500) {
  let last = -1;
  await waitFor(
    async () => {
      const now = await eventsAppended(server.url);
      const quiet = now === last;
      last = now;
      return quiet;
    },
    { timeoutMs: 60_000, intervalMs: quietMs, what: 'no more events appended' },
  );
}

const isProblem = (res: ApiResponse) => (res.headers['content-type'] ?? '').startsWith('application/problem+json');
const fieldsOf = (res: ApiResponse) => ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field);

/** POST with a raw body and headers, as fetch sends it. */
async function raw(path: string, body: string | Buffer, headers: Record<string, string>, token = tokens.caseworker) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, ...headers } });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: { 'content-type': res.headers.get('content-type') ?? '' } } as ApiResponse;
}

async function graphql(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, any> }[] } };
}

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false', ONEDOOR_DEADLINE_SCAN_MS: '0' }, label: 'e2e-fuzz' });
  intake = api(server.url, tokens.caseworker);
  officer = api(server.url, tokens.officer);
  funding = api(server.url, tokens.finance);
  // A live system to aim at: a budget, a settled application and a case waiting for an officer.
  reserve = await allocate(funding, 'temporary-aid', T1, 10_000_000, { reserveFund: true });
  const settledApp = await submitOk(intake, nightFire(people, T1));
  const waiting = await submitOk(intake, ordinaryAccident(people, T1));
  const d = await waitUntil(
    () => dossier(intake, waiting),
    (x) => x.departments.some((c) => c.department === 'temporary-aid' && c.status === 'open'),
    { timeoutMs: 60_000, what: 'the ordinary temporary-aid case opened' },
  );
  openCaseId = d.departments.find((c) => c.department === 'temporary-aid')!.caseId;
  await settled();
  ctx = { tokens, caseIds: [openCaseId], budgetIds: [reserve.budgetId], applicationIds: [settledApp, waiting], county: SIYANG };
}, 200_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('hostile input: 4xx problem+json, never a 5xx, nothing written', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    before = await snapshot();
  });

  const valid = () => nightFire(people, T1) as unknown as Record<string, any>;
  const submitJson = (body: unknown) => intake.post('/applications', body);

  it('a nested object given as an array, scalar or null → 400 naming the field', async () => {
    for (const field of ['applicant', 'household', 'incident', 'consent'] as const) {
      for (const value of [[], 5, 'x', null, [{}]]) {
        const res = await submitJson({ ...valid(), [field]: value });
        expect({ field, value, status: res.status, problem: isProblem(res) }).toEqual({ field, value, status: 400, problem: true });
        expect(fieldsOf(res)).toContain(field);
      }
    }
    const assets = valid();
    assets.household.assets = [];
    expect(fieldsOf(await submitJson(assets))).toContain('household.assets');
    const members = valid();
    members.household.members = [[]];
    expect(fieldsOf(await submitJson(members))).toContain('household.members');
  });

  it('a scalar where an array is expected ("causes": 5) → 400 naming incident.causes', async () => {
    const body = valid();
    body.incident.causes = 5;
    const res = await submitJson(body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain('incident.causes');
  });

  it('3,000 levels of nesting in any field → 400, no stack overflow', async () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    for (const [path, body, token] of [
      ['/api/v1/applications', `{"applicant": ${deep}}`, tokens.caseworker],
      ['/api/v1/budgets', `{"programme": ${deep}}`, tokens.finance],
      [`/api/v1/cases/${openCaseId}/decisions`, `{"decision":"refuse","reasons": ${deep}}`, tokens.officer],
      ['/graphql', JSON.stringify({ query: 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { applicationId } }', variables: { i: 1 } }).replace('"i":1', `"i":${deep}`), tokens.caseworker],
    ] as const) {
      const res = await raw(path, body, { 'content-type': 'application/json' }, token);
      expect({ path, status: res.status, problem: isProblem(res) }).toEqual({ path, status: 400, problem: true });
    }
    const gql = await graphql(`mutation { submitApplication(input: {applicant: ${deep}}) { applicationId } }`, {}, tokens.caseworker);
    expect(gql.status).toBe(400);
    expect(gql.body.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(gql.body)).not.toMatch(/call stack/i);
  });

  it('too large → 413; latin1, unknown encoding or text/plain → 415', async () => {
    const big = JSON.stringify({ ...valid(), pad: 'x'.repeat(300_000) });
    const cases: [string | Buffer, Record<string, string>, number][] = [
      [big, { 'content-type': 'application/json' }, 413],
      [JSON.stringify(valid()), { 'content-type': 'application/json; charset=latin1' }, 415],
      [JSON.stringify(valid()), { 'content-type': 'application/json', 'content-encoding': 'foo' }, 415],
      [JSON.stringify(valid()), { 'content-type': 'text/plain' }, 415],
      [JSON.stringify(valid()), { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ];
    for (const [body, headers, status] of cases) {
      const res = await raw('/api/v1/applications', body, headers);
      expect({ headers, status: res.status, problem: isProblem(res) }).toEqual({ headers, status, problem: true });
    }
  });

  it('numeric query parameters out of range or not integers → 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['offset=99999999999999999999', 'offset'], ['offset=-1', 'offset'], ['limit=1e2', 'limit'], ['limit=0', 'limit'], ['limit=5&limit=6', 'limit'], ['status=settled&status=refused', 'status'],
    ]) {
      const res = await intake.get(`/applications?${query}`);
      expect({ query, status: res.status, problem: isProblem(res) }).toEqual({ query, status: 400, problem: true });
      expect(fieldsOf(res)).toContain(field);
    }
    const asOf = await funding.get(`/budgets/${encodeURIComponent(reserve.budgetId)}?asOf=0000-01-01`);
    expect(asOf.status).toBe(400);
    expect(fieldsOf(asOf)).toEqual(['asOf']);
  });

  it('a NUL byte or bad UTF-8 in a path parameter → 400, never reaching SQL', async () => {
    for (const path of ['/cases/temporary-aid-%00', '/cases/temporary-aid-%C0', '/applications/%00', '/applications/%00/events', `/budgets/temporary-aid%00`, `/cases/${'x'.repeat(300)}`]) {
      const res = await (path.startsWith('/budgets') ? funding : path.startsWith('/cases') ? officer : intake).get(path);
      expect({ path, status: res.status, problem: isProblem(res) }).toEqual({ path, status: 400, problem: true });
    }
    const decide = await officer.post('/cases/temporary-aid-%00/decisions', { decision: 'refuse', reasons: ['no'] });
    expect(decide.status).toBe(400);
    const gql = await graphql('query($id: String!) { case(id: $id) { caseId } }', { id: 'temporary-aid-\u0000' }, tokens.officer);
    expect(gql.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
  });

  it('keys named after Object members are rejected like any unknown key, with the field named', async () => {
    const text = JSON.stringify(valid());
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const top = await raw('/api/v1/applications', text.replace(/^\{/, `{"${key}": {"x": 1},`), { 'content-type': 'application/json' });
      expect({ key, status: top.status }).toEqual({ key, status: 400 });
      expect(fieldsOf(top)).toEqual([key]);
      const inner = await raw('/api/v1/applications', text.replace('"consent":{', `"consent":{"${key}": true,`), { 'content-type': 'application/json' });
      expect(fieldsOf(inner)).toEqual([`consent.${key}`]);
    }
  });

  it('GraphQL: client errors carry their code and the problem document; faults do not leak', async () => {
    const submit = 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { applicationId } }';
    const noMembers = valid();
    noMembers.household.members = [];
    const invalid = await graphql(submit, { i: noMembers }, tokens.caseworker);
    expect(invalid.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      status: 400,
      type: expect.stringMatching(/validation$/),
      errors: expect.arrayContaining([expect.objectContaining({ field: 'household.members' })]),
      problem: expect.objectContaining({ status: 400 }),
    });
    const unauthenticated = await graphql(submit, { i: valid() });
    expect(unauthenticated.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    const forbidden = await graphql(submit, { i: valid() }, tokens.finance);
    expect(forbidden.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    const notFound = await graphql('query($id: String!) { application(id: $id) { applicationId } }', { id: '00000000-0000-0000-0000-000000000000' }, tokens.caseworker);
    expect(notFound.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const current = (await officer.get<{ version: number }>(`/cases/${openCaseId}`)).body.version;
    const conflict = await graphql(
      'mutation($input: DecideCaseInput!) { decideCase(input: $input) { caseId } }',
      { input: { caseId: openCaseId, decision: 'refuse', reasons: ['no hardship found'], expectedVersion: current + 7 } },
      tokens.officer,
    );
    expect(conflict.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 409 });
    const overHttp = await graphql('subscription($id: String!) { applicationUpdated(id: $id) { applicationId } }', { id: ctx.applicationIds[0] }, tokens.caseworker);
    expect(overHttp.status).toBe(400);
    expect(overHttp.body.errors?.[0].extensions.code).toBe('BAD_REQUEST');
  });

  it(`${FUZZ_RUNS} generated hostile requests: 4xx problem+json or GraphQL client errors, never a 5xx`, async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequest(ctx), async (req) => {
        const res = await send(server.url, req);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const wrong = judge(req, res);
        if (wrong) throw new Error(`${req.method} ${req.path.slice(0, 120)} [${req.label.slice(0, 300)}]: ${wrong}`);
      }),
      { numRuns: FUZZ_RUNS, seed, endOnFailure: true },
    );
    // The mix reached validation, auth, size and media-type refusals alike.
    for (const status of [400, 401, 413, 415]) expect({ status, seen: (statuses.get(status) ?? 0) > 0 }).toEqual({ status, seen: true });
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  });

  it('none of them wrote an event or changed what the API shows', async () => {
    await settled();
    expect(await snapshot()).toEqual(before);
  });
});
