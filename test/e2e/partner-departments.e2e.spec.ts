/**
 * Partner departments end to end (policy-rules §11), against the all-in-one process: intake routes a
 * dibao family renting a cramped home to housing aid; the partners service opens the case; a
 * housing-aid officer accepts it, refuses an amount outside the programme's bounds (400, nothing
 * recorded), grants the rental subsidy paid by funding — which pays it once from the housing-aid
 * budget — and refuses the public rental home with an appeal date: the case is paid. A second case
 * is granted paid by the department, and its own system reports the payment with its reference.
 * Officers of another department are refused (403).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { chinaDate, crampedCouple, fiscalYear, People, SIYANG, townships, type ApplicationBody } from '../support/applications';
import { budget, expectStatus, submitOk, timeline } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-partners-'));
const people = new People();
const [T1] = townships(1);
const SUBSIDY = 'housing-aid.rental-subsidy';
const HOME = 'housing-aid.public-rental-home';

let server: EmbeddedServer;
let caseworker: ApiClient;
let finance: ApiClient;
let housing: ApiClient;
let housingSystem: ApiClient;
let employment: ApiClient;
let admin: ApiClient;
let auditor: ApiClient;

type CaseView = {
  caseId: string;
  status: string;
  version: number;
  programmes: { programmeId: string; status: string; amount: { kind: string; minFen?: number; maxFen?: number }; appealBy?: string; paid?: boolean }[];
  grants: { grantId: string; amountFen: number; paid: boolean; paidBy: string; budgetId?: string; paymentReference?: string }[];
};

/** The housing-aid case of a submitted application, once the partners service has opened it. */
async function housingCase(applicationId: string): Promise<CaseView> {
  const caseId = `housing-aid-${applicationId}`;
  return waitFor(async () => {
    const res = await housing.get<CaseView>(`/cases/${caseId}`);
    return res.status === 200 ? res.body : undefined;
  }, { timeoutMs: 60_000, what: `case ${caseId} opened` });
}

const decide = (client: ApiClient, caseId: string, body: Record<string, unknown>) => client.post<CaseView>(`/cases/${caseId}/decision`, body, { idempotencyKey: randomUUID() });

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-partners' });
  caseworker = api(server.url, signToken({ sub: 'caseworker-siyang-partners', roles: ['caseworker'], jurisdiction: SIYANG }));
  finance = api(server.url, signToken({ sub: 'finance-siyang-partners', roles: ['finance'], jurisdiction: SIYANG }));
  housing = api(server.url, signToken({ sub: 'officer-housing-siyang', roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG }));
  housingSystem = api(server.url, signToken({ sub: 'system:housing-siyang', roles: ['officer'], department: 'housing-aid', jurisdiction: SIYANG }));
  employment = api(server.url, signToken({ sub: 'officer-jobs-siyang', roles: ['officer'], department: 'employment-aid', jurisdiction: SIYANG }));
  admin = api(server.url, signToken({ sub: 'admin-siyang-partners', roles: ['admin'], jurisdiction: SIYANG }));
  auditor = api(server.url, signToken({ sub: 'auditor-siyang-partners', roles: ['auditor'], jurisdiction: SIYANG }));
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('partner departments', () => {
  let paidByFunding: { applicationId: string; caseId: string; amountFen: number; budgetId: string };

  it('a housing-aid officer accepts, decides within the bounds, funding pays once, a refusal states its appeal date; other departments are refused', async () => {
    const allocated = expectStatus(
      await finance.post('/budgets', { programme: 'housing-aid', fiscalYear: fiscalYear(), jurisdiction: T1, amountFen: 10_000_000 }, { idempotencyKey: randomUUID() }),
      201,
      200,
    ).body;
    const applicationId = await submitOk(caseworker, crampedCouple(people, T1));
    const opened = await housingCase(applicationId);
    const caseId = opened.caseId;
    expect(opened).toMatchObject({ status: 'open', programmes: expect.arrayContaining([expect.objectContaining({ programmeId: SUBSIDY, status: 'pending' })]) });
    const bounds = opened.programmes.find((p) => p.programmeId === SUBSIDY)!.amount as { kind: 'bounds'; minFen: number; maxFen: number };
    expect(bounds.kind).toBe('bounds');

    // Another department's officer may neither read nor act.
    expect((await employment.get(`/cases/${caseId}`)).status).toBe(403);
    expect((await employment.post(`/cases/${caseId}/accept`, {}, { idempotencyKey: randomUUID() })).status).toBe(403);
    expect((await employment.get('/departments/housing-aid/cases')).status).toBe(403);

    // An admin without the department's claim neither accepts nor decides (403, nothing recorded); an auditor of the county reads.
    expect((await admin.post(`/cases/${caseId}/accept`, {}, { idempotencyKey: randomUUID() })).status).toBe(403);
    expect(expectStatus(await auditor.get<CaseView>(`/cases/${caseId}`), 200).body.version).toBe(opened.version);
    expectStatus(await auditor.get('/departments/housing-aid/cases'), 200);

    const key = randomUUID();
    const accepted = expectStatus(await housing.post<CaseView>(`/cases/${caseId}/accept`, {}, { idempotencyKey: key }), 200).body;
    expect(accepted.status).toBe('accepted');
    expect(expectStatus(await housing.post<CaseView>(`/cases/${caseId}/accept`, {}, { idempotencyKey: key }), 200).body).toEqual(accepted);

    // Outside the bounds: 400 naming amountFen, and the case is as it was.
    const tooMuch = await decide(housing, caseId, { decision: 'approve', programmeId: SUBSIDY, amountFen: bounds.maxFen + 1, paidBy: 'funding', reasons: ['the whole rent'] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((tooMuch.body as unknown as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ field: 'amountFen' })]);
    expect(expectStatus(await housing.get<CaseView>(`/cases/${caseId}`), 200).body.version).toBe(accepted.version);
    const byAdmin = await decide(admin, caseId, { decision: 'approve', programmeId: SUBSIDY, amountFen: bounds.minFen, paidBy: 'department', reasons: ['granted by an admin'] });
    expect(byAdmin.status).toBe(403);
    // An unknown programme is named before any amount check.
    const unknown = await decide(housing, caseId, { decision: 'approve', programmeId: 'housing-aid.castle', amountFen: 0, paidBy: 'in_kind', reasons: ['a castle'] });
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ field: 'programmeId' })]);
    expect(expectStatus(await housing.get<CaseView>(`/cases/${caseId}`), 200).body.version).toBe(accepted.version);

    const amountFen = Math.min(bounds.maxFen, Math.max(bounds.minFen, 2 * 30_000 * 6));
    const granted = expectStatus(await decide(housing, caseId, { decision: 'approve', programmeId: SUBSIDY, amountFen, paidBy: 'funding', reasons: ['10 m² a person, rented'] }), 200).body;
    expect(granted.programmes.find((p) => p.programmeId === SUBSIDY)).toMatchObject({ status: 'granted' });
    const refused = expectStatus(await decide(housing, caseId, { decision: 'refuse', programmeId: HOME, reasons: ['no public rental home is free in the township'] }), 200).body;
    expect(refused.programmes.find((p) => p.programmeId === HOME)).toMatchObject({ status: 'refused', appealBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const appealBy = refused.programmes.find((p) => p.programmeId === HOME)!.appealBy!;
    expect(appealBy > chinaDate(0)).toBe(true);

    const paid = await waitFor(async () => {
      const c = expectStatus(await housing.get<CaseView>(`/cases/${caseId}`), 200).body;
      return c.status === 'paid' ? c : undefined;
    }, { timeoutMs: 60_000, what: `case ${caseId} paid` });
    expect(paid.grants).toEqual([expect.objectContaining({ amountFen, paid: true, paidBy: 'funding', budgetId: allocated.budgetId })]);
    expect(await budget(finance, allocated.budgetId)).toMatchObject({ disbursedFen: amountFen, reservedFen: 0, availableFen: 10_000_000 - amountFen });

    const events = await waitFor(async () => {
      const t = await timeline(caseworker, applicationId);
      return t.some((e) => e.type === 'CasePaid' && e.service === 'partners') ? t : undefined;
    }, { timeoutMs: 30_000, what: 'CasePaid on the timeline' });
    const partners = events.filter((e) => e.service === 'partners').map((e) => e.type);
    expect(partners).toEqual(expect.arrayContaining(['CaseOpened', 'CaseAccepted', 'AidGranted', 'AidRefused', 'CasePaid']));
    expect(events.filter((e) => e.type === 'FundsDisbursed')).toHaveLength(1);
    expect(events.find((e) => e.type === 'AidRefused' && e.service === 'partners')!.data).toMatchObject({ programmeId: HOME, appealBy });
    paidByFunding = { applicationId, caseId, amountFen, budgetId: allocated.budgetId };
  });

  it('a grant paid by the department is not funding\u2019s: its own system reports the payment with its reference', async () => {
    const applicationId = await submitOk(caseworker, crampedCouple(people, T1));
    const { caseId } = await housingCase(applicationId);
    expectStatus(await housingSystem.post(`/cases/${caseId}/accept`, {}, { idempotencyKey: randomUUID() }), 200);
    const amountFen = paidByFunding.amountFen;
    expectStatus(await decide(housingSystem, caseId, { decision: 'approve', programmeId: SUBSIDY, amountFen, paidBy: 'department', reasons: ['10 m² a person, rented'] }), 200);
    expectStatus(await decide(housingSystem, caseId, { decision: 'approve', programmeId: HOME, amountFen: 0, paidBy: 'in_kind', reasons: ['a public rental home is free'] }), 200);

    const wrong = await housingSystem.post(`/cases/${caseId}/payments`, { programmeId: SUBSIDY, amountFen: amountFen - 1, paymentReference: 'HZ-321323-0001' }, { idempotencyKey: randomUUID() });
    expect(wrong.status).toBe(400);
    expect((await employment.post(`/cases/${caseId}/payments`, { programmeId: SUBSIDY, amountFen, paymentReference: 'HZ-321323-0001' }, { idempotencyKey: randomUUID() })).status).toBe(403);
    const paid = expectStatus(
      await housingSystem.post<CaseView>(`/cases/${caseId}/payments`, { programmeId: SUBSIDY, amountFen, paymentReference: 'HZ-321323-0001' }, { idempotencyKey: randomUUID() }),
      200,
    ).body;
    expect(paid).toMatchObject({ status: 'paid', grants: expect.arrayContaining([expect.objectContaining({ paidBy: 'department', paid: true, budgetId: 'department:housing-aid', paymentReference: 'HZ-321323-0001' })]) });
    expect(paid.programmes.find((p) => p.programmeId === HOME)).toMatchObject({ status: 'granted' });
    // A second report without programmeId meets the paid-once rule, and nothing changes.
    const again = await housingSystem.post(`/cases/${caseId}/payments`, { amountFen, paymentReference: 'HZ-321323-0002' }, { idempotencyKey: randomUUID() });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ rule: 'paidOnce' });
    expect(expectStatus(await housing.get<CaseView>(`/cases/${caseId}`), 200).body.version).toBe(paid.version);

    // Funding paid nothing more: the budget shows the first grant only.
    const events = await waitFor(async () => {
      const t = await timeline(caseworker, applicationId);
      return t.some((e) => e.type === 'CasePaid') ? t : undefined;
    }, { timeoutMs: 30_000, what: 'CasePaid on the timeline' });
    expect(events.filter((e) => e.type.startsWith('Funds'))).toEqual([]);
    expect((await budget(finance, paidByFunding.budgetId)).disbursedFen).toBe(paidByFunding.amountFen);

    // The department's desk lists both paid cases, in REST and GraphQL.
    const listed = expectStatus(await housing.get<CaseView[]>('/departments/housing-aid/cases?status=paid'), 200).body.map((c) => c.caseId);
    expect(listed).toEqual(expect.arrayContaining([paidByFunding.caseId, caseId]));
    expect((await housing.get('/departments/housing-aid/cases?status=nonsense')).status).toBe(400);
    const repeated = await housing.get<{ errors: { field: string; message: string }[] }>('/departments/housing-aid/cases?status=open&status=paid');
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors).toEqual([{ field: 'status', message: expect.stringContaining('more than once') }]);
    const gql = await housing.post<{ data?: { departmentCases: { caseId: string; status: string }[] }; errors?: unknown[] }>('/graphql', {
      query: 'query($d: String!, $s: String) { departmentCases(department: $d, status: $s) { caseId status } }',
      variables: { d: 'housing-aid', s: 'paid' },
    });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data!.departmentCases.map((c) => c.caseId)).toEqual(expect.arrayContaining([paidByFunding.caseId, caseId]));
  });

  it('GraphQL: the department accepts and refuses a whole case, with the appeal date; another department is FORBIDDEN', async () => {
    const applicationId = await submitOk(caseworker, crampedCouple(people, T1));
    const { caseId, programmes: routed } = await housingCase(applicationId);
    const maxFen = routed.find((p) => p.programmeId === SUBSIDY)!.amount.maxFen!;
    const gql = (client: ApiClient, query: string, variables: Record<string, unknown>) =>
      client.post<{ data?: any; errors?: { extensions: { code: string; problem?: unknown } }[] }>('/graphql', { query, variables }, { idempotencyKey: randomUUID() });

    const forbidden = await gql(employment, 'mutation($c: String!) { acceptCase(caseId: $c) { caseId status } }', { c: caseId });
    expect(forbidden.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const accepted = await gql(housing, 'mutation($c: String!) { acceptCase(caseId: $c) { caseId status acceptedBy } }', { c: caseId });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.acceptCase).toEqual({ caseId, status: 'accepted', acceptedBy: 'officer-housing-siyang' });

    const outside = await gql(housing, 'mutation($i: DecideCaseInput!) { decidePartnerCase(input: $i) { status } }', {
      i: { caseId, decision: 'approve', programmeId: SUBSIDY, amountFen: maxFen + 1, paidBy: 'funding', reasons: ['too much'] },
    });
    expect(outside.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problem: { status: 400, errors: [expect.objectContaining({ field: 'amountFen' })] } });

    const refused = await gql(housing, 'mutation($i: DecideCaseInput!) { decidePartnerCase(input: $i) { status appealBy programmes reasons version } }', {
      i: { caseId, decision: 'refuse', reasons: ['the household moved into a public rental home in the meantime'] },
    });
    expect(refused.body.errors).toBeUndefined();
    const { status, appealBy, programmes } = refused.body.data.decidePartnerCase;
    expect(status).toBe('refused');
    expect(appealBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.parse(programmes).map((p: { programmeId: string; status: string }) => [p.programmeId, p.status])).toEqual(routed.map((p) => [p.programmeId, 'refused']));

    const payment = await gql(housing, 'mutation($i: ReportCasePaymentInput!) { reportCasePayment(input: $i) { status } }', {
      i: { caseId, programmeId: SUBSIDY, amountFen: 1, paymentReference: 'HZ-x' },
    });
    // Nothing was granted: there is no payment to report.
    expect(payment.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problem: { status: 422, rule: 'paymentMatchesGrant' } });
  });
});
