/**
 * `onedoor replay` and `onedoor audit` against a fresh PostgreSQL database filled by the services'
 * own application code (see test/world.ts): the rebuilt dossiers agree with the live projection's,
 * a corrupted live row shows in the diff, --swap promotes the rebuilt tables (keeping the old ones),
 * --from rebuilds only the applications with new events, and the decisions re-run the same.
 */
import { Client } from 'pg';
import { toEnvelope } from '@onedoor/messaging';
import { onedoor } from './test/cli';
import { freshDatabase, siyangScenario, World } from './test/world';

jest.setTimeout(180_000);

let db: Awaited<ReturnType<typeof freshDatabase>>;
let world: World;
let pg: Client;
let apps: Awaited<ReturnType<typeof siyangScenario>>;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  db = await freshDatabase('replay');
  world = await World.create(db.url);
  apps = await siyangScenario(world);
  pg = new Client({ connectionString: db.url });
  await pg.connect();
  env = { DATABASE_URL: db.url, KAFKA_BROKERS: process.env.KAFKA_BROKERS };
});

afterAll(async () => {
  await pg?.end();
  await world?.close();
  await db?.drop();
});

const dossierRow = async (id: string) =>
  (await pg.query<{ status: string; doc: any; version: number }>('SELECT status, doc, version FROM intake.dossiers WHERE application_id = $1', [id])).rows[0];

describe('onedoor replay', () => {
  it('rebuilds the same dossiers and timeline as the live projection made', async () => {
    expect((await dossierRow(apps.chain)).status).toBe('settled');
    const r = await onedoor(['replay', 'all', '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.rebuilt.applications).toBe(3);
    expect(out.diff.dossiers).toMatchObject({ live: 3, rebuilt: 3, missing: 0, extra: 0, different: 0 });
    expect(out.diff.timeline).toMatchObject({ missing: 0, extra: 0, different: 0 });
    expect(out.diff.timeline.rebuilt).toBeGreaterThan(20);
  });

  it('shows a corrupted live row field by field, then --swap promotes the rebuilt tables and keeps the old ones', async () => {
    await pg.query(
      `UPDATE intake.dossiers SET status = 'in_progress', doc = jsonb_set(doc, '{totals,paidFen}', '999') WHERE application_id = $1`,
      [apps.chain],
    );
    const diff = await onedoor(['replay', 'dossier'], env);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('dossiers: 3 rebuilt, 3 live — 1 application differs');
    expect(diff.stdout).toContain(`≠ ${apps.chain}`);
    expect(diff.stdout).toContain('status: live in_progress → rebuilt settled');
    expect(diff.stdout).toMatch(/doc\.totals\.paidFen: live 999 → rebuilt 2660000/);

    const json = (await onedoor(['replay', 'dossier', '--json'], env)).json();
    expect(json.diff.dossiers.different).toBe(1);
    expect(json.diff.dossiers.differences[0]).toMatchObject({ applicationId: apps.chain, kind: 'different' });
    expect(json.diff.dossiers.fieldCounts).toEqual({ status: 1, 'doc.totals.paidFen': 1 });

    const swap = await onedoor(['replay', 'dossier', '--swap', '--json'], env);
    expect(swap.code).toBe(0);
    const swapped = swap.json().swap;
    expect(swapped).toMatchObject({ mode: 'tables', dossiers: 3, caughtUp: 0 });
    expect((await dossierRow(apps.chain)).status).toBe('settled');
    // The previous tables are kept for rollback, corrupted row and all.
    const old = await pg.query(`SELECT status FROM "${swapped.backupSchema}".dossiers WHERE application_id = $1`, [apps.chain]);
    expect(old.rows[0].status).toBe('in_progress');
    const persistence = await pg.query(`SELECT relname, relpersistence FROM pg_class WHERE relnamespace = 'intake'::regnamespace AND relname IN ('dossiers', 'timeline')`);
    expect(persistence.rows.map((r) => r.relpersistence)).toEqual(['p', 'p']);
    const again = (await onedoor(['replay', 'all', '--json'], env)).json();
    expect(again.diff.dossiers).toMatchObject({ missing: 0, extra: 0, different: 0 });
    expect(again.diff.timeline).toMatchObject({ missing: 0, extra: 0, different: 0 });
  });

  it('the live projection carries on over the swapped tables: an event applied before is not applied twice', async () => {
    const { rows } = await pg.query(`SELECT event_id FROM intake.timeline WHERE application_id = $1 LIMIT 1`, [apps.fire]);
    const before = await dossierRow(apps.fire);
    const [event] = (await world.stores.intake.readStream(`application-${apps.fire}`)).filter((e) => e.eventId === rows[0].event_id);
    await world.stores.intake.transaction((tx) => world.dossiers.apply(tx, 'intake', toEnvelope(event)));
    expect((await dossierRow(apps.fire)).version).toBe(before.version);
  });

  it('--from rebuilds only the applications with events since, and --swap replaces only their rows', async () => {
    const since = new Date();
    // New events that the live projection has not seen (intake's dossier consumer is "behind").
    world.hold = new Set(['intake', 'temporary-aid', 'medical-aid', 'education-aid', 'funding']);
    const late = await world.submit({ members: [{ personRef: 'p-late', ageYears: 50 }], causes: ['accident'], urgent: true });
    await world.pump();
    await pg.query(`UPDATE intake.dossiers SET version = version + 100 WHERE application_id = $1`, [apps.refused]); // outside the scope: left alone

    const r = await onedoor(['replay', 'all', '--from', since.toISOString(), '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.scope).toEqual({ applications: 1 });
    expect(out.rebuilt.applications).toBe(1);
    expect(out.diff.dossiers).toMatchObject({ rebuilt: 1, missing: 0, different: 1 });
    expect(out.diff.dossiers.differences[0].applicationId).toBe(late);
    expect(out.diff.timeline.missing).toBeGreaterThan(0);

    const swapRun = await onedoor(['replay', 'all', '--from', since.toISOString(), '--swap', '--json'], env);
    expect({ code: swapRun.code, stderr: swapRun.stderr }).toEqual({ code: 0, stderr: '' });
    const swap = swapRun.json().swap;
    expect(swap).toMatchObject({ mode: 'rows', dossiers: 1 });
    // Rebuilt from what the stores hold: temporary aid paid, but intake (behind) has not heard it,
    // so the application is not settled yet — its settlement is intake's event, not the dossier's.
    const rebuilt = await dossierRow(late);
    expect(rebuilt.status).toBe('in_progress');
    expect(rebuilt.doc.departments).toEqual([expect.objectContaining({ department: 'temporary-aid', status: 'paid' })]);
    expect((await dossierRow(apps.refused)).version).toBeGreaterThan(100);
    const full = (await onedoor(['replay', 'all', '--json'], env)).json();
    expect(full.diff.dossiers.different).toBe(1); // only the row changed by hand outside the scope
    expect(full.diff.timeline).toMatchObject({ missing: 0, extra: 0, different: 0 });
    world.hold.clear();
  });

  it('rejects bad arguments with exit code 2', async () => {
    expect((await onedoor(['replay'], env)).code).toBe(2);
    expect((await onedoor(['replay', 'dossiers'], env)).code).toBe(2);
    const bad = await onedoor(['replay', 'all', '--from', 'yesterday-ish'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from must be');
  });
});

describe('onedoor audit', () => {
  it('lists the cross-service timeline with every decision', async () => {
    const r = await onedoor(['audit', apps.chain, '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    const services = new Set(out.events.map((e: { service: string }) => e.service));
    expect(services).toEqual(new Set(['intake', 'temporary-aid', 'medical-aid', 'education-aid', 'funding']));
    const times = out.events.map((e: { occurredAt: string }) => e.occurredAt);
    expect([...times].sort()).toEqual(times);
    const medical = out.decisions.find((d: { type: string; department?: string }) => d.type === 'AidGranted' && d.department === 'medical-aid');
    expect(medical).toMatchObject({ amountFen: 2_220_000, decidedBy: { level: 'system' }, parameterSet: { id: 'siyang-321323', version: 1 }, ruleIds: ['medicalAidAmount'] });
    expect(medical.reasons.join(' ')).toContain('deductible');
    const text = await onedoor(['audit', apps.chain], env);
    expect(text.stdout).toContain('▸ routed to temporary-aid, medical-aid, education-aid');
    expect(text.stdout).toContain('parameters siyang-321323 v1');
    expect((await onedoor(['audit', 'no-such-application'], env)).code).toBe(1);
  });

  it('recheck re-runs every decision the same, and catches a decision that no longer adds up', async () => {
    const r = await onedoor(['audit', 'recheck', apps.chain, '--json'], env);
    expect(r.code).toBe(0);
    const report = r.json();
    expect(report.counts.different).toBe(0);
    const outcome = (service: string, type: string) => report.decisions.find((d: { service: string; type: string }) => d.service === service && d.type.includes(type))?.outcome;
    expect(outcome('intake', 'ApplicationRouted')).toBe('partial'); // the tier rests on sealed personal data
    expect(outcome('temporary-aid', 'AidGranted')).toBe('same');
    expect(outcome('medical-aid', 'AidGranted')).toBe('same');
    expect(outcome('education-aid', 'AidGranted')).toBe('same');
    expect(outcome('funding', 'FundsReserved')).toBe('same');

    // A grant whose amount does not follow from its recorded inputs and parameter version.
    await pg.query(`UPDATE medical_aid.events SET data = jsonb_set(data, '{amountFen}', '3000000') WHERE type = 'AidGranted' AND data->>'applicationId' = $1`, [apps.chain]);
    const bad = await onedoor(['audit', 'recheck', apps.chain], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ different .* medical-aid AidGranted/);
    expect(bad.stdout).toContain('≠ amount (formula): recorded 3000000, re-run 2220000');
  });
});
