import type { CaseFile, EducationAidCaseFile, MedicalAidCaseFile, PublicEvents } from '@onedoor/contracts';
import { holidayCalendar } from '@onedoor/policy';
import { given } from '@onedoor/testing';
import { applicationDecider } from './application';
import type { DepartmentFact, FlagMissedDeadline, RecordDepartmentOutcomes } from './commands';
import type { IntakeEvent, IntakeEventOf } from './events';
import { RuleViolation } from './rule-violation';
import { BINZHOU, household, member, nightFire, NOW, SIYANG, siyangChain, withParams } from './testing/fixtures';

/** The full case file and tier reasons (HouseholdAssessed, private to intake). */
const submitted = (events: IntakeEvent[]) => {
  expect(events[0].type).toBe('ApplicationSubmitted');
  expect(events[1].type).toBe('HouseholdAssessed');
  return (events[1] as IntakeEventOf<'HouseholdAssessed'>).data;
};
/** The decision that follows the submission (ApplicationRouted or ApplicationRefused). */
const second = <T extends keyof PublicEvents>(events: IntakeEvent[], type: T): PublicEvents[T] => {
  expect(events[2].type).toBe(type);
  return events[2].data as PublicEvents[T];
};
/** The events a command produced, to build the history of the next test. */
const historyOf = (...commands: Parameters<typeof applicationDecider.decide>[0][]) =>
  commands.reduce<IntakeEvent[]>((events, c) => [...events, ...given(applicationDecider, events).when(c).then(() => undefined)], []);

describe('intake application decider', () => {
  describe('worked example 2: the Siyang chain', () => {
    it('submits as edge and routes to temporary aid, medical aid and education aid', () => {
      const caseFile: CaseFile = {
        applicationId: 'app-2',
        applicantRef: 'p-mother',
        householdRef: 'h-1',
        jurisdiction: '321323100',
        registeredJurisdiction: '321323100201',
        occurredOn: '2026-11-18',
        causes: ['illness'],
        urgent: true,
        tier: 'edge',
        perCapitaIncomeFen: 80000,
        members: [
          { personRef: 'p-mother', relation: 'self', ageYears: 40, schoolStage: null, boarding: false, disability: 'none', seriousIllness: false },
          { personRef: 'p-child', relation: 'child', ageYears: 6, schoolStage: null, boarding: false, disability: 'none', seriousIllness: true },
          { personRef: 'p-sibling', relation: 'child', ageYears: 16, schoolStage: 'senior', boarding: false, disability: 'none', seriousIllness: false },
        ],
        medical: { patientRef: 'p-child', residualCostFen: 4000000 },
        economicCheck: true,
      };
      // What medical aid needs: the patient, the residual cost, the tier, where the household is registered.
      const medicalAid: MedicalAidCaseFile = {
        applicationId: 'app-2', applicantRef: 'p-mother', registeredJurisdiction: '321323100201', causes: ['illness'], tier: 'edge',
        medical: { patientRef: 'p-child', residualCostFen: 4000000 },
      };
      // What education aid needs: the students' stage and boarding, the tier.
      const educationAid: EducationAidCaseFile = {
        applicationId: 'app-2', applicantRef: 'p-mother', registeredJurisdiction: '321323100201', causes: ['illness'], tier: 'edge',
        students: [{ personRef: 'p-sibling', schoolStage: 'senior', boarding: false }],
      };
      given(applicationDecider).when(siyangChain()).then([
        {
          type: 'ApplicationSubmitted',
          data: {
            applicationId: 'app-2',
            caseFile: {
              applicationId: 'app-2', applicantRef: 'p-mother', householdRef: 'h-1', jurisdiction: '321323100', registeredJurisdiction: '321323100201',
              occurredOn: '2026-11-18', causes: ['illness'], urgent: true, tier: 'edge', economicCheck: true,
            },
            submittedAt: NOW,
            provenance: {
              parameterSetId: 'siyang-321323',
              parameterSetVersion: 1,
              ruleIds: ['tier.highestOnce', 'tier.tekun.noCapacityNoIncomeNoSupporter', 'tier.dibao.incomeBelowStandard', 'tier.edge.incomeBelowEdgeLine'],
            },
          },
        },
        {
          type: 'HouseholdAssessed',
          data: {
            applicationId: 'app-2',
            caseFile,
            tierReasons: [
              'not tekun: no member combines no labour capacity, own income below the standard 800.00 yuan and no supporter able to support',
              'not dibao: per-capita income 800.00 yuan is not below the standard 800.00 yuan',
              'edge: per-capita income 800.00 yuan below 1.5 × standard = 1200.00 yuan',
            ],
          },
        },
        {
          type: 'ApplicationRouted',
          data: {
            applicationId: 'app-2',
            routes: [
              {
                department: 'temporary-aid', caseId: 'temporary-aid-app-2', reasons: ['temporary aid: urgent cause illness'],
                // Urgency, tier and causes for the track; the medical-aid file to pass on after emergency aid.
                caseFile: {
                  applicationId: 'app-2', applicantRef: 'p-mother', jurisdiction: '321323100', causes: ['illness'], urgent: true, tier: 'edge',
                  economicCheck: true, referrals: { 'medical-aid': medicalAid },
                },
              },
              { department: 'medical-aid', caseId: 'medical-aid-app-2', reasons: ['medical aid: illness in an edge household'], caseFile: medicalAid },
              {
                department: 'education-aid', caseId: 'education-aid-app-2', reasons: ['education aid: member p-sibling in senior school in an edge household'],
                caseFile: educationAid,
              },
            ],
            notRouted: [],
            transferDueBy: '2026-11-24', // Friday + 2 working days
            provenance: {
              parameterSetId: 'siyang-321323',
              parameterSetVersion: 1,
              ruleIds: [
                'route.temporaryAid.urgentCause',
                'route.temporaryAid.oncePerCausePerYear',
                'route.medicalAid.illnessInAssistedTier',
                'route.educationAid.studentInAssistedHousehold',
                'deadline.transferWorkingDays',
              ],
            },
          },
        },
      ]);
    });

    it('counts the transfer deadline on the holiday calendar it is given', () => {
      const local = holidayCalendar('test', { 2026: { holidays: ['2026-11-23'], makeUpWorkdays: [] } });
      const routed = second(given(applicationDecider).when(siyangChain({ calendar: local })).then(() => undefined), 'ApplicationRouted');
      expect(routed.transferDueBy).toBe('2026-11-25');
    });
  });

  it('worked example 1: a migrant worker’s night fire goes to temporary aid where it happened', () => {
    given(applicationDecider).when(nightFire()).then((events) => {
      expect(submitted(events).caseFile).toMatchObject({ tier: 'none', perCapitaIncomeFen: 450000, jurisdiction: '321323100', registeredJurisdiction: '510122100201' });
      expect(second(events, 'ApplicationRouted').routes).toEqual([
        {
          department: 'temporary-aid', caseId: 'temporary-aid-app-1', reasons: ['temporary aid: urgent cause fire'],
          caseFile: { applicationId: 'app-1', applicantRef: expect.any(String), jurisdiction: '321323100', causes: ['fire'], urgent: true, tier: 'none', economicCheck: true },
        },
      ]);
    });
  });

  describe('refusal', () => {
    const unemployed = () => nightFire({ incident: { jurisdiction: '321323100', occurredOn: '2026-11-19', causes: ['unemployment'], urgent: false } });

    it('is written with reasons and the appeal deadline 60 calendar days on', () => {
      // not an emergency: handled where registered, so Siyang residents only
      const command = unemployed();
      command.data.household.registeredJurisdiction = '321323100201';
      given(applicationDecider).when(command).then((events) => {
        const refused = second(events, 'ApplicationRefused');
        expect(refused.appealBy).toBe('2027-01-19');
        expect(refused.reasons).toEqual([
          'no department can help with this application',
          'temporary aid: no fire, accident, disaster or sudden (urgent) illness',
          'medical aid: no illness or medical costs stated',
          'education aid: no member in school and schooling is not a cause',
          'not tekun: no member combines no labour capacity, own income below the standard 800.00 yuan and no supporter able to support',
          'not dibao: per-capita income 4500.00 yuan is not below the standard 800.00 yuan',
          'not edge: per-capita income 4500.00 yuan is not below 1.5 × standard = 1200.00 yuan',
          "not rigid expenditure: per-capita income 4500.00 yuan is not below last year's per-capita disposable income 2500.00 yuan",
          'you may apply for administrative reconsideration within 60 days, by 2027-01-19',
        ]);
        expect(refused.provenance.ruleIds).toEqual(expect.arrayContaining(['refusal.writtenWithReasonsAndAppealWindow', 'tier.none.noTierApplies']));
      });
    });

    it('a second temporary-aid request for the same fire in the same year (worked example 3)', () => {
      given(applicationDecider)
        .when(nightFire({ priorTemporaryAid: [{ cause: 'fire', year: 2026 }] }))
        .then((events) => expect(second(events, 'ApplicationRefused').reasons[1]).toMatch(/already received in 2026 for fire.*unless the county grants an exception/));
      given(applicationDecider)
        .when(nightFire({ priorTemporaryAid: [{ cause: 'fire', year: 2026 }], temporaryAidExceptionGranted: true }))
        .then((events) => expect(events[2].type).toBe('ApplicationRouted'));
    });
  });

  describe('idempotency (worked example 3)', () => {
    it('the same application submitted twice is one application', () => {
      given(applicationDecider, historyOf(siyangChain())).when(siyangChain({ now: '2026-11-20T03:00:00Z' })).then([]);
    });

    it('another application under a used id is a violation', () => {
      const other = siyangChain();
      other.data.incident = { ...other.data.incident, causes: ['illness', 'schooling'] };
      given(applicationDecider, historyOf(siyangChain())).when(other).thenFails(/already submitted with other data/);
    });
  });

  describe('consent and parameters', () => {
    it('needs the economic check authorised, except for emergency aid', () => {
      const e = given(applicationDecider).when(siyangChain({ consent: { economicCheck: false, dataSharing: true }, incident: { ...siyangChain().data.incident, urgent: false } })).thenFails(RuleViolation);
      expect((e as RuleViolation).rule).toBe('consent.economicCheckRequired');

      given(applicationDecider).when(siyangChain({ consent: { economicCheck: false, dataSharing: true } })).then((events) => {
        expect(submitted(events).caseFile.tier).toBe('none');
        expect(second(events, 'ApplicationRouted').routes.map((r) => r.department)).toEqual(['temporary-aid']);
      });
    });

    it('an urgent fire without the economic check goes to emergency aid only, the other departments told why not (policy-rules §4)', () => {
      const fire = nightFire({ consent: { economicCheck: false, dataSharing: true } });
      fire.data.household.members[0] = { ...fire.data.household.members[0], schoolStage: 'university' };
      fire.data.incident = { ...fire.data.incident, causes: ['fire', 'illness'], medical: { patientRef: 'p-worker', residualCostFen: 500000 } };
      given(applicationDecider).when(fire).then((events) => {
        expect(submitted(events).caseFile).toMatchObject({ tier: 'none', economicCheck: false });
        const routed = second(events, 'ApplicationRouted');
        expect(routed.routes.map(({ caseFile: _caseFile, ...route }) => route)).toEqual([
          {
            department: 'temporary-aid',
            caseId: 'temporary-aid-app-1',
            reasons: [
              'temporary aid: urgent cause fire, illness',
              'emergency aid only: the economic check was not authorised, so small fast aid (小额快救), which needs none',
            ],
          },
        ]);
        expect(routed.notRouted).toEqual([
          { department: 'medical-aid', reasons: ['medical aid: needs the household economic check, which was not authorised'] },
          { department: 'education-aid', reasons: ['education aid: needs the household economic check, which was not authorised'] },
        ]);
        expect(routed.provenance.ruleIds).toContain('consent.economicCheckMissing.emergencyOnly');
      });
    });

    it('refuses a parameter set of another jurisdiction or out of force', () => {
      const wrongPlace = given(applicationDecider).when(siyangChain({ parameterSet: BINZHOU })).thenFails(RuleViolation) as RuleViolation;
      expect(wrongPlace.rule).toBe('policy.parameterSetJurisdiction');
      const expired = { ...SIYANG, validTo: '2026-06-30' };
      given(applicationDecider).when(siyangChain({ parameterSet: expired })).thenFails(/not in force on 2026-11-20/);
    });

    it('records the parameter set and version it decided with', () => {
      const v2 = { ...withParams(SIYANG, { dibaoStandardFen: 90000 }), version: 2 };
      given(applicationDecider).when(siyangChain({ parameterSet: v2 })).then((events) => {
        expect(submitted(events).caseFile.tier).toBe('dibao'); // 800 < 900
        expect((events[0] as IntakeEventOf<'ApplicationSubmitted'>).data.provenance).toMatchObject({ parameterSetId: 'siyang-321323', parameterSetVersion: 2 });
      });
    });

    it('marks a member covered alone (单人保) in the case file', () => {
      const command = siyangChain({ parameterSet: BINZHOU });
      command.data.household.registeredJurisdiction = '371602001001';
      command.data.incident = { ...command.data.incident, jurisdiction: '371602001' };
      given(applicationDecider).when(command).then((events) => {
        expect(submitted(events).caseFile.members.filter((m) => m.coveredAlone).map((m) => m.personRef)).toEqual(['p-child']);
      });
    });
  });

  describe('input rules', () => {
    const fails = (mutate: (c: ReturnType<typeof siyangChain>) => void, rule: string) => {
      const command = siyangChain();
      mutate(command);
      expect((given(applicationDecider).when(command).thenFails(RuleViolation) as RuleViolation).rule).toBe(rule);
    };
    it.each([
      ['household.atLeastOneMember', (c) => (c.data.household.members = [])],
      ['household.memberOnce', (c) => (c.data.household.members[1].personRef = 'p-mother')],
      ['money.integerFen', (c) => (c.data.household.members[0].monthlyIncomeFen = 2400.5)],
      ['money.integerFen', (c) => (c.data.household.assets.depositsFen = -1)],
      ['incident.causeRequired', (c) => (c.data.incident.causes = [])],
      ['incident.notInFuture', (c) => (c.data.incident.occurredOn = '2026-11-21')],
      ['jurisdiction.divisionCode', (c) => (c.data.incident.jurisdiction = '3213')],
      ['medical.patientIsMember', (c) => (c.data.incident.medical = { patientRef: 'p-neighbour', residualCostFen: 1 })],
    ] as [string, (c: ReturnType<typeof siyangChain>) => void][])('%s', (rule, mutate) => fails(mutate, rule));
  });

  describe('department outcomes and settlement', () => {
    const routedHistory = () => historyOf(siyangChain());
    let n = 0;
    const fact = (department: DepartmentFact['department'], outcome: DepartmentFact['outcome'], more: Partial<DepartmentFact> = {}): DepartmentFact => ({
      department, caseId: `${department}-app-2`, outcome, sourceEventId: `e-${++n}`, ...more,
    });
    const granted = (department: DepartmentFact['department'], amountFen: number, grantId = `${department}-app-2:1`) => fact(department, 'granted', { grantId, amountFen });
    const paid = (department: DepartmentFact['department'], amountFen: number, grantId = `${department}-app-2:1`) => fact(department, 'paid', { grantId, amountFen });
    const refused = (department: DepartmentFact['department']) => fact(department, 'refused', { reasons: [`${department}: not eligible`], appealBy: '2027-02-08' });
    const record = (...facts: DepartmentFact[]): RecordDepartmentOutcomes => ({
      type: 'RecordDepartmentOutcomes',
      data: { applicationId: 'app-2', facts, now: '2026-12-10T02:00:00Z' },
    });
    const recorded = (f: DepartmentFact): IntakeEvent => ({ type: 'DepartmentOutcomeRecorded', data: { applicationId: 'app-2', ...f } });
    const allPaid = () => [
      granted('temporary-aid', 240000), paid('temporary-aid', 240000),
      granted('medical-aid', 2220000), paid('medical-aid', 2220000),
      granted('education-aid', 200000), paid('education-aid', 200000),
    ];

    it('records each department fact and settles as granted when every department decided and every grant is paid', () => {
      const facts = allPaid();
      given(applicationDecider, routedHistory()).when(record(...facts)).then([
        ...facts.map(recorded),
        { type: 'ApplicationSettled', data: { applicationId: 'app-2', outcome: 'granted', grantedFen: 2660000, paidFen: 2660000, settledAt: '2026-12-10T02:00:00Z' } },
      ]);
    });

    it('settles as refused when every routed department refused', () => {
      const facts = [refused('temporary-aid'), refused('medical-aid'), refused('education-aid')];
      given(applicationDecider, routedHistory()).when(record(...facts)).then([
        ...facts.map(recorded),
        { type: 'ApplicationSettled', data: { applicationId: 'app-2', outcome: 'refused', grantedFen: 0, paidFen: 0, settledAt: '2026-12-10T02:00:00Z' } },
      ]);
    });

    it('settles as granted when one department granted and paid and the others refused', () => {
      given(applicationDecider, historyOf(siyangChain(), record(refused('temporary-aid'), refused('medical-aid'))))
        .when(record(granted('education-aid', 200000), paid('education-aid', 200000)))
        .then((events) => expect(events[2].data).toEqual({ applicationId: 'app-2', outcome: 'granted', grantedFen: 200000, paidFen: 200000, settledAt: '2026-12-10T02:00:00Z' }));
    });

    it('counts every grant of a department (two students) and waits for each to be paid', () => {
      const twoStudents = [granted('education-aid', 200000, 'g-a'), granted('education-aid', 125000, 'g-b'), paid('education-aid', 200000, 'g-a')];
      const history = historyOf(siyangChain(), record(refused('temporary-aid'), refused('medical-aid'), ...twoStudents));
      expect(given(applicationDecider, history).state.status).toBe('routed');
      given(applicationDecider, history)
        .when(record(paid('education-aid', 125000, 'g-b')))
        .then((events) => expect(events.at(-1)!.data).toMatchObject({ outcome: 'granted', grantedFen: 325000, paidFen: 325000 }));
    });

    it('not while a department has not decided, a grant is unpaid, or a referred department has not decided', () => {
      const twoDecided = allPaid().slice(0, 4);
      given(applicationDecider, routedHistory()).when(record(...twoDecided)).then(twoDecided.map(recorded));
      given(applicationDecider, routedHistory())
        .when(record(...twoDecided, granted('education-aid', 200000)))
        .then((events) => expect(events.map((e) => e.type)).not.toContain('ApplicationSettled'));
      // the night fire goes to temporary aid only; its referral to medical aid makes intake wait for medical aid too
      const referral = fact('medical-aid', 'referred');
      given(applicationDecider, historyOf(nightFire({ applicationId: 'app-2' })))
        .when(record(referral, refused('temporary-aid')))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['DepartmentOutcomeRecorded', 'DepartmentOutcomeRecorded']));
      given(applicationDecider, historyOf(nightFire({ applicationId: 'app-2' }), record(referral, refused('temporary-aid'))))
        .when(record(refused('medical-aid')))
        .then((events) => expect(events.at(-1)!.data).toMatchObject({ outcome: 'refused' }));
    });

    it('records a fact once and settles once', () => {
      const facts = allPaid();
      given(applicationDecider, historyOf(siyangChain(), record(...facts.slice(0, 2)))).when(record(...facts.slice(0, 2))).then([]);
      given(applicationDecider, historyOf(siyangChain(), record(...facts))).when(record(refused('medical-aid'))).then([]);
    });

    it('not for an unknown application; an application refused at intake has no departments to hear from', () => {
      given(applicationDecider).when(record(refused('medical-aid'))).thenFails(/was not submitted/);
      const refusedAtIntake = historyOf(nightFire({ applicationId: 'app-2', priorTemporaryAid: [{ cause: 'fire', year: 2026 }] }));
      given(applicationDecider, refusedAtIntake).when(record(refused('medical-aid'))).then([]);
    });

    it('rejects a grant without integer fen', () => {
      given(applicationDecider, routedHistory()).when(record(granted('medical-aid', 2220000.5))).thenFails(/non-negative integer fen/);
    });

    it('reads a version 1 ApplicationSettled (no outcome) by its grantedFen', () => {
      const v1 = (grantedFen: number) => [...routedHistory(), { type: 'ApplicationSettled', data: { applicationId: 'app-2', grantedFen, paidFen: grantedFen, settledAt: NOW } } as IntakeEvent];
      expect(given(applicationDecider, v1(0)).state).toMatchObject({ status: 'settled', outcome: 'refused' });
      expect(given(applicationDecider, v1(240000)).state).toMatchObject({ status: 'settled', outcome: 'granted' });
    });
  });

  describe('missed deadlines', () => {
    const flag = (data: Partial<FlagMissedDeadline['data']>): FlagMissedDeadline => ({
      type: 'FlagMissedDeadline',
      data: { applicationId: 'app-2', deadline: 'transfer', now: '2026-11-25T01:00:00Z', ...data },
    });

    it('escalates a missed transfer to the county above the township', () => {
      given(applicationDecider, historyOf(siyangChain())).when(flag({ caseId: 'medical-aid-app-2' })).then([
        {
          type: 'DeadlineMissed',
          data: { applicationId: 'app-2', caseId: 'medical-aid-app-2', service: 'intake', deadline: 'transfer', dueBy: '2026-11-24', escalatedTo: '321323' },
        },
      ]);
    });

    it('not before the end of the due day', () => {
      given(applicationDecider, historyOf(siyangChain())).when(flag({ now: '2026-11-24T15:00:00Z' })).thenFails(/has not passed/);
    });

    it('a department case due 2026-12-22 is missed at 01:00 Beijing time on the 23rd (2026-12-22T17:00Z), not yet at 23:59 on the 22nd', () => {
      const due = { deadline: 'ordinary_decision' as const, service: 'medical-aid' as const, caseId: 'medical-aid-app-2', dueBy: '2026-12-22' };
      given(applicationDecider, historyOf(siyangChain()))
        .when(flag({ ...due, now: '2026-12-22T17:00:00Z' }))
        .then((events) => expect(events).toEqual([{ type: 'DeadlineMissed', data: { applicationId: 'app-2', ...due, escalatedTo: '321323' } }]));
      given(applicationDecider, historyOf(siyangChain())).when(flag({ ...due, now: '2026-12-22T15:59:59Z' })).thenFails(/has not passed/);
    });

    it('flags each deadline once', () => {
      const history = historyOf(siyangChain(), flag({ caseId: 'medical-aid-app-2' }));
      given(applicationDecider, history).when(flag({ caseId: 'medical-aid-app-2', now: '2026-11-26T01:00:00Z' })).then([]);
      given(applicationDecider, history).when(flag({ caseId: 'education-aid-app-2' })).then((events) => expect(events).toHaveLength(1));
    });

    it('records a department’s deadline with its due date', () => {
      given(applicationDecider, historyOf(siyangChain()))
        .when(flag({ deadline: 'small_fast_payment', service: 'temporary-aid', caseId: 'temporary-aid-app-2', dueBy: '2026-11-23' }))
        .then((events) => expect(events[0].data).toMatchObject({ service: 'temporary-aid', deadline: 'small_fast_payment', dueBy: '2026-11-23' }));
      given(applicationDecider, historyOf(siyangChain())).when(flag({ deadline: 'township_decision' })).thenFails(/needs dueBy/);
    });

    it('rejects an unknown case and ignores a timer after settlement', () => {
      given(applicationDecider, historyOf(siyangChain())).when(flag({ caseId: 'medical-aid-app-9' })).thenFails(/not a case of application app-2/);
      const settled = [
        ...historyOf(siyangChain()),
        { type: 'ApplicationSettled', data: { applicationId: 'app-2', outcome: 'refused', grantedFen: 0, paidFen: 0, settledAt: NOW } } as IntakeEvent,
      ];
      given(applicationDecider, settled).when(flag({})).then([]);
    });
  });

  it('rebuilds state from its events', () => {
    const state = given(applicationDecider, historyOf(siyangChain())).state;
    expect(state).toMatchObject({ status: 'routed', applicationId: 'app-2', transferDueBy: '2026-11-24' });
    expect(given(applicationDecider, historyOf(nightFire({ household: household([member('p-worker')]), priorTemporaryAid: [{ cause: 'fire', year: 2026 }] }))).state)
      .toMatchObject({ status: 'refused', appealBy: '2027-01-19' });
  });
});
