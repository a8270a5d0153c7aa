/**
 * End to end, embedded: the all-in-one process (PGlite in a fresh directory, in-process bus), as
 * `npm start` runs it. Worked examples 1 and 2 with every amount, and a crash (SIGKILL) that loses
 * nothing; an application every department refuses; an emergency without the economic check;
 * what /metrics shows once an application settled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, waitFor, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import {
  AMOUNTS, everyDepartmentRefuses, nightFire, nightFireWithoutEconomicCheck, People, SIYANG, siyangChain, townships,
} from '../support/applications';
import {
  allocate, budget, departmentOf, dossier, expectStatus, submitOk, timeline, waitSettledOrRefused, type BudgetView, type Programme,
} from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-embedded-'));
const people = new People();
const [T1, T2, T3, T4, T5] = townships(5);
let server: EmbeddedServer;
let intake: ApiClient;
let funding: ApiClient;
let officer: ApiClient;

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-embedded' });
  intake = api(server.url, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
  funding = api(server.url, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
  officer = api(server.url, signToken({ sub: 'officer-temporary-aid-siyang', roles: ['officer'], department: 'temporary-aid', jurisdiction: SIYANG }));
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OneDoor, embedded (one process, PGlite, in-process bus)', () => {
  it('reports healthy in embedded mode', async () => {
    const res = await api(server.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('embedded');
  });

  it('worked examples 1 and 2 settle with every amount paid from the right budget; a crash loses nothing', async () => {
    const fireFund = await allocate(funding, 'temporary-aid', T1, 1_000_000, { reserveFund: true });
    const chainFunds = {} as Record<Programme, BudgetView>;
    for (const p of ['temporary-aid', 'medical-aid', 'education-aid'] as Programme[]) {
      chainFunds[p] = await allocate(funding, p, T2, 10_000_000, { reserveFund: p === 'temporary-aid' });
    }

    const fire = await submitOk(intake, nightFire(people, T1));
    const chain = await submitOk(intake, siyangChain(people, T2));
    const d1 = await waitSettledOrRefused(intake, fire);
    const d2 = await waitSettledOrRefused(intake, chain, 90_000);
    expect(d1).toMatchObject({ status: 'settled', tier: 'none', totals: { grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid } });
    expect(d2).toMatchObject({ status: 'settled', tier: 'edge' });
    expect(departmentOf(d2, 'temporary-aid')).toMatchObject({ status: 'paid', paidFen: AMOUNTS.advanceAid });
    expect(departmentOf(d2, 'medical-aid')).toMatchObject({ status: 'paid', paidFen: AMOUNTS.medicalAid });
    expect(departmentOf(d2, 'education-aid')).toMatchObject({ status: 'paid', paidFen: AMOUNTS.educationAidSeniorEdge });

    const spent = async (b: BudgetView) => (await budget(funding, b.budgetId)).disbursedFen - b.disbursedFen;
    expect(await spent(fireFund)).toBe(AMOUNTS.smallFastAid);
    expect(await spent(chainFunds['temporary-aid'])).toBe(AMOUNTS.advanceAid);
    expect(await spent(chainFunds['medical-aid'])).toBe(AMOUNTS.medicalAid);
    expect(await spent(chainFunds['education-aid'])).toBe(AMOUNTS.educationAidSeniorEdge);

    // SIGKILL and start again on the same data directory: the dossiers and budgets are all there.
    await server.restart();
    expect(await dossier(intake, chain)).toMatchObject({ status: 'settled', totals: d2.totals });
    expect(await spent(chainFunds['medical-aid'])).toBe(AMOUNTS.medicalAid);
    expect(await spent(fireFund)).toBe(AMOUNTS.smallFastAid);
  });

  it('when every department refuses, intake records ApplicationSettled with outcome refused and the dossier shows each refusal with its appeal date', async () => {
    const id = await submitOk(intake, everyDepartmentRefuses(people, T3));
    const caseId = `temporary-aid-${id}`;
    await waitFor(async () => (await officer.get(`/cases/${caseId}`)).status === 200, { what: `case ${caseId} opened`, timeoutMs: 60_000 });
    expectStatus(await officer.post(`/cases/${caseId}/decisions`, { decision: 'refuse', reasons: ['the household can meet the cost of the accident'] }), 200, 201);

    const d = (await waitSettledOrRefused(intake, id, 90_000)) as DossierWithDecisions;
    expect(d).toMatchObject({ status: 'refused', tier: 'edge', totals: { grantedFen: 0, paidFen: 0 } });
    expect(d.departments.map((e) => [e.department, e.status])).toEqual([
      ['medical-aid', 'refused'],
      ['temporary-aid', 'refused'],
    ]);
    for (const e of d.departments) {
      expect(e.reasons.length).toBeGreaterThan(0);
      expect(e.appealBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.grants).toEqual([]);
    }
    expect(departmentOf(d, 'temporary-aid')!.reasons).toContain('the household can meet the cost of the accident');
    expect(d.notRouted).toEqual([{ department: 'education-aid', reasons: [expect.stringMatching(/no member in school/)] }]);

    const settled = (await timeline(intake, id)).filter((e) => e.type === 'ApplicationSettled');
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ service: 'intake', data: { applicationId: id, outcome: 'refused', grantedFen: 0, paidFen: 0 } });
  });

  it('an urgent fire without the economic check is accepted: small fast aid only, the other departments not routed with the reasons', async () => {
    await allocate(funding, 'temporary-aid', T4, 1_000_000, { reserveFund: true });
    const id = await submitOk(intake, nightFireWithoutEconomicCheck(people, T4));
    const d = (await waitSettledOrRefused(intake, id, 90_000)) as DossierWithDecisions;
    expect(d).toMatchObject({ status: 'settled', tier: 'none', totals: { grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid } });
    expect(d.departments.map((e) => e.department)).toEqual(['temporary-aid']);
    expect(departmentOf(d, 'temporary-aid')).toMatchObject({ status: 'paid', paidFen: AMOUNTS.smallFastAid, appealBy: null });
    expect(d.departments[0].grants).toEqual([expect.objectContaining({ amountFen: AMOUNTS.smallFastAid, status: 'paid' })]);
    expect(d.notRouted).toEqual([
      { department: 'medical-aid', reasons: ['medical aid: no illness or medical costs stated'] },
      { department: 'education-aid', reasons: ['education aid: no member in school and schooling is not a cause'] },
    ]);
    const kase = expectStatus(await officer.get(`/cases/temporary-aid-${id}`), 200).body as { track?: string };
    expect(kase.track).toBe('small_fast');
    const settled = (await timeline(intake, id)).find((e) => e.type === 'ApplicationSettled');
    expect(settled?.data).toMatchObject({ outcome: 'granted', grantedFen: AMOUNTS.smallFastAid, paidFen: AMOUNTS.smallFastAid });
  });

  it('/metrics shows HTTP latency by route, consumer handling time and one submit-to-settled observation per settled application', async () => {
    const scrape = async () => {
      const res = await api(server.url).get<string>('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.body;
    };
    const sample = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const settledCount = /^onedoor_submit_to_settled_seconds_count\{outcome="granted"\} (\S+)$/m;
    const before = sample(await scrape(), settledCount);

    await allocate(funding, 'temporary-aid', T5, 1_000_000, { reserveFund: true });
    const id = await submitOk(intake, nightFire(people, T5));
    expect(await waitSettledOrRefused(intake, id, 90_000)).toMatchObject({ status: 'settled' });
    await waitFor(async () => sample(await scrape(), settledCount) > before || undefined, { timeoutMs: 10_000 });
    const text = await scrape();
    expect(sample(text, settledCount)).toBe(before + 1);

    expect(text).toMatch(/^onedoor_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/v1\/applications",status_class="2xx"\} [1-9]/m);
    expect(text).not.toMatch(new RegExp(`route="[^"]*${id}`)); // patterns, never raw URLs
    expect(sample(text, /^onedoor_consumer_handling_seconds_count\{service="funding",consumer="[^"]+",mode="(?:message|batch)"\} (\S+)$/m)).toBeGreaterThan(0);
    expect(text).toMatch(/^onedoor_consumer_up\{service="intake",consumer="[^"]+"\} 1$/m);
    expect(text).toMatch(/^onedoor_relay_publish_seconds_count\{service="intake"\} [1-9]/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    // Every family typed and documented.
    const typed = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    const documented = new Set([...text.matchAll(/^# HELP (\S+) /gm)].map((m) => m[1]));
    expect(typed.filter((name) => !documented.has(name))).toEqual([]);
    expect(typed).toEqual(expect.arrayContaining(['onedoor_events_appended_total', 'onedoor_relay_lag_events', 'onedoor_inbox_processed', 'onedoor_dead_letters']));
  });
});

/** The dossier with what it shows of each decision: grants with reasons, the appeal date of a refusal. */
type DossierWithDecisions = Awaited<ReturnType<typeof dossier>> & {
  departments: (Awaited<ReturnType<typeof dossier>>['departments'][number] & {
    appealBy: string | null;
    grants: { grantId: string; amountFen: number; status: string; reasons: string[] }[];
  })[];
  notRouted: { department: string; reasons: string[] }[];
};
