/**
 * End to end, embedded: the all-in-one process (PGlite in a fresh directory, in-process bus), as
 * `npm start` runs it. Worked examples 1 and 2 with every amount, and a crash (SIGKILL) that loses
 * nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@onedoor/service-kit';
import { api, startEmbedded, type ApiClient, type EmbeddedServer } from '@onedoor/testing';
import { AMOUNTS, nightFire, People, SIYANG, siyangChain, townships } from '../support/applications';
import { allocate, budget, departmentOf, dossier, submitOk, waitSettledOrRefused, type BudgetView, type Programme } from '../support/onedoor';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-embedded-'));
const people = new People();
const [T1, T2] = townships(2);
let server: EmbeddedServer;
let intake: ApiClient;
let funding: ApiClient;

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-embedded' });
  intake = api(server.url, signToken({ sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG }));
  funding = api(server.url, signToken({ sub: 'finance-siyang', roles: ['finance'], jurisdiction: SIYANG }));
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
});
