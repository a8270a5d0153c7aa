import type { AidGranted, ApplicationRouted, EducationAidCaseFile, ReferralIssued } from '@onedoor/contracts';
import { given } from '@onedoor/testing';
import { EducationAidCaseCommand, openCaseFromReferral, openCaseFromRouting } from './commands';
import { educationAidCaseDecider as decider } from './educationAidCase';
import type { EducationAidCaseEvent } from './events';
import type { StudentYearLedgerState } from './studentYearLedger';
import { APPEAL_BY, DUE_BY, member, NOW, params, siyangCaseFile } from './testing/fixtures';

const CASE = 'education-aid-app-siyang';
const when = { now: NOW, dueBy: DUE_BY };
const routed = (caseFile: EducationAidCaseFile = siyangCaseFile()): ApplicationRouted => ({
  applicationId: 'app-siyang',
  routes: [{ department: 'education-aid', caseId: CASE, reasons: ['a member is in school'], caseFile }],
  transferDueBy: '2026-11-24',
  provenance: { parameterSetId: 'ps', parameterSetVersion: 1, ruleIds: [] },
});
const referral: ReferralIssued = {
  caseId: 'ta-1',
  applicationId: 'app-siyang',
  fromDepartment: 'temporary-aid',
  toDepartment: 'education-aid',
  cause: 'schooling',
  caseFile: siyangCaseFile(),
};
const assess = (ledgers: Record<string, StudentYearLedgerState> = {}): EducationAidCaseCommand => ({
  type: 'Assess',
  data: { caseId: CASE, now: NOW, params, ledgers, appealBy: APPEAL_BY },
});
const markPaid = (personRef: string, amountFen: number): EducationAidCaseCommand => ({
  type: 'MarkPaid',
  data: { caseId: CASE, grantId: `${CASE}:${personRef}`, amountFen, budgetId: 'education-aid:2026:321323' },
});

function history(...commands: EducationAidCaseCommand[]): EducationAidCaseEvent[] {
  const events: EducationAidCaseEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
}
const openedWith = (caseFile: EducationAidCaseFile) => history(openCaseFromRouting(routed(caseFile), when));
const grants = (events: EducationAidCaseEvent[]) => events.filter((e) => e.type === 'AidGranted').map((e) => e.data as AidGranted);
const twoStudents = siyangCaseFile({
  tier: 'dibao',
  members: [member('person-mother', { relation: 'self', ageYears: 40 }), member('s-a', { schoolStage: 'primary', boarding: true }), member('s-b', { schoolStage: 'university' })],
});

describe('education-aid case: OpenCase', () => {
  it('opens from ApplicationRouted for the household, where it is registered', () => {
    given(decider)
      .when(openCaseFromRouting(routed(), when))
      .then([
        { type: 'EducationAidCaseFileReceived', data: { caseId: CASE, caseFile: siyangCaseFile(), receivedAt: NOW } },
        {
          type: 'CaseOpened',
          data: { caseId: CASE, applicationId: 'app-siyang', department: 'education-aid', beneficiaryRef: 'person-mother', jurisdiction: '321323100201', dueBy: DUE_BY },
        },
      ]);
  });

  it('opens from ReferralIssued, and whichever comes second is a no-op', () => {
    given(decider)
      .when(openCaseFromReferral(referral, when))
      .then((events) => expect(events[1].data).toMatchObject({ caseId: CASE, referredBy: 'temporary-aid' }));
    given(decider, history(openCaseFromReferral(referral, when))).when(openCaseFromRouting(routed(), when)).then([]);
    given(decider, history(openCaseFromRouting(routed(), when))).when(openCaseFromReferral(referral, when)).then([]);
  });
});

describe('education-aid case: Assess', () => {
  it('worked example 2: the edge household’s sibling in senior secondary school gets 2,000 yuan', () => {
    given(decider, openedWith(siyangCaseFile()))
      .when(assess())
      .then([
        {
          type: 'AidGranted',
          data: {
            caseId: CASE,
            applicationId: 'app-siyang',
            department: 'education-aid',
            grantId: `${CASE}:person-sibling`,
            beneficiaryRef: 'person-sibling',
            amountFen: 200_000,
            programme: 'education-aid',
            jurisdiction: '321323100201',
            fiscalYear: 2026,
            decidedBy: { sub: 'system', role: 'system', level: 'system' },
            reasons: ['student person-sibling, school year 2026-2027: senior secondary school, edge household: 200000 fen a school year'],
            inputs: expect.objectContaining({ tier: 'edge', schoolYear: '2026-2027', schoolStage: 'senior', skippedStudents: [] }),
            provenance: { parameterSetId: 'ps-321323-2026', parameterSetVersion: 2, ruleIds: ['educationAidAmount', 'educationAidOncePerStudentPerSchoolYear'] },
          },
        },
      ]);
  });

  it('grants one AidGranted per student of the household', () => {
    given(decider, openedWith(twoStudents))
      .when(assess())
      .then((events) =>
        expect(grants(events).map((g) => [g.grantId, g.beneficiaryRef, g.amountFen])).toEqual([
          [`${CASE}:s-a`, 's-a', 125_000],
          [`${CASE}:s-b`, 's-b', 500_000],
        ]),
      );
  });

  it('skips a student already aided this school year by another case, with the reason', () => {
    const ledger: StudentYearLedgerState = { status: 'granted', personRef: 's-a', schoolYear: '2026-2027', caseId: 'education-aid-app-0', grantId: 'education-aid-app-0:s-a', amountFen: 125_000 };
    given(decider, openedWith(twoStudents))
      .when(assess({ 's-a': ledger }))
      .then((events) => {
        expect(grants(events).map((g) => g.beneficiaryRef)).toEqual(['s-b']);
        expect(grants(events)[0].inputs.skippedStudents).toEqual([{ personRef: 's-a', reason: expect.stringMatching(/once per student per school year/) }]);
      });
  });

  it('refuses in writing when every student was already aided this school year', () => {
    const ledger: StudentYearLedgerState = { status: 'granted', personRef: 'person-sibling', schoolYear: '2026-2027', caseId: 'x', grantId: 'x:person-sibling', amountFen: 200_000 };
    given(decider, openedWith(siyangCaseFile()))
      .when(assess({ 'person-sibling': ledger }))
      .then((events) => expect(events).toEqual([{ type: 'AidRefused', data: expect.objectContaining({ reasons: [expect.stringMatching(/already received education aid/)], appealBy: APPEAL_BY }) }]));
  });

  it('a student’s grant already made by this case does not block it (idempotent re-check)', () => {
    const own: StudentYearLedgerState = { status: 'granted', personRef: 'person-sibling', schoolYear: '2026-2027', caseId: CASE, grantId: `${CASE}:person-sibling`, amountFen: 200_000 };
    given(decider, openedWith(siyangCaseFile()))
      .when(assess({ 'person-sibling': own }))
      .then((events) => expect(grants(events)).toHaveLength(1));
  });

  it.each(['rigid', 'none'] as const)('refuses a %s household with reasons', (tier) => {
    given(decider, openedWith(siyangCaseFile({ tier })))
      .when(assess())
      .then([
        {
          type: 'AidRefused',
          data: {
            caseId: CASE,
            applicationId: 'app-siyang',
            department: 'education-aid',
            reasons: [`education aid is for tekun, dibao and edge households; this household's tier is ${tier}`],
            appealBy: APPEAL_BY,
            decidedBy: { sub: 'system', role: 'system', level: 'system' },
            inputs: expect.objectContaining({ tier }),
            provenance: expect.objectContaining({ parameterSetId: 'ps-321323-2026' }),
          },
        },
      ]);
  });

  it('refuses when nobody in the household is in school', () => {
    given(decider, openedWith(siyangCaseFile({ members: [member('person-mother', { relation: 'self' })] })))
      .when(assess())
      .then((events) => expect((events[0].data as { reasons: string[] }).reasons).toEqual(['no member of the household is in school (preschool to university)']));
  });

  it('is a no-op once decided, and needs an opened case', () => {
    given(decider, history(openCaseFromRouting(routed(), when), assess())).when(assess()).then([]);
    given(decider).when(assess()).thenFails(/has not been opened/);
  });
});

describe('education-aid case: MarkPaid', () => {
  const granted = () => history(openCaseFromRouting(routed(twoStudents), when), assess());

  it('marks each grant paid once; the case is paid when every grant is', () => {
    given(decider, granted())
      .when(markPaid('s-a', 125_000))
      .then([
        {
          type: 'CasePaid',
          data: { caseId: CASE, applicationId: 'app-siyang', department: 'education-aid', grantId: `${CASE}:s-a`, amountFen: 125_000, budgetId: 'education-aid:2026:321323' },
        },
      ]);
    const half = [...granted(), ...decider.decide(markPaid('s-a', 125_000), given(decider, granted()).state)];
    expect(given(decider, half).state.status).toBe('granted');
    given(decider, half).when(markPaid('s-a', 125_000)).then([]);
    const all = [...half, ...decider.decide(markPaid('s-b', 500_000), given(decider, half).state)];
    expect(given(decider, all).state).toMatchObject({ status: 'paid', grants: [{ budgetId: 'education-aid:2026:321323' }, { budgetId: 'education-aid:2026:321323' }] });
    given(decider, all).when(markPaid('s-b', 500_000)).then([]);
  });

  it('a payment must match a grant', () => {
    given(decider, granted()).when(markPaid('s-c', 125_000)).thenFails(/matches no grant/);
    given(decider, granted()).when(markPaid('s-a', 1)).thenFails(/matches no grant/);
    given(decider, openedWith(twoStudents)).when(markPaid('s-a', 125_000)).thenFails(/no grant to pay/);
  });
});

describe('education-aid case: a case file stored before least data (intake\'s full case file)', () => {
  it('given a case opened from the full case file, when assessed, then the students get the same grants as from the education-aid case file', () => {
    const full = {
      applicationId: 'app-siyang', applicantRef: 'person-mother', householdRef: 'household-siyang', jurisdiction: '321323100',
      registeredJurisdiction: '321323100201', occurredOn: '2026-11-20', causes: ['illness', 'schooling'], urgent: true, tier: 'dibao', perCapitaIncomeFen: 60_000,
      members: [
        { personRef: 'person-mother', relation: 'self', ageYears: 40, schoolStage: null, boarding: false, disability: 'none', seriousIllness: false },
        { personRef: 's-a', relation: 'child', ageYears: 10, schoolStage: 'primary', boarding: true, disability: 'none', seriousIllness: false },
        { personRef: 's-b', relation: 'child', ageYears: 19, schoolStage: 'university', boarding: false, disability: 'none', seriousIllness: false },
      ],
    };
    const stored: EducationAidCaseEvent[] = [
      { type: 'EducationAidCaseFileReceived', data: { caseId: CASE, caseFile: full as unknown as EducationAidCaseFile, receivedAt: NOW } },
      { type: 'CaseOpened', data: { caseId: CASE, applicationId: 'app-siyang', department: 'education-aid', beneficiaryRef: 'person-mother', jurisdiction: '321323100201', dueBy: DUE_BY } },
    ];
    const fromStored = grants(given(decider, stored).when(assess()).then(() => undefined));
    const fromCurrent = grants(given(decider, openedWith(twoStudents)).when(assess()).then(() => undefined));
    expect(fromStored.map((g) => [g.beneficiaryRef, g.amountFen])).toEqual([['s-a', 125_000], ['s-b', 500_000]]);
    expect(fromStored.map((g) => [g.beneficiaryRef, g.amountFen])).toEqual(fromCurrent.map((g) => [g.beneficiaryRef, g.amountFen]));
  });
});
