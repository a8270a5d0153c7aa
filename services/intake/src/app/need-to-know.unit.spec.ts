import type { Envelope } from '@onedoor/contracts';
import { noticesOf } from '@onedoor/notices';
import type { Principal } from '@onedoor/service-kit';
import type { PolicyPackage } from '../domain/policy-package';
import { dossierView, emptyDossier, evolveDossier, type Dossier } from '../read-model/dossier';
import { dossierPart, listScopeOf, packagePart, readScopeOf, timelinePart } from './need-to-know';

let seq = 0;
const env = (type: string, data: object): Envelope => ({
  eventId: `e${++seq}`,
  type,
  schemaVersion: 1,
  streamId: 's',
  streamVersion: seq,
  globalPosition: String(seq),
  occurredAt: new Date(Date.UTC(2026, 10, 20, 0, 0, seq)).toISOString(),
  correlationId: 'app-1',
  causationId: null,
  actor: null,
  jurisdiction: '321323100',
  data,
});

const events = [
  env('ApplicationSubmitted', { applicationId: 'app-1', caseFile: { tier: 'dibao', jurisdiction: '321323100', registeredJurisdiction: '321323100201' } }),
  env('ApplicationRouted', {
    applicationId: 'app-1',
    routes: [
      { department: 'housing-aid', caseId: 'housing-aid-app-1', reasons: ['renting 10 m² a person'] },
      { department: 'medical-aid', caseId: 'medical-aid-app-1', reasons: ['residual cost 40,000 yuan after insurance'] },
    ],
    notRouted: [{ department: 'education-aid', reasons: ['no student in the household'] }],
    transferDueBy: '2026-11-24',
    provenance: { parameterSetId: 'cn-default', parameterSetVersion: 1, ruleIds: ['route.medicalAid.illnessInAssistedTier', 'route.housingAid.x', 'deadline.transferWorkingDays'] },
  }),
  env('AidGranted', { applicationId: 'app-1', department: 'housing-aid', caseId: 'housing-aid-app-1', grantId: 'g-h', amountFen: 60_000, reasons: ['30 m² for 3 people'] }),
  env('AidRefused', { applicationId: 'app-1', department: 'medical-aid', caseId: 'medical-aid-app-1', reasons: ['the patient has a serious illness not covered'], appealBy: '2027-01-19' }),
];
const dossier: Dossier = events.reduce(evolveDossier, emptyDossier('app-1'));

const officer = (department: string | undefined, jurisdiction = '321323'): Principal => ({ sub: `o-${department}`, roles: ['officer'], department, jurisdiction });
const staff = (role: 'caseworker' | 'auditor' | 'admin', jurisdiction = '321323'): Principal => ({ sub: role, roles: [role], jurisdiction });

describe('need to know: the acceptance notice’s rule ids', () => {
  it('keeps the catalogue’s qualifying rules of the department’s own programmes only', () => {
    const routed = env('ApplicationRouted', {
      applicationId: 'app-2',
      routes: [
        { department: 'housing-aid', caseId: 'housing-aid-app-2', reasons: ['renting'], programmes: [{ programmeId: 'housing-aid.rental-subsidy', ruleIds: ['programme.tier'] }] },
        { department: 'employment-aid', caseId: 'employment-aid-app-2', reasons: ['registered unemployed'], programmes: [{ programmeId: 'employment-aid.training-subsidy', ruleIds: ['programme.tier', 'programme.memberEligible'] }] },
      ],
      notRouted: [],
      transferDueBy: '2026-11-24',
      provenance: { parameterSetId: 'cn-default', parameterSetVersion: 1, ruleIds: ['programme.tier', 'programme.memberEligible', 'programme.noMemberEmployed', 'deadline.transferWorkingDays'] },
    });
    const [part] = timelinePart([{ type: routed.type, data: routed.data, occurredAt: routed.occurredAt }], { kind: 'department', department: 'housing-aid' } as never);
    expect((part.data as { provenance: { ruleIds: string[] } }).provenance.ruleIds).toEqual(['programme.tier', 'deadline.transferWorkingDays']);
  });
});

describe('need to know: readScopeOf', () => {
  it('gives caseworkers, auditors and admins of the jurisdiction, and the applicant, the whole application', () => {
    for (const p of [staff('caseworker'), staff('auditor'), staff('admin'), staff('admin', '000000')]) expect(readScopeOf(p, dossier, 'someone')).toEqual({ kind: 'whole' });
    expect(readScopeOf({ sub: 'u-1', roles: ['applicant'], jurisdiction: '371600' }, dossier, 'u-1')).toEqual({ kind: 'whole' });
    // The registered jurisdiction counts as well as the one handling it.
    expect(readScopeOf(staff('caseworker', '321323100'), dossier, null)).toEqual({ kind: 'whole' });
  });

  it('gives nobody outside the jurisdiction anything, and no applicant another’s application', () => {
    expect(readScopeOf(staff('caseworker', '371600'), dossier, null)).toBeNull();
    expect(readScopeOf(staff('admin', '371600'), dossier, null)).toBeNull();
    expect(readScopeOf(officer('housing-aid', '371600'), dossier, null)).toBeNull();
    expect(readScopeOf({ sub: 'u-2', roles: ['applicant'], jurisdiction: '321323' }, dossier, 'u-1')).toBeNull();
    expect(readScopeOf({ sub: 'f', roles: ['finance'], jurisdiction: '321323' }, dossier, null)).toBeNull();
  });

  it('gives an officer their department’s part only when the department has a case for it', () => {
    expect(readScopeOf(officer('housing-aid'), dossier, null)).toEqual({ kind: 'department', department: 'housing-aid' });
    expect(readScopeOf(officer('medical-aid'), dossier, null)).toEqual({ kind: 'department', department: 'medical-aid' });
    expect(readScopeOf(officer('employment-aid'), dossier, null)).toBeNull();
    expect(readScopeOf(officer('education-aid'), dossier, null)).toBeNull(); // not routed: only named in notRouted
    expect(readScopeOf(officer(undefined), dossier, null)).toBeNull();
    // Another role of the reader keeps what that role sees.
    expect(readScopeOf({ ...officer('employment-aid'), roles: ['officer', 'auditor'] }, dossier, null)).toEqual({ kind: 'whole' });
  });

  it('lists for officers only their department’s applications', () => {
    expect(listScopeOf(officer('housing-aid'))).toEqual({ kind: 'department', department: 'housing-aid' });
    expect(listScopeOf(officer(undefined))).toBeNull();
    expect(listScopeOf(staff('caseworker'))).toEqual({ kind: 'whole' });
  });
});

const text0 = (x: unknown) => JSON.stringify(x);

describe('need to know: the parts', () => {
  const housing = { kind: 'department', department: 'housing-aid' } as const;

  it('the dossier: the summary and the department’s own case, no other department’s case, reasons or amounts', () => {
    const whole = dossierView(dossier);
    expect(dossierPart(whole, { kind: 'whole' })).toBe(whole);
    const part = dossierPart(whole, housing);
    expect(part).toMatchObject({ applicationId: 'app-1', status: whole.status, tier: 'dibao', jurisdiction: '321323100', version: whole.version, updatedAt: whole.updatedAt });
    expect(part.departments.map((d) => d.department)).toEqual(['housing-aid']);
    expect(part.departments[0]).toEqual(whole.departments.find((d) => (d.department as string) === 'housing-aid'));
    expect(part.notRouted).toEqual([]);
    expect(part.totals).toEqual({ grantedFen: 60_000, paidFen: 0 });
    const text = JSON.stringify(part);
    expect(text).not.toContain('medical-aid');
    expect(text).not.toContain('serious illness');
    expect(text).not.toContain('no student');
    // A past dossier keeps its asOf.
    expect(dossierPart({ ...whole, asOf: '2026-11-20T00:00:00.000Z' }, housing).asOf).toBe('2026-11-20T00:00:00.000Z');
  });

  it('the dossier of an application refused by intake keeps its reasons for the whole scope only', () => {
    const refused = { ...dossierView(dossier), status: 'refused' as const, reasons: ['monthly income 3,000 yuan a person'], appealBy: '2027-01-19' };
    expect(dossierPart(refused, { kind: 'whole' })).toMatchObject({ reasons: refused.reasons });
    expect(dossierPart(refused, housing)).not.toHaveProperty('reasons');
    expect(dossierPart(refused, housing)).not.toHaveProperty('appealBy');
  });

  it('the package: the department’s own programmes, counted', () => {
    const entry = (programmeId: string, department: string, status: 'routed' | 'offer' | 'not_qualified') => ({
      programmeId, name: { zh: programmeId, en: programmeId }, department, category: 'housing', qualifies: status !== 'not_qualified',
      reasons: [`${programmeId} reasons`], ruleIds: [], amount: { kind: 'in_kind' }, status, case: null,
    });
    const pkg = {
      applicationId: 'app-1', catalogue: { id: 'c', version: 1 },
      programmes: [entry('housing-aid.rental-subsidy', 'housing-aid', 'routed'), entry('housing-aid.public-rental-home', 'housing-aid', 'not_qualified'), entry('medical-aid.inpatient', 'medical-aid', 'routed'), entry('education-aid.boarding', 'education-aid', 'not_qualified')],
      counts: { routed: 2, offer: 0, not_qualified: 2 },
    } as unknown as PolicyPackage;
    expect(packagePart(pkg, { kind: 'whole' })).toBe(pkg);
    const part = packagePart(pkg, housing);
    expect(part.programmes.map((p) => p.programmeId)).toEqual(['housing-aid.rental-subsidy', 'housing-aid.public-rental-home']);
    expect(part.counts).toEqual({ routed: 1, offer: 0, not_qualified: 1 });
    expect(part).toMatchObject({ applicationId: 'app-1', catalogue: { id: 'c', version: 1 } });
  });

  it('the notices: the department’s grants and refusals and its own route of the acceptance', () => {
    const timeline = events.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt }));
    expect(timelinePart(timeline, { kind: 'whole' })).toEqual(timeline);
    const part = timelinePart(timeline, housing);
    expect(part.map((e) => e.type)).toEqual(['ApplicationRouted', 'AidGranted']);
    expect((part[0].data as { routes: { department: string }[] }).routes.map((r) => r.department)).toEqual(['housing-aid']);
    const notices = noticesOf(part, 'en');
    expect(notices.map((n) => n.kind)).toEqual(['acceptance', 'grant']);
    expect(notices[0].ruleIds).toEqual(['route.housingAid.x', 'deadline.transferWorkingDays']);
    expect(text0(notices)).not.toMatch(/medical/i);
    const text = JSON.stringify(notices);
    expect(text).toContain('renting 10 m² a person');
    expect(text).not.toContain('residual cost');
    expect(text).not.toContain('serious illness');
    expect(text).not.toContain('no student');
    // A department with no case gets no notice at all.
    expect(timelinePart(timeline, { kind: 'department', department: 'employment-aid' })).toEqual([]);
  });
});
