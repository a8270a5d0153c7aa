/**
 * The shared decision route checks who may act before the body (REST POST /cases/{caseId}/decisions
 * and GraphQL decideCase), for the temporary-aid desk and a partner desk alike: an officer of another
 * department gets 403 (FORBIDDEN) and an officer outside the case's jurisdiction 404 whatever the
 * body holds, an invalid one included; the department's own officer gets the 400 naming the fields,
 * and nothing is recorded.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { chinaDate, crampedCouple, ordinaryAccident, People, SIYANG, townships, type ApplicationBody } from '../support/applications';
import { submitOk } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-decision-order-'));
const people = new People();
const [T1] = townships(1);

let server: EmbeddedServer;
let caseworker: ApiClient;
let temporary: ApiClient;
let temporaryElsewhere: ApiClient;
let housing: ApiClient;
let employment: ApiClient;
let temporaryCase: string;
let housingCase: string;

type Problem = { status: number; errors?: { field: string }[] };
type Gql = { data?: unknown; errors?: { extensions: { code: string; problem?: Problem } }[] };
const gql = (client: ApiClient, query: string, variables: Record<string, unknown>) => client.post<Gql>('/graphql', { query, variables }, { idempotencyKey: randomUUID() });
const post = (client: ApiClient, path: string, body: unknown) => client.post<Problem>(path, body, { idempotencyKey: randomUUID() });
const versionOf = async (client: ApiClient, caseId: string) => (await client.get<{ version: number }>(`/cases/${caseId}`)).body.version;

const DECIDE = 'mutation($i: DecideCaseInput!) { decideCase(input: $i) { status } }';

/** The case once its department has opened it (read by `reader`). */
const opened = (reader: ApiClient, caseId: string) =>
  waitFor(async () => ((await reader.get(`/cases/${caseId}`)).status === 200 ? true : undefined), { timeoutMs: 60_000, what: `case ${caseId} opened` });

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-decision-order' });
  caseworker = api(server.url, signToken({ sub: 'caseworker-siyang-decision-order', roles: ['caseworker'], jurisdiction: SIYANG }));
  temporary = api(server.url, signToken({ sub: 'officer-temporary-order', roles: ['officer'], department: 'temporary-aid', jurisdiction: T1 }));
  temporaryElsewhere = api(server.url, signToken({ sub: 'officer-temporary-sihong', roles: ['officer'], department: 'temporary-aid', jurisdiction: '321324' }));
  housing = api(server.url, signToken({ sub: 'officer-housing-decision-order', roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG }));
  employment = api(server.url, signToken({ sub: 'officer-jobs-decision-order', roles: ['officer'], department: 'employment-aid', jurisdiction: SIYANG }));
  temporaryCase = `temporary-aid-${await submitOk(caseworker, ordinaryAccident(people, T1))}`;
  housingCase = `housing-aid-${await submitOk(caseworker, crampedCouple(people, T1))}`;
  await opened(temporary, temporaryCase);
  await opened(housing, housingCase);
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the shared decision route checks who may act before the body', () => {
  const invalidBodies: unknown[] = [{ decision: 'maybe', reasons: [], amountFen: 'lots' }, { decision: 'refuse', reasons: [null], expectedVersion: 1e20 }, [1]];

  it('REST: another department 403, outside the jurisdiction 404, whatever the body; the department itself 400; nothing recorded', async () => {
    for (const [caseId, own] of [[temporaryCase, temporary], [housingCase, housing]] as const) {
      const before = await versionOf(own, caseId);
      for (const body of invalidBodies) {
        const path = `/cases/${caseId}/decisions`;
        expect([caseId, body, (await post(employment, path, body)).status]).toEqual([caseId, body, 403]);
        const mine = await post(own, path, body);
        expect([caseId, body, mine.status]).toEqual([caseId, body, 400]);
        expect(mine.body.errors?.length).toBeGreaterThan(0);
      }
      expect(await versionOf(own, caseId)).toBe(before);
    }
    expect((await post(temporaryElsewhere, `/cases/${temporaryCase}/decisions`, invalidBodies[0])).status).toBe(404);
  });

  it('GraphQL decideCase: FORBIDDEN and NOT_FOUND before BAD_USER_INPUT', async () => {
    for (const [caseId, own] of [[temporaryCase, temporary], [housingCase, housing]] as const) {
      const variables = { i: { caseId, decision: 'maybe', reasons: [] } };
      expect((await gql(employment, DECIDE, variables)).body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql(own, DECIDE, variables)).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problem: { status: 400 } });
    }
    const elsewhere = await gql(temporaryElsewhere, DECIDE, { i: { caseId: temporaryCase, decision: 'maybe', reasons: [] } });
    expect(elsewhere.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
