import type { CaseFile, PublicEvents } from '@onedoor/contracts';
import { holidayCalendar } from '@onedoor/policy';
import { given } from '@onedoor/testing';
import { applicationDecider } from './application';
import type { DepartmentOutcome, FlagMissedDeadline, SettleApplication } from './commands';
import type { IntakeEvent, IntakeEventOf } from './events';
import { RuleViolation } from './rule-violation';
import { BINZHOU, household, member, nightFire, NOW, SIYANG, siyangChain, withParams } from './testing/fixtures';

const submitted = (events: IntakeEvent[]) => (events[0] as IntakeEventOf<'ApplicationSubmitted'>).data;
const second = <T extends IntakeEvent['type']>(events: IntakeEvent[], type: T): PublicEvents[T] => {
  expect(events[1].type).toBe(type);
  return events[1].data as PublicEvents[T];
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
      };
      given(applicationDecider).when(siyangChain()).then([
        {
          type: 'ApplicationSubmitted',
          data: {
            applicationId: 'app-2',
            caseFile,
            submittedAt: NOW,
            tierReasons: [
              'not tekun: no member combines no labour capacity, own income below the standard 800.00 yuan and no supporter able to support',
              'not dibao: per-capita income 800.00 yuan is not below the standard 800.00 yuan',
              'edge: per-capita income 800.00 yuan below 1.5 × standard = 1200.00 yuan',
            ],
            provenance: {
              parameterSetId: 'siyang-321323',
              parameterSetVersion: 1,
              ruleIds: ['tier.highestOnce', 'tier.tekun.noCapacityNoIncomeNoSupporter', 'tier.dibao.incomeBelowStandard', 'tier.edge.incomeBelowEdgeLine'],
            },
          },
        },
        {
          type: 'ApplicationRouted',
          data: {
            applicationId: 'app-2',
            routes: [
              { department: 'temporary-aid', caseId: 'temporary-aid-app-2', reasons: ['temporary aid: urgent cause illness'] },
              { department: 'medical-aid', caseId: 'medical-aid-app-2', reasons: ['medical aid: illness in an edge household'] },
              { department: 'education-aid', caseId: 'education-aid-app-2', reasons: ['education aid: member p-sibling in senior school in an edge household'] },
            ],
            caseFile,
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
        { department: 'temporary-aid', caseId: 'temporary-aid-app-1', reasons: ['temporary aid: urgent cause fire'] },
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
        .then((events) => expect(events[1].type).toBe('ApplicationRouted'));
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
        expect(submitted(events).provenance).toMatchObject({ parameterSetId: 'siyang-321323', parameterSetVersion: 2 });
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

  describe('settlement', () => {
    const routedHistory = () => historyOf(siyangChain());
    const outcome = (department: DepartmentOutcome['department'], status: DepartmentOutcome['status'], grantedFen: number, paidFen: number): DepartmentOutcome => ({
      department, caseId: `${department}-app-2`, status, grantedFen, paidFen,
    });
    const settle = (outcomes: DepartmentOutcome[]): SettleApplication => ({
      type: 'SettleApplication',
      data: { applicationId: 'app-2', outcomes, now: '2026-12-10T02:00:00Z' },
    });
    const allPaid = [
      outcome('temporary-aid', 'paid', 240000, 240000),
      outcome('medical-aid', 'paid', 2220000, 2220000),
      outcome('education-aid', 'paid', 200000, 200000),
    ];

    it('settles when every department has decided and every grant is paid', () => {
      given(applicationDecider, routedHistory()).when(settle(allPaid)).then([
        { type: 'ApplicationSettled', data: { applicationId: 'app-2', grantedFen: 2660000, paidFen: 2660000, settledAt: '2026-12-10T02:00:00Z' } },
      ]);
    });

    it('counts a refused department as decided', () => {
      given(applicationDecider, routedHistory())
        .when(settle([allPaid[0], allPaid[1], outcome('education-aid', 'refused', 0, 0)]))
        .then((events) => expect(events[0].data).toMatchObject({ grantedFen: 2460000, paidFen: 2460000 }));
    });

    it('not while a department has not decided or a grant is unpaid', () => {
      given(applicationDecider, routedHistory()).when(settle(allPaid.slice(0, 2))).thenFails(/no outcome yet for case education-aid-app-2/);
      given(applicationDecider, routedHistory())
        .when(settle([...allPaid.slice(0, 2), outcome('education-aid', 'awaiting_funds', 200000, 0)]))
        .thenFails(/is awaiting_funds, not decided and paid/);
      given(applicationDecider, routedHistory())
        .when(settle([...allPaid.slice(0, 2), outcome('education-aid', 'paid', 200000, 100000)]))
        .thenFails(/paid 100000 fen of 200000 fen granted/);
    });

    it('settles once', () => {
      given(applicationDecider, historyOf(siyangChain(), settle(allPaid))).when(settle(allPaid)).then([]);
    });

    it('not a refused or unknown application', () => {
      given(applicationDecider).when(settle(allPaid)).thenFails(/was not submitted/);
      const refused = historyOf(nightFire({ applicationId: 'app-2', priorTemporaryAid: [{ cause: 'fire', year: 2026 }] }));
      given(applicationDecider, refused).when(settle(allPaid)).thenFails(/a refusal is final/);
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
        { type: 'ApplicationSettled', data: { applicationId: 'app-2', grantedFen: 0, paidFen: 0, settledAt: NOW } } as IntakeEvent,
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
