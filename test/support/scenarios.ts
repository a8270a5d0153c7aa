/**
 * The end-to-end scenarios every way of running OneDoor must pass through one origin: the
 * embedded process on its port, and the distributed services behind the gateway. Each scenario
 * uses its own township (and so its own budgets).
 */
import { signToken } from '@onedoor/service-kit';
import { api, waitFor, type ApiClient } from '@onedoor/testing';
import { AMOUNTS, everyDepartmentRefuses, nightFire, nightFireWithoutEconomicCheck, People, SIYANG, siyangChain, townships } from './applications';
import { allocate, budget, departmentOf, dossier, expectStatus, submitOk, timeline, waitSettledOrRefused, type BudgetView, type Programme } from './onedoor';

/** Where the scenarios run: one origin, and optionally a crash of everything behind it that must lose nothing. */
export interface ScenarioTarget {
  url: string;
  /** Kills the process(es) (SIGKILL) and starts them again on the same data; resolves when healthy. */
  crash?: () => Promise<void>;
}

/** The dossier with what it shows of each decision: grants with reasons, the appeal date of a refusal. */
export type DossierWithDecisions = Awaited<ReturnType<typeof dossier>> & {
  departments: (Awaited<ReturnType<typeof dossier>>['departments'][number] & {
    appealBy: string | null;
    grants: { grantId: string; amountFen: number; status: string; reasons: string[] }[];
  })[];
  notRouted: { department: string; reasons: string[] }[];
};

/**
 * Registers, inside the caller's describe, the scenarios of worked examples 1 and 2 (every amount
 * from the right budget; a crash when the target can crash), an application every department
 * refuses, and an urgent fire without the economic check — all through `target().url`, in the
 * four townships given (default: four picked at random).
 */
export function oneDoorScenarios(target: () => ScenarioTarget, [T1, T2, T3, T4]: string[] = townships(4)): void {
  const people = new People();
  let intake: ApiClient;
  let funding: ApiClient;
  let officer: ApiClient;

  beforeAll(() => {
    const { url } = target();
    intake = api(url, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
    funding = api(url, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
    officer = api(url, signToken({ sub: 'officer-temporary-aid-siyang', roles: ['officer'], department: 'temporary-aid', jurisdiction: SIYANG }));
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

    const { crash } = target();
    if (!crash) return;
    // SIGKILL and start again on the same data: the dossiers and budgets are all there.
    await crash();
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
}
