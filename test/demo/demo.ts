/**
 * `npm run demo`: the four worked examples of policy-rules §10 against a running embedded server
 * (`npm start`; ONEDOOR_URL, default http://localhost:3000). Allocates the demo budgets when they
 * are missing, submits each example, waits for it to settle (or reach its expected state) and prints
 * the dossiers. Every run meets new people, so it can be repeated against the same data directory.
 */
import { randomUUID } from 'node:crypto';
import { api, waitFor, type ApiClient } from '@onedoor/testing';
import { signToken } from '@onedoor/service-kit';
import { AMOUNTS, fenText, fiscalYear, nightFire, People, SIYANG, siyangChain, yuan } from '../support/applications';
import {
  allocate, budget, budgetId, departmentOf, describeDossier, expectStatus, getBudget, submit, submitOk, topUp, waitForDossier,
  waitSettledOrRefused, type DossierView, type Programme,
} from '../support/onedoor';

const BASE = (process.env.ONEDOOR_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const TOWNSHIP = `${SIYANG}100`; // 众兴镇, Siyang's seat: its temporary-aid reserve fund pays advance aid
const CASEWORKER = { sub: 'demo-caseworker', roles: ['caseworker' as const], jurisdiction: SIYANG };
const FINANCE = { sub: 'demo-finance', roles: ['finance' as const], jurisdiction: SIYANG };

/** Demo budgets: Siyang county for each programme, and the seat's temporary-aid reserve fund. */
const DEMO_BUDGETS: { programme: Programme; jurisdiction: string; amountFen: number; reserveFund?: boolean; keepAtLeastFen: number }[] = [
  { programme: 'temporary-aid', jurisdiction: SIYANG, amountFen: 1_000_000_000, keepAtLeastFen: 10_000_000 },
  { programme: 'temporary-aid', jurisdiction: TOWNSHIP, amountFen: 10_000_000, reserveFund: true, keepAtLeastFen: 1_000_000 },
  { programme: 'medical-aid', jurisdiction: SIYANG, amountFen: 500_000_000, keepAtLeastFen: 10_000_000 },
  { programme: 'education-aid', jurisdiction: SIYANG, amountFen: 200_000_000, keepAtLeastFen: 1_000_000 },
];

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const heading = (s: string) => console.log(`\n${bold(s)}\n${'─'.repeat(Math.min(100, s.length))}`);

async function serverUp(): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${BASE}/health`, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    console.error(`OneDoor is not running at ${BASE} (${cause}).\nStart it with npm start (in another terminal), or set ONEDOOR_URL to a running server.`);
    process.exit(1);
  }
  if (res.status !== 200) {
    console.error(`OneDoor at ${BASE} is not ready (GET /health → ${res.status}): ${(await res.text()).slice(0, 500)}\nWait for start-up to finish (npm start) and run the demo again.`);
    process.exit(1);
  }
}

/** Allocates each demo budget once, and tops it up when a long demo session drained it. */
async function ensureBudgets(funding: ApiClient) {
  heading(`Budgets (fiscal year ${fiscalYear()})`);
  for (const b of DEMO_BUDGETS) {
    const id = budgetId(b.programme, b.jurisdiction);
    let view = await getBudget(funding, id);
    let note = 'already allocated';
    if (!view) {
      view = await allocate(funding, b.programme, b.jurisdiction, b.amountFen, { reserveFund: b.reserveFund });
      note = 'allocated now';
    } else if (view.availableFen < b.keepAtLeastFen) {
      view = await topUp(funding, id, b.amountFen);
      note = 'topped up';
    }
    console.log(`  ${id.padEnd(32)} available ${yuan(view.availableFen).padStart(20)}   (${note})`);
  }
}

/** A township of Siyang with no temporary-aid budget yet, for example 4's nearly empty reserve fund. */
async function freshTownship(funding: ApiClient): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const township = `${SIYANG}${String(200 + Math.floor(Math.random() * 800))}`;
    if (!(await getBudget(funding, budgetId('temporary-aid', township)))) return township;
  }
  throw new Error('no free township code left for example 4');
}

function show(title: string, d: DossierView, note?: string) {
  console.log(`\n${title}`);
  console.log(describeDossier(d));
  if (note) console.log(`  → ${note}`);
}

async function main() {
  await serverUp();
  const intake = api(BASE, signToken(CASEWORKER));
  const funding = api(BASE, signToken(FINANCE));
  const people = new People();
  await ensureBudgets(funding);

  // 1. Night fire, migrant worker.
  heading('Example 1 — Night fire: a migrant worker applies where the fire happened');
  const ex1 = await waitSettledOrRefused(intake, await submitOk(intake, nightFire(people, TOWNSHIP)));
  show('Dossier:', ex1, `small fast aid of 1 × the dibao standard: expected ${yuan(AMOUNTS.smallFastAid)} (${fenText(AMOUNTS.smallFastAid)}), no economic check`);

  // 2. The Siyang chain.
  heading('Example 2 — The Siyang chain: a child with leukaemia, a sibling in senior secondary school');
  const ex2 = await waitSettledOrRefused(intake, await submitOk(intake, siyangChain(people, TOWNSHIP)), 90_000);
  show(
    'Dossier:',
    ex2,
    `expected advance aid ${yuan(AMOUNTS.advanceAid)}, medical aid ${yuan(AMOUNTS.medicalAid)} ((40,000 − 3,000) × 60 %), ` +
      `education aid ${yuan(AMOUNTS.educationAidSeniorEdge)}`,
  );

  // 3. Duplicate.
  heading('Example 3 — Duplicate: the same application twice, then a second request for the same fire');
  const fire = nightFire(people, TOWNSHIP);
  const key = randomUUID();
  const first = expectStatus(await submit(intake, fire, key), 200, 201);
  const repeat = expectStatus(await submit(intake, fire, key), 200, 201);
  console.log(
    `\n  submitted twice with Idempotency-Key ${key}:\n    first  → ${first.status} ${first.body.applicationId}\n    second → ${repeat.status} ${repeat.body.applicationId}` +
      `${repeat.headers['idempotent-replayed'] ? ' (replayed)' : ''}\n  ${first.body.applicationId === repeat.body.applicationId ? 'one application' : 'TWO APPLICATIONS (unexpected)'}`,
  );
  const original = await waitSettledOrRefused(intake, first.body.applicationId);
  show('Dossier of the application:', original);
  const again = await waitSettledOrRefused(intake, await submitOk(intake, fire, randomUUID()));
  show('Dossier of the second request for the same fire (a new Idempotency-Key):', again, 'temporary aid once per cause per calendar year: refused with reasons');

  // 4. Budget exhausted.
  heading('Example 4 — Budget exhausted: 1,000 yuan left, two grants of 800 at once');
  const township = await freshTownship(funding);
  const reserveId = budgetId('temporary-aid', township);
  await allocate(funding, 'temporary-aid', township, 100_000, { reserveFund: true });
  console.log(`\n  reserve fund ${reserveId}: ${yuan(100_000)} (${fenText(100_000)})`);
  const ids = await Promise.all([submitOk(intake, nightFire(people, township)), submitOk(intake, nightFire(people, township))]);
  const decided = await Promise.all(
    ids.map((id) => waitForDossier(intake, id, (d) => ['paid', 'awaiting_funds', 'refused'].includes(departmentOf(d, 'temporary-aid')?.status ?? ''), 'a decided grant')),
  );
  decided.forEach((d, i) => show(`Dossier ${i + 1} (before the top-up):`, d));
  const short = await budget(funding, reserveId);
  console.log(
    `\n  ${reserveId}: disbursed ${yuan(short.disbursedFen)}, available ${yuan(short.availableFen)}, ` +
      `${short.awaitingGrants} grant(s) awaiting ${yuan(short.awaitingFen)}`,
  );
  const topped = await topUp(funding, reserveId, 60_000);
  console.log(`  top-up of ${yuan(60_000)} → allocated ${yuan(topped.allocatedFen)}`);
  const waiting = decided.find((d) => departmentOf(d, 'temporary-aid')?.status === 'awaiting_funds');
  if (waiting) show('Dossier of the waiting grant after the top-up:', await waitSettledOrRefused(intake, waiting.applicationId));
  const after = await waitFor(async () => {
    const b = await budget(funding, reserveId);
    return b.awaitingGrants === 0 && b;
  }, { timeoutMs: 30_000 }).catch(() => budget(funding, reserveId));
  console.log(`\n  ${reserveId}: allocated ${yuan(after.allocatedFen)}, disbursed ${yuan(after.disbursedFen)}, available ${yuan(after.availableFen)}`);

  console.log(`\nDone. Dossiers: ${BASE}/api/v1/applications/{id} · API docs: ${BASE}/docs`);
}

main().catch((e) => {
  console.error(`\ndemo failed: ${(e as Error).message}`);
  process.exit(1);
});
