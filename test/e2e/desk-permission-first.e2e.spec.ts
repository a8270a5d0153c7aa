/**
 * The partner desk checks who may act before what the body says (REST and GraphQL): an officer of
 * another department gets 403 and an officer outside the case's jurisdiction 404 whatever the body
 * holds, an invalid one included; the department's own officer gets the 400 naming the field.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { chinaDate, crampedCouple, People, SIYANG, townships, type ApplicationBody } from '../support/applications';
import { submitOk } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-desk-order-'));
const people = new People();
const [T1] = townships(1);

let server: EmbeddedServer;
let caseworker: ApiClient;
let housing: ApiClient;
let housingElsewhere: ApiClient;
let employment: ApiClient;
let caseId: string;

type Problem = { status: number; errors?: { field: string }[] };
type Gql = { data?: unknown; errors?: { extensions: { code: string; problem?: Problem } }[] };
const gql = (client: ApiClient, query: string, variables: Record<string, unknown>) => client.post<Gql>('/graphql', { query, variables }, { idempotencyKey: randomUUID() });
const post = (client: ApiClient, path: string, body: unknown) => client.post<Problem>(path, body, { idempotencyKey: randomUUID() });

const DECIDE = 'mutation($i: DecideCaseInput!) { decidePartnerCase(input: $i) { status } }';
const PAY = 'mutation($i: ReportCasePaymentInput!) { reportCasePayment(input: $i) { status } }';

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-desk-order' });
  caseworker = api(server.url, signToken({ sub: 'caseworker-siyang-desk-order', roles: ['caseworker'], jurisdiction: SIYANG }));
  housing = api(server.url, signToken({ sub: 'officer-housing-siyang-order', roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG }));
  housingElsewhere = api(server.url, signToken({ sub: 'officer-housing-sihong', roles: ['officer'], department: 'housing-aid', jurisdiction: '321324' }));
  employment = api(server.url, signToken({ sub: 'officer-jobs-siyang-order', roles: ['officer'], department: 'employment-aid', jurisdiction: SIYANG }));
  const applicationId = await submitOk(caseworker, crampedCouple(people, T1));
  caseId = `housing-aid-${applicationId}`;
  await waitFor(async () => ((await housing.get(`/cases/${caseId}`)).status === 200 ? true : undefined), { timeoutMs: 60_000, what: `case ${caseId} opened` });
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the desk checks who may act before the body', () => {
  const badDecision = { decision: 'maybe', reasons: [] as string[], amountFen: 'lots' };
  const badPayment = { amountFen: 0, paymentReference: '' };
  const badAcceptance = { expectedVersion: -1 };

  it('REST: another department 403, outside the jurisdiction 404, whatever the body; the department itself 400', async () => {
    for (const [path, body] of [[`/cases/${caseId}/decision`, badDecision], [`/cases/${caseId}/payments`, badPayment], [`/cases/${caseId}/accept`, badAcceptance]] as const) {
      expect([path, (await post(employment, path, body)).status]).toEqual([path, 403]);
      expect([path, (await post(housingElsewhere, path, body)).status]).toEqual([path, 404]);
      const own = await post(housing, path, body);
      expect([path, own.status]).toEqual([path, 400]);
      expect(own.body.errors?.length).toBeGreaterThan(0);
    }
    // Valid bodies are still refused to them the same way, and nothing was recorded.
    expect((await post(employment, `/cases/${caseId}/accept`, {})).status).toBe(403);
    expect((await housing.get<{ status: string; version: number }>(`/cases/${caseId}`)).body.status).toBe('open');
  });

  it('GraphQL: FORBIDDEN and NOT_FOUND before BAD_USER_INPUT', async () => {
    const decide = { i: { caseId, decision: 'maybe', reasons: [] } };
    const pay = { i: { caseId, amountFen: 0, paymentReference: '' } };
    for (const [query, variables] of [[DECIDE, decide], [PAY, pay]] as const) {
      expect((await gql(employment, query, variables)).body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql(housingElsewhere, query, variables)).body.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const own = (await gql(housing, query, variables)).body.errors?.[0].extensions;
      expect(own).toMatchObject({ code: 'BAD_USER_INPUT', problem: { status: 400 } });
    }
  });
});
