/**
 * The projections fold dossiers in place (evolveDossierInPlace, foldDossierRecord); time travel
 * (asOf) copies (evolveDossier). Both must give the same dossier from the same events, in any
 * order, and the copying variant must never touch its input.
 */
import type { Envelope } from '@onedoor/contracts';
import { emptyDossier, evolveDossier, evolveDossierInPlace, type Dossier } from './dossier';
import { dossierRow, foldDossierRecord, submittedByAfter, type DossierRecord } from './dossier-projection';

/** A small deterministic PRNG, so a failure names a seed that reproduces it. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const DEPARTMENTS = ['temporary-aid', 'medical-aid', 'education-aid'] as const;
const TYPES = [
  'ApplicationSubmitted', 'ApplicationRouted', 'ApplicationRefused', 'ApplicationSettled', 'CaseOpened', 'ReferralIssued', 'AidGranted',
  'AidRefused', 'FundsAwaiting', 'FundsReleased', 'CasePaid', 'FundsReserved', 'FundsDisbursed', 'DeadlineMissed', 'BudgetAllocated',
];

function randomEvents(seed: number, count: number): Envelope[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const app = `app-${seed}`;
  return Array.from({ length: count }, (_, i) => {
    const type = pick(TYPES);
    const department = pick(DEPARTMENTS);
    const grantId = `${department}-${app}:${1 + Math.floor(r() * 2)}`;
    const amountFen = [0, 80000, 240000, 2220000][Math.floor(r() * 4)];
    const data: Record<string, unknown> = { applicationId: app, department, caseId: `${department}-${app}`, grantId, amountFen };
    if (type === 'ApplicationSubmitted') {
      data.caseFile = { tier: pick(['tekun', 'dibao', 'edge', 'none']), jurisdiction: '321323100', registeredJurisdiction: '321323100201', applicantRef: 'p1', householdRef: 'h1' };
    }
    if (type === 'ApplicationRouted') {
      data.routes = DEPARTMENTS.filter(() => r() < 0.6).map((d) => ({ department: d, caseId: `${d}-${app}`, reasons: [`route ${d}`] }));
      data.transferDueBy = '2026-11-24';
    }
    if (type === 'ApplicationRefused') Object.assign(data, { reasons: ['no department can help'], appealBy: '2027-01-19' });
    if (type === 'ApplicationSettled' && r() < 0.5) data.settledAt = '2026-11-30T00:00:00.000Z';
    if (type === 'CaseOpened') data.dueBy = `2026-12-0${1 + Math.floor(r() * 9)}`;
    if (type === 'ReferralIssued') Object.assign(data, { fromDepartment: 'temporary-aid', toDepartment: department });
    if (type === 'AidGranted' || type === 'AidRefused') data.reasons = r() < 0.8 ? [`decided ${i}`] : undefined;
    return {
      eventId: `e${i}`, type, schemaVersion: 1, streamId: `s-${department}`, streamVersion: i + 1, globalPosition: String(i + 1),
      occurredAt: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(), correlationId: app, causationId: null,
      actor: r() < 0.5 ? { sub: 'applicant-1', role: 'applicant' } : { sub: 'cw', role: 'caseworker' }, jurisdiction: '321323100', data,
    };
  });
}

describe('dossier fold: in place and copying give the same dossier', () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed))('random event sequence, seed %i', (seed) => {
    const events = randomEvents(seed, 1 + (seed % 40));
    const app = `app-${seed}`;

    const copies: Dossier[] = [];
    const copied = events.reduce((d, e) => {
      const next = evolveDossier(d, e);
      copies.push(structuredClone(d));
      return next;
    }, emptyDossier(app));

    const inPlace = emptyDossier(app);
    const changed = events.map((e) => evolveDossierInPlace(inPlace, e));
    expect(inPlace).toEqual(copied);
    expect(changed.filter(Boolean).length).toBe(copied.version);

    // evolveDossier leaves each previous state as it was.
    let d = emptyDossier(app);
    events.forEach((e, i) => {
      const before = structuredClone(d);
      d = evolveDossier(d, e);
      expect(copies[i]).toEqual(before);
    });
  });

  it('the in-place record step and the copying one give the same rows', () => {
    for (let seed = 0; seed < 50; seed++) {
      const events = randomEvents(1000 + seed, 30);
      const app = `app-${1000 + seed}`;
      let copied: DossierRecord | undefined;
      let folded: DossierRecord | undefined;
      for (const e of events) {
        copied = { dossier: evolveDossier(copied?.dossier ?? emptyDossier(app), e), submittedBy: submittedByAfter(copied?.submittedBy, e) };
        folded = foldDossierRecord(folded, app, e);
      }
      expect(dossierRow(folded!)).toEqual(dossierRow(copied!));
    }
  });

  it('ignores events that are not about the dossier without a new version', () => {
    const d = emptyDossier('a');
    const e = randomEvents(7, 1)[0];
    const other = { ...e, type: 'FundsReserved' };
    expect(evolveDossier(d, other)).toBe(d);
    expect(evolveDossierInPlace(d, other)).toBe(false);
    expect(d).toEqual(emptyDossier('a'));
  });
});
