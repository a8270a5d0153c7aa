/**
 * The typed GraphQL API: submitApplication(input: SubmitApplicationInput!) validated by the
 * REST rules, statuses as enums, money as the Fen scalar (integer fen), the timeline as
 * applicationEvents(id), budgets allocated and topped up by mutations, and no JSON scalar taken as
 * input (submitTypedApplication stays as a deprecated name of submitApplication).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { fiscalYear, nightFire, People, SIYANG, townships } from '../support/applications';
import { budgetId, expectStatus, type TimelineEvent } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-graphql-typed-'));
const people = new People();
const [T1] = townships(1);
let server: EmbeddedServer;
let caseworker: ApiClient;

const token = (sub: string, roles: string[], jurisdiction: string) => signToken({ sub, roles: roles as never, jurisdiction });
const caseworkerToken = token('caseworker-siyang-typed', ['caseworker'], SIYANG);
const financeToken = token('finance-siyang-typed', ['finance'], SIYANG);

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-graphql-typed' });
  caseworker = api(server.url, caseworkerToken);
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Errors = { message: string; extensions: Record<string, any> }[];
async function graphql(query: string, bearer: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Errors } };
}

const SUBMIT_TYPED = 'mutation($input: SubmitApplicationInput!, $key: String) { submitApplication(input: $input, idempotencyKey: $key) { applicationId status } }';
const SUBMIT_DEPRECATED = 'mutation($input: SubmitApplicationInput!, $key: String) { submitTypedApplication(input: $input, idempotencyKey: $key) { applicationId status } }';
const ALLOCATE = 'mutation($input: AllocateBudgetInput!, $key: String) { allocateBudget(input: $input, idempotencyKey: $key) { budgetId programme allocatedFen availableFen } }';
const TOP_UP = 'mutation($id: String!, $amount: Fen!, $key: String) { topUpBudget(budgetId: $id, amountFen: $amount, idempotencyKey: $key) { budgetId allocatedFen } }';

describe('the typed GraphQL API', () => {
  let applicationId: string;

  it('takes the REST body as SubmitApplicationInput, once per idempotency key', async () => {
    const body = nightFire(people, T1);
    const key = randomUUID();
    const first = await graphql(SUBMIT_TYPED, caseworkerToken, { input: body, key });
    expect(first.body.errors).toBeUndefined();
    applicationId = first.body.data.submitApplication.applicationId;
    expect(applicationId).toEqual(expect.any(String));
    const again = await graphql(SUBMIT_TYPED, caseworkerToken, { input: body, key });
    expect(again.body.data.submitApplication.applicationId).toBe(applicationId);
    // The deprecated name is the same mutation: the same key gives the same application.
    const alias = await graphql(SUBMIT_DEPRECATED, caseworkerToken, { input: body, key });
    expect(alias.body.data.submitTypedApplication.applicationId).toBe(applicationId);
  });

  it('takes no JSON scalar as input anywhere; submitTypedApplication is deprecated', async () => {
    const res = await graphql(
      `{ __schema { types { name kind inputFields { name type { ...T } } fields(includeDeprecated: true) { name isDeprecated deprecationReason args { name type { ...T } } } } } }
       fragment T on __Type { name kind ofType { name kind ofType { name kind ofType { name kind } } } }`,
      caseworkerToken,
    );
    expect(res.body.errors).toBeUndefined();
    type T = { name: string | null; ofType?: T | null };
    const named = (t: T): string => (t.ofType ? named(t.ofType) : t.name ?? '');
    const types = res.body.data.__schema.types as { name: string; inputFields: { name: string; type: T }[] | null; fields: { name: string; isDeprecated: boolean; deprecationReason: string | null; args: { name: string; type: T }[] }[] | null }[];
    const inputs = types.flatMap((t) => [
      ...(t.inputFields ?? []).map((f) => [`${t.name}.${f.name}`, named(f.type)]),
      ...(t.fields ?? []).flatMap((f) => f.args.map((a) => [`${t.name}.${f.name}(${a.name})`, named(a.type)])),
    ]);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter(([, type]) => type === 'JSON')).toEqual([]);
    const mutation = types.find((t) => t.name === 'Mutation')!.fields!;
    const submit = mutation.find((f) => f.name === 'submitApplication')!;
    expect(submit.isDeprecated).toBe(false);
    expect(named(submit.args.find((a) => a.name === 'input')!.type)).toBe('SubmitApplicationInput');
    expect(mutation.find((f) => f.name === 'submitTypedApplication')).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('submitApplication') });
  });

  it('validates the typed input by the REST rules, with the same error document under the deprecated name', async () => {
    const body = nightFire(people, T1);
    const wrong = { ...body, applicant: { ...body.applicant, idNumber: '321323198001010013' } };
    const typed = await graphql(SUBMIT_TYPED, caseworkerToken, { input: wrong });
    const json = await graphql(SUBMIT_DEPRECATED, caseworkerToken, { input: wrong });
    expect(typed.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(typed.body.errors?.[0].message).toBe(json.body.errors?.[0].message);
    expect(typed.body.errors?.[0].extensions.errors).toEqual(json.body.errors?.[0].extensions.errors);
  });

  it('refuses a value outside an enum', async () => {
    const body = nightFire(people, T1);
    const res = await graphql(SUBMIT_TYPED, caseworkerToken, { input: { ...body, incident: { ...body.incident, causes: ['meteor'] } } });
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/Cause/);
  });

  it('answers statuses as enums and money as integer fen', async () => {
    const res = await graphql(
      'query($id: String!) { application(id: $id) { status tier totals { grantedFen paidFen } departments { status grantedFen } } }',
      caseworkerToken,
      { id: applicationId },
    );
    expect(res.body.errors).toBeUndefined();
    expect(['received', 'in_progress', 'settled', 'refused', 'withdrawn']).toContain(res.body.data.application.status);
    expect(Number.isInteger(res.body.data.application.totals.grantedFen)).toBe(true);
    const types = await graphql('{ __type(name: "ApplicationStatus") { kind enumValues { name } } }', caseworkerToken);
    if (!types.body.errors) {
      expect(types.body.data.__type.kind).toBe('ENUM');
      expect(types.body.data.__type.enumValues.map((v: { name: string }) => v.name).sort()).toEqual(['in_progress', 'received', 'refused', 'settled', 'withdrawn']);
    }
  });

  it('reads the timeline as REST does', async () => {
    const rest = expectStatus(await caseworker.get<TimelineEvent[]>(`/applications/${applicationId}/events`), 200).body;
    const res = await graphql('query($id: String!) { applicationEvents(id: $id) { service type eventId occurredAt streamVersion data } }', caseworkerToken, { id: applicationId });
    expect(res.body.errors).toBeUndefined();
    const events = res.body.data.applicationEvents as { eventId: string; type: string }[];
    expect(events.length).toBeGreaterThanOrEqual(rest.length);
    expect(events.slice(0, rest.length).map((e) => e.eventId)).toEqual(rest.map((e) => e.eventId));
    const finance = await graphql('query($id: String!) { applicationEvents(id: $id) { eventId } }', financeToken, { id: applicationId });
    expect(finance.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('allocates and tops up budgets by mutation, finance only, once per key; Fen refuses 1.5', async () => {
    const id = budgetId('temporary-aid', T1);
    const input = { programme: 'temporary-aid', fiscalYear: fiscalYear(), jurisdiction: T1, amountFen: 5_000_000 };
    const key = randomUUID();
    const allocated = await graphql(ALLOCATE, financeToken, { input, key });
    expect(allocated.body.errors).toBeUndefined();
    expect(allocated.body.data.allocateBudget).toMatchObject({ budgetId: id, programme: 'temporary-aid', allocatedFen: 5_000_000 });
    const replay = await graphql(ALLOCATE, financeToken, { input, key });
    expect(replay.body.data.allocateBudget.budgetId).toBe(id);
    const otherBody = await graphql(ALLOCATE, financeToken, { input: { ...input, amountFen: 6_000_000 }, key });
    // As REST: 422, the key was used with another request.
    expect(otherBody.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });

    const invalid = await graphql(ALLOCATE, financeToken, { input: { ...input, fiscalYear: 1990 } });
    expect(invalid.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });

    const forbidden = await graphql(TOP_UP, caseworkerToken, { id, amount: 100 });
    expect(forbidden.body.errors?.[0].extensions.code).toBe('FORBIDDEN');

    const fraction = await graphql(TOP_UP, financeToken, { id, amount: 1.5 });
    expect(fraction.body.data).toBeUndefined();
    expect(fraction.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const huge = await graphql(TOP_UP, financeToken, { id, amount: 2 ** 60 });
    expect(huge.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const before = (await graphql('query($id: String!) { budget(id: $id) { allocatedFen } }', financeToken, { id })).body.data.budget.allocatedFen as number;
    const topped = await graphql(TOP_UP, financeToken, { id, amount: 100, key: randomUUID() });
    expect(topped.body.errors).toBeUndefined();
    expect(topped.body.data.topUpBudget).toEqual({ budgetId: id, allocatedFen: before + 100 });
  });
});
