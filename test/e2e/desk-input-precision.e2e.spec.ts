/**
 * The partner desk's input, precisely (REST and GraphQL): an expectedVersion that is no safe
 * non-negative integer is a 400 naming it (not a 409), a refusal with an amount is a 400 naming
 * amountFen, each field at fault has one message, and nothing is recorded; a payment reported again
 * with the same reference and amount answers the case as it is, another reference is paidOnce.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { chinaDate, crampedCouple, People, SIYANG, townships, type ApplicationBody } from '../support/applications';
import { expectStatus, submitOk } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-desk-input-'));
const people = new People();
const [T1] = townships(1);
const SUBSIDY = 'housing-aid.rental-subsidy';

let server: EmbeddedServer;
let caseworker: ApiClient;
let housing: ApiClient;
let caseId: string;

type Problem = { status: number; rule?: string; detail?: string; errors?: { field: string; message: string }[] };
type CaseView = { status: string; version: number; programmes: { programmeId: string; status: string; amount: { kind: string; minFen?: number; maxFen?: number } }[] };
type Gql = { data?: unknown; errors?: { extensions: { code: string; problem?: Problem } }[] };
const gql = (client: ApiClient, query: string, variables: Record<string, unknown>) => client.post<Gql>('/graphql', { query, variables }, { idempotencyKey: randomUUID() });
const post = <T = Problem>(client: ApiClient, path: string, body: unknown) => client.post<T>(path, body, { idempotencyKey: randomUUID() });
const postZh = (client: ApiClient, path: string, body: unknown) => client.post<Problem>(path, body, { idempotencyKey: randomUUID(), headers: { 'accept-language': 'zh-CN' } });
const version = async () => expectStatus(await housing.get<CaseView>(`/cases/${caseId}`), 200).body.version;

const DECIDE = 'mutation($i: DecideCaseInput!) { decidePartnerCase(input: $i) { status } }';
const PAY = 'mutation($i: ReportCasePaymentInput!) { reportCasePayment(input: $i) { status } }';

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-desk-input' });
  caseworker = api(server.url, signToken({ sub: 'caseworker-siyang-desk-input', roles: ['caseworker'], jurisdiction: SIYANG }));
  const token = signToken({ sub: 'system:housing-siyang-input', roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG });
  housing = api(server.url, token);
  const applicationId = await submitOk(caseworker, crampedCouple(people, T1));
  caseId = `housing-aid-${applicationId}`;
  await waitFor(async () => ((await housing.get(`/cases/${caseId}`)).status === 200 ? true : undefined), { timeoutMs: 60_000, what: `case ${caseId} opened` });
  expectStatus(await post(housing, `/cases/${caseId}/accept`, {}), 200);
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('desk input precision', () => {
  it('REST: expectedVersion 1e20, 2^53 or -1 is a 400 naming expectedVersion, not a 409; nothing recorded', async () => {
    const before = await version();
    for (const expectedVersion of [1e20, 2 ** 53, -1]) {
      for (const [path, body] of [
        [`/cases/${caseId}/accept`, { expectedVersion }],
        [`/cases/${caseId}/decision`, { decision: 'refuse', reasons: ['ok reason'], expectedVersion }],
        [`/cases/${caseId}/payments`, { amountFen: 5, paymentReference: 'HZ-1', expectedVersion }],
      ] as const) {
        const res = await post(housing, path, body);
        expect([path, expectedVersion, res.status]).toEqual([path, expectedVersion, 400]);
        expect(res.body.errors?.map((e) => e.field)).toEqual(['expectedVersion']);
      }
    }
    expect(await version()).toBe(before);
  });

  it('a refusal with an amount: 400 naming amountFen in REST and GraphQL; nothing recorded', async () => {
    const before = await version();
    const rest = await post(housing, `/cases/${caseId}/decision`, { decision: 'refuse', reasons: ['ok reason'], amountFen: 5 });
    expect(rest.status).toBe(400);
    expect(rest.body.errors?.map((e) => e.field)).toEqual(['amountFen']);
    const en = await housing.post<Problem>(`/cases/${caseId}/decision`, { decision: 'refuse', reasons: ['ok reason'], amountFen: 5 }, { idempotencyKey: randomUUID(), headers: { 'accept-language': 'en' } });
    expect(en.body.errors?.[0].message).toBe('a refusal grants no amount: amountFen must be absent');
    const graphql = (await gql(housing, DECIDE, { i: { caseId, decision: 'refuse', reasons: ['ok reason'], amountFen: 5 } })).body.errors?.[0].extensions;
    expect(graphql).toMatchObject({ code: 'BAD_USER_INPUT', problem: { status: 400, errors: [{ field: 'amountFen' }] } });
    expect(await version()).toBe(before);
  });

  it('one message per field at fault, every field listed (REST and GraphQL), in Chinese for zh-CN', async () => {
    const empty = await post(housing, `/cases/${caseId}/payments`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.map((e) => e.field)).toEqual(['amountFen', 'paymentReference']);
    const nullReason = await postZh(housing, `/cases/${caseId}/decision`, { decision: 'refuse', reasons: [null] });
    expect(nullReason.body.errors).toEqual([{ field: 'reasons', message: 'reasons 中的每个值都必须是字符串' }]);
    const shortReason = await postZh(housing, `/cases/${caseId}/decision`, { decision: 'refuse', reasons: ['x'] });
    expect(shortReason.body.errors).toEqual([{ field: 'reasons', message: 'reasons 中每一项的长度不得少于 2 个字符' }]);
    const longReference = await postZh(housing, `/cases/${caseId}/payments`, { amountFen: 5, paymentReference: 'x'.repeat(201) });
    expect(longReference.body.errors).toEqual([{ field: 'paymentReference', message: 'paymentReference 的长度不得超过 200 个字符' }]);
    const graphql = (await gql(housing, PAY, { i: { caseId, amountFen: 5, paymentReference: '' } })).body.errors?.[0].extensions.problem;
    expect(graphql?.errors?.map((e) => e.field)).toEqual(['paymentReference']);
  });

  it('a payment reported again with the same reference answers the case (nothing appended); another reference is paidOnce', async () => {
    const subsidy = expectStatus(await housing.get<CaseView>(`/cases/${caseId}`), 200).body.programmes.find((p) => p.programmeId === SUBSIDY)!;
    const { minFen, maxFen } = subsidy.amount as { minFen: number; maxFen: number };
    const amountFen = Math.min(maxFen, Math.max(minFen, 10_000));
    expectStatus(await post(housing, `/cases/${caseId}/decision`, { decision: 'approve', programmeId: SUBSIDY, amountFen, paidBy: 'department', reasons: ['10 m² a person, rented'] }), 200);
    const paid = expectStatus(await post<CaseView>(housing, `/cases/${caseId}/payments`, { programmeId: SUBSIDY, amountFen, paymentReference: 'HZ-321323-0100' }), 200).body;
    const again = expectStatus(await post<CaseView>(housing, `/cases/${caseId}/payments`, { programmeId: SUBSIDY, amountFen, paymentReference: 'HZ-321323-0100' }), 200).body;
    expect(again.version).toBe(paid.version);
    const other = await post(housing, `/cases/${caseId}/payments`, { programmeId: SUBSIDY, amountFen, paymentReference: 'HZ-321323-0101' });
    expect(other.status).toBe(422);
    expect(other.body.rule).toBe('paidOnce');
    expect(await version()).toBe(paid.version);
  });
});
