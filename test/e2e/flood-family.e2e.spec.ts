/**
 * End to end, distributed (every service its own process on PostgreSQL and Kafka): one application
 * of a family hit by a flood — the home collapsed, the breadwinner lost his job, the son is in junior
 * school, a dibao household (policy-rules §11) — is routed at once to temporary aid, disaster-victim
 * aid, employment aid, education aid and housing aid. The three OneDoor rule departments decide by
 * their rules; the partner departments decide through their desks (an officer, or the department's
 * own system): grants paid by funding, by the department (reported with its payment reference) and
 * in kind, and a refusal. Every grant is paid exactly once, the dossier settles, and the household's
 * policy package lists every programme, what the household qualified for and what it got.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { signToken } from '@onedoor/service-kit';
import { api, startDistributed, waitFor, type ApiClient, type Cluster } from '@onedoor/testing';
import { fiscalYear, floodFamily, People, SIYANG, townships } from '../support/applications';
import { expectStatus, submitOk, timeline, waitForDossier, type DossierView } from '../support/onedoor';

jest.setTimeout(300_000);

const people = new People();
const [T1] = townships(1);

type Amount = { kind: string; minFen?: number; maxFen?: number };
type CaseView = {
  caseId: string;
  status: string;
  programmes: { programmeId: string; status: string; amount: Amount }[];
  grants: { grantId: string; amountFen: number; paid: boolean; paidBy: string; budgetId?: string; paymentReference?: string }[];
};
type PackageEntry = { programmeId: string; department: string; qualifies: boolean; status: string; reasons: string[] };

let cluster: Cluster;
let pg: Client;
let caseworker: ApiClient;
let finance: ApiClient;

const partnerDesk = (department: string, sub = `officer-${department}-flood`) =>
  api(cluster.urls.partners, signToken({ sub, roles: ['officer'], department, jurisdiction: SIYANG }));

/** The partner department's case of the application, once the partners service has opened it. */
async function caseOf(desk: ApiClient, department: string, applicationId: string): Promise<CaseView> {
  const caseId = `${department}-${applicationId}`;
  return waitFor(async () => {
    const res = await desk.get<CaseView>(`/cases/${caseId}`);
    return res.status === 200 ? res.body : undefined;
  }, { timeoutMs: 90_000, what: `case ${caseId} opened` });
}

const act = (desk: ApiClient, path: string, body: Record<string, unknown>) => desk.post<CaseView>(path, body, { idempotencyKey: randomUUID() });

/** Approves a bounded programme at its maximum for this household, paid as `paidBy` says. */
async function approveAtMost(desk: ApiClient, c: CaseView, programmeId: string, paidBy: 'funding' | 'department', reasons: string[]) {
  const amount = c.programmes.find((p) => p.programmeId === programmeId)!.amount;
  expect(amount.kind === 'bounds' || amount.kind === 'department_system').toBe(true);
  const amountFen = amount.maxFen ?? 150_000;
  expectStatus(await act(desk, `/cases/${c.caseId}/decision`, { decision: 'approve', programmeId, amountFen, paidBy, reasons }), 200);
  return amountFen;
}

beforeAll(async () => {
  cluster = await startDistributed({ databaseUrl: process.env.DATABASE_URL!, kafkaBrokers: process.env.KAFKA_BROKERS!, label: 'e2e-flood' });
  pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  caseworker = api(cluster.urls.intake, signToken({ sub: 'caseworker-siyang-flood', roles: ['caseworker'], jurisdiction: SIYANG }));
  finance = api(cluster.urls.funding, signToken({ sub: 'finance-siyang-flood', roles: ['finance'], jurisdiction: SIYANG }));
}, 240_000);

afterAll(async () => {
  await pg?.end();
  await cluster?.stop();
});

describe('a flood family through one door', () => {
  it('is routed to five departments at once, each grant is paid once, the dossier settles, and the package lists every programme', async () => {
    for (const programme of ['temporary-aid', 'education-aid', 'housing-aid', 'employment-aid', 'disaster-aid']) {
      expectStatus(
        await finance.post('/budgets', { programme, fiscalYear: fiscalYear(), jurisdiction: T1, amountFen: 100_000_000, reserveFund: programme === 'temporary-aid' }, { idempotencyKey: randomUUID() }),
        201,
      );
    }
    const applicationId = await submitOk(caseworker, floodFamily(people, T1));

    // Routed to the five departments in one ApplicationRouted.
    const routed = await waitFor(async () => {
      const events = await timeline(caseworker, applicationId);
      return events.find((e) => e.type === 'ApplicationRouted');
    }, { timeoutMs: 60_000, what: 'ApplicationRouted' });
    const routes = (routed.data as { routes: { department: string; programmes?: { programmeId: string }[] }[] }).routes;
    expect(routes.map((r) => r.department).sort()).toEqual(['disaster-aid', 'education-aid', 'employment-aid', 'housing-aid', 'temporary-aid']);

    // Disaster-victim aid: an officer grants transitional living aid (funding pays) and the winter–spring
    // aid (its own system pays and reports), and refuses the rebuilding grant (housing aid rebuilds).
    const disaster = partnerDesk('disaster-aid');
    const disasterSystem = partnerDesk('disaster-aid', 'system:emergency-management-siyang');
    const dCase = await caseOf(disaster, 'disaster-aid', applicationId);
    expectStatus(await act(disaster, `/cases/${dCase.caseId}/accept`, {}), 200);
    const transitional = await approveAtMost(disaster, dCase, 'disaster-aid.transitional-living', 'funding', ['home collapsed in the flood: 3 people, 90 days']);
    const winter = await approveAtMost(disasterSystem, dCase, 'disaster-aid.winter-spring-living', 'department', ['the home is lost before winter']);
    expectStatus(await act(disaster, `/cases/${dCase.caseId}/decision`, { decision: 'refuse', programmeId: 'disaster-aid.home-rebuilding', reasons: ['the rebuilding is granted by housing aid'] }), 200);
    expectStatus(await act(disasterSystem, `/cases/${dCase.caseId}/payments`, { programmeId: 'disaster-aid.winter-spring-living', amountFen: winter, paymentReference: 'YJ-321323-0042' }), 200);

    // Employment aid: a public-welfare job in kind; the training subsidy paid by funding; the job
    // subsidy decided and paid by the public employment service's own system.
    const employment = partnerDesk('employment-aid');
    const employmentSystem = partnerDesk('employment-aid', 'system:public-employment-siyang');
    const eCase = await caseOf(employment, 'employment-aid', applicationId);
    expectStatus(await act(employmentSystem, `/cases/${eCase.caseId}/accept`, {}), 200);
    const byProgramme = Object.fromEntries(eCase.programmes.map((p) => [p.programmeId, p]));
    expect(Object.keys(byProgramme).sort()).toEqual(['employment-aid.job-subsidy', 'employment-aid.public-welfare-job', 'employment-aid.training-subsidy']);
    expectStatus(await act(employment, `/cases/${eCase.caseId}/decision`, { decision: 'approve', programmeId: 'employment-aid.public-welfare-job', reasons: ['zero-employment household: a public-welfare job for the father'] }), 200);
    const training = await approveAtMost(employment, eCase, 'employment-aid.training-subsidy', 'funding', ['registered unemployed, of working age']);
    const jobSubsidy = await approveAtMost(employmentSystem, eCase, 'employment-aid.job-subsidy', 'department', ['job subsidy by the public employment service']);
    expectStatus(await act(employmentSystem, `/cases/${eCase.caseId}/payments`, { programmeId: 'employment-aid.job-subsidy', amountFen: jobSubsidy, paymentReference: 'JY-2026-77' }), 200);

    // Housing aid: the rebuilding grant of the collapsed home, paid by funding.
    const housing = partnerDesk('housing-aid');
    const hCase = await caseOf(housing, 'housing-aid', applicationId);
    expectStatus(await act(housing, `/cases/${hCase.caseId}/accept`, {}), 200);
    for (const p of hCase.programmes) {
      if (p.programmeId === 'housing-aid.dilapidated-home-renovation') await approveAtMost(housing, hCase, p.programmeId, 'funding', ['home collapsed: rebuild']);
      else expectStatus(await act(housing, `/cases/${hCase.caseId}/decision`, { decision: 'refuse', programmeId: p.programmeId, reasons: ['the home is rebuilt instead'] }), 200);
    }
    expect(hCase.programmes.map((p) => p.programmeId)).toContain('housing-aid.dilapidated-home-renovation');

    // The dossier settles: every department decided and every grant paid.
    const settled = await waitForDossier(caseworker, applicationId, (d: DossierView) => d.status === 'settled', 'a settled dossier', 120_000);
    expect(settled.departments.map((d) => d.department).sort()).toEqual(['disaster-aid', 'education-aid', 'employment-aid', 'housing-aid', 'temporary-aid']);
    expect(settled.totals.paidFen).toBe(settled.totals.grantedFen);
    expect(settled.totals.grantedFen).toBeGreaterThan(transitional + winter + training + jobSubsidy);

    // Exactly once: one FundsDisbursed per grant funding pays, one CasePaid per cash grant, nothing twice.
    const events = await waitFor(async () => {
      const t = await timeline(caseworker, applicationId);
      return t.some((e) => e.type === 'ApplicationSettled') ? t : undefined;
    }, { timeoutMs: 60_000, what: 'ApplicationSettled on the timeline' });
    const granted = events.filter((e) => e.type === 'AidGranted').map((e) => e.data as { grantId: string; amountFen: number; paidBy?: string });
    const cash = granted.filter((g) => g.paidBy !== 'in_kind');
    const byFunding = granted.filter((g) => (g.paidBy ?? 'funding') === 'funding');
    const disbursed = events.filter((e) => e.type === 'FundsDisbursed').map((e) => (e.data as { grantId: string }).grantId);
    const paid = events.filter((e) => e.type === 'CasePaid').map((e) => (e.data as { grantId: string }).grantId);
    expect(new Set(disbursed).size).toBe(disbursed.length);
    expect(new Set(paid).size).toBe(paid.length);
    expect(disbursed.sort()).toEqual(byFunding.map((g) => g.grantId).sort());
    expect(paid.sort()).toEqual(cash.map((g) => g.grantId).sort());
    const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM funding.events WHERE type = 'FundsDisbursed' AND data->>'applicationId' = $1`, [applicationId]);
    expect(rows[0].n).toBe(byFunding.length);

    // The policy package: every programme of the catalogue, qualified or not, with what came of it.
    const pkg = expectStatus(await caseworker.get<{ programmes: PackageEntry[] }>(`/applications/${applicationId}/package`), 200).body;
    const entries = Object.fromEntries(pkg.programmes.map((p) => [p.programmeId, p]));
    expect(entries['medical-aid.residual-cost']).toMatchObject({ qualifies: false });
    for (const id of ['disaster-aid.transitional-living', 'employment-aid.training-subsidy', 'housing-aid.dilapidated-home-renovation']) {
      expect(entries[id]).toMatchObject({ qualifies: true });
      expect(entries[id].status).not.toBe('not_qualified');
    }
    for (const p of pkg.programmes) expect(p.reasons.length).toBeGreaterThan(0);
  });
});
