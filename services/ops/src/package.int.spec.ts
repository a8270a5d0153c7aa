/**
 * `onedoor package`: the household's policy package read from the stores — every programme of the
 * catalogue with qualifies, reasons, amount and status, the routed ones with their cases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDriver } from '@onedoor/event-store';
import { onedoor } from './test/cli';
import { World } from './test/world';

jest.setTimeout(180_000);

const dir = mkdtempSync(join(tmpdir(), 'onedoor-ops-package-'));
const env = { ONEDOOR_DATA_DIR: dir };
let flood: string;
let fire: string;

beforeAll(async () => {
  const world = await World.create(await PgliteDriver.open(dir));
  for (const programme of ['temporary-aid', 'medical-aid', 'education-aid'] as const) await world.allocate(programme, '321323', 50_000_000);
  // A dibao family hit by a flood: the home collapsed, the father registered unemployed, the son in junior school.
  flood = await world.submit({
    members: [
      { personRef: 'p-father', ageYears: 42, monthlyIncomeFen: 60_000, employment: 'registered_unemployed' },
      { personRef: 'p-mother', relation: 'spouse', ageYears: 40, employment: 'unable_to_work' },
      { personRef: 'p-son', ageYears: 13, schoolStage: 'junior' },
    ],
    causes: ['disaster', 'unemployment'], urgent: true, disaster: { kind: 'flood', homeDamage: 'collapsed' }, byCatalogue: true,
  });
  fire = await world.submit({ members: [{ personRef: 'p-worker', ageYears: 35, monthlyIncomeFen: 450_000 }], causes: ['fire'], urgent: true, registeredJurisdiction: '510122100201' });
  await world.pump();
  await world.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onedoor package', () => {
  it('lists every programme of the catalogue with its status, the routed ones with their cases', async () => {
    const r = await onedoor(['package', flood, '--json'], env);
    expect(r.code).toBe(0);
    const pkg = r.json();
    expect(pkg).toMatchObject({ command: 'package', applicationId: flood, catalogue: { id: 'siyang-321323-catalogue', version: 1 }, counts: { routed: 9, offer: 0, not_qualified: 3 } });
    const temporary = pkg.programmes.find((p: { programmeId: string }) => p.programmeId === 'temporary-aid.temporary-aid');
    expect(temporary.status).toBe('routed');
    expect(temporary.case).toMatchObject({ caseId: `temporary-aid-${flood}` });
    expect(temporary.case.grantedFen).toBeGreaterThan(0);
    expect(pkg.programmes.find((p: { programmeId: string }) => p.programmeId === 'disaster-aid.transitional-living')).toMatchObject({
      status: 'routed', department: 'disaster-aid', amount: { kind: 'bounds', minFen: 0, maxFen: 3 * 2000 * 90 }, reasons: ['transitional living aid: a flood left the home collapsed'],
    });
    const text = await onedoor(['package', flood], env);
    expect(text.stdout).toContain('9 routed, 0 offered, 3 not qualified');
    expect(text.stdout).toMatch(/housing-aid\.rental-subsidy\s+住房租赁补贴\s+housing-aid\s+not qualified/);
  });

  it('an application routed without the catalogue has no package (exit 1)', async () => {
    const r = await onedoor(['package', fire], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('has no policy package');
  });
});

describe('onedoor audit recheck of an application routed by the catalogue', () => {
  it('re-runs the rule departments and says the partner departments were routed by the catalogue', async () => {
    const r = await onedoor(['audit', 'recheck', flood, '--json'], env);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.counts.different).toBe(0);
    const intake = out.decisions.find((d: { type: string }) => d.type.startsWith('ApplicationSubmitted'));
    expect(intake.checks.find((c: { what: string }) => c.what === 'routed departments')).toMatchObject({ same: true, recorded: ['education-aid', 'temporary-aid'] });
    expect(intake.notes).toContain('partner departments: routed by the programme catalogue, not re-run here');
  });
});
