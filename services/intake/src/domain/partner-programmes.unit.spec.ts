import { fieldsOutsideAllowList, type ApplicationRouted } from '@onedoor/contracts';
import { SIYANG_CATALOGUE_2025 } from '@onedoor/policy';
import { given } from '@onedoor/testing';
import { applicationDecider } from './application';
import type { DepartmentFact, SubmitApplication } from './commands';
import type { IntakeEvent, IntakeEventOf } from './events';
import { departmentFactOf } from './settle-application';
import { household, member, NOW, siyangChain, SIYANG } from './testing/fixtures';

/** The flood family: the father lost his job, the son is in junior school, dibao, the home collapsed. */
function floodFamily(): SubmitApplication {
  return {
    type: 'SubmitApplication',
    data: {
      applicationId: 'app-flood',
      applicantRef: 'p-father',
      household: household(
        [
          member('p-father', { ageYears: 42, monthlyIncomeFen: 60000, employment: 'registered_unemployed' }),
          member('p-mother', { relation: 'spouse', ageYears: 40, employment: 'unable_to_work' }),
          member('p-son', { relation: 'child', ageYears: 13, schoolStage: 'junior' }),
        ],
        { householdRef: 'h-flood' },
      ),
      incident: { jurisdiction: '321323100', occurredOn: '2026-11-18', causes: ['disaster', 'unemployment'], urgent: true, disaster: { kind: 'flood', homeDamage: 'collapsed' } },
      consent: { economicCheck: true, dataSharing: true },
      parameterSet: SIYANG,
      catalogue: SIYANG_CATALOGUE_2025,
      now: NOW,
    },
  };
}

const routedOf = (events: IntakeEvent[]) => events.find((e) => e.type === 'ApplicationRouted')!.data as ApplicationRouted;
const historyOf = (command: SubmitApplication) => given(applicationDecider).when(command).then(() => undefined);

describe('submitting by the catalogue in force', () => {
  it('routes the flood family to five departments, each with its least-data case file and programmes, and records every programme assessed', () => {
    given(applicationDecider).when(floodFamily()).then((events) => {
      const routed = routedOf(events);
      expect(routed.routes.map((r) => r.department)).toEqual(['temporary-aid', 'education-aid', 'housing-aid', 'employment-aid', 'disaster-aid']);
      for (const r of routed.routes) expect(fieldsOutsideAllowList(r.department, r.caseFile)).toEqual([]);
      expect(routed.routes.find((r) => r.department === 'employment-aid')!.caseFile).toEqual({
        applicationId: 'app-flood', applicantRef: 'p-father', registeredJurisdiction: '321323100201', tier: 'dibao',
        jobSeekers: [{ personRef: 'p-father', employment: 'registered_unemployed' }], noMemberEmployed: true,
      });
      expect(routed.routes.find((r) => r.department === 'disaster-aid')!.caseFile).toEqual({
        applicationId: 'app-flood', applicantRef: 'p-father', jurisdiction: '321323100', occurredOn: '2026-11-18', householdSize: 3, disaster: { kind: 'flood', homeDamage: 'collapsed' },
      });
      expect(routed.notRouted).toEqual([{ department: 'medical-aid', reasons: ['medical aid: no illness or medical costs stated'] }]);
      const assessed = events[events.length - 1] as IntakeEventOf<'ProgrammesAssessed'>;
      expect(assessed.type).toBe('ProgrammesAssessed');
      expect(assessed.data).toMatchObject({ catalogueId: 'siyang-321323-catalogue', catalogueVersion: 1 });
      expect(assessed.data.programmes.map((p) => [p.programmeId, p.qualifies, p.routed])).toEqual([
        ['temporary-aid.temporary-aid', true, true],
        ['medical-aid.residual-cost', false, false],
        ['education-aid.student-aid', true, true],
        ['housing-aid.rental-subsidy', false, false],
        ['housing-aid.public-rental-home', false, false],
        ['housing-aid.dilapidated-home-renovation', true, true],
        ['employment-aid.public-welfare-job', true, true],
        ['employment-aid.training-subsidy', true, true],
        ['employment-aid.job-subsidy', true, true],
        ['disaster-aid.transitional-living', true, true],
        ['disaster-aid.winter-spring-living', true, true],
        ['disaster-aid.home-rebuilding', true, true],
      ]);
    });
  });

  it('keeps the case file facts: housing, disaster, each member’s employment', () => {
    given(applicationDecider).when(floodFamily()).then((events) => {
      const { caseFile } = (events[1] as IntakeEventOf<'HouseholdAssessed'>).data;
      expect(caseFile.disaster).toEqual({ kind: 'flood', homeDamage: 'collapsed' });
      expect(caseFile.members.map((m) => m.employment)).toEqual(['registered_unemployed', 'unable_to_work', undefined]);
    });
  });

  it('the Siyang chain routes as before, its routes now naming their programmes', () => {
    const without = routedOf(historyOf(siyangChain()));
    const withCatalogue = routedOf(historyOf(siyangChain({ catalogue: SIYANG_CATALOGUE_2025 })));
    expect(withCatalogue.routes.map(({ programmes: _p, ...r }) => r)).toEqual(without.routes);
    expect(withCatalogue.notRouted).toEqual(without.notRouted);
    expect(withCatalogue.routes.map((r) => r.programmes?.map((p) => p.programmeId))).toEqual([['temporary-aid.temporary-aid'], ['medical-aid.residual-cost'], ['education-aid.student-aid']]);
  });
});

describe('settling with partner departments', () => {
  const submitted = () => historyOf(floodFamily());
  const fact = (f: Partial<DepartmentFact> & Pick<DepartmentFact, 'department' | 'outcome'>, n: number): DepartmentFact => ({
    caseId: `${f.department}-app-flood`, sourceEventId: `e-${n}`, ...f,
  });
  const record = (facts: DepartmentFact[]) => ({ type: 'RecordDepartmentOutcomes' as const, data: { applicationId: 'app-flood', facts, now: NOW } });
  const ruleDepartmentsPaid = [
    fact({ department: 'temporary-aid', outcome: 'granted', grantId: 'g-t', amountFen: 80000 }, 1),
    fact({ department: 'temporary-aid', outcome: 'paid', grantId: 'g-t', amountFen: 80000 }, 2),
    fact({ department: 'education-aid', outcome: 'granted', grantId: 'g-e', amountFen: 75000 }, 3),
    fact({ department: 'education-aid', outcome: 'paid', grantId: 'g-e', amountFen: 75000 }, 4),
    fact({ department: 'housing-aid', outcome: 'granted', grantId: 'g-h', amountFen: 2000000, programmeId: 'housing-aid.dilapidated-home-renovation', paidBy: 'department' }, 5),
    fact({ department: 'disaster-aid', outcome: 'refused', reasons: ['already housed'], programmeId: 'disaster-aid.transitional-living' }, 6),
    fact({ department: 'disaster-aid', outcome: 'granted', grantId: 'g-d1', amountFen: 300000, programmeId: 'disaster-aid.winter-spring-living' }, 7),
    fact({ department: 'disaster-aid', outcome: 'paid', grantId: 'g-d1', amountFen: 300000 }, 8),
    fact({ department: 'disaster-aid', outcome: 'refused', reasons: ['renovation by housing aid'], programmeId: 'disaster-aid.home-rebuilding' }, 9),
  ];

  it('an in-kind grant needs no payment; a department-paid grant waits for its CasePaid; a partner case is decided when each programme is', () => {
    const employment = [
      fact({ department: 'employment-aid', outcome: 'granted', grantId: 'g-job', amountFen: 0, programmeId: 'employment-aid.public-welfare-job', paidBy: 'in_kind' }, 10),
      fact({ department: 'employment-aid', outcome: 'refused', reasons: ['in work now'], programmeId: 'employment-aid.training-subsidy' }, 11),
    ];
    const settledBy = (events: IntakeEvent[]) => events.find((e) => e.type === 'ApplicationSettled');
    // The job subsidy is still open: not settled.
    expect(settledBy(given(applicationDecider, submitted()).when(record([...ruleDepartmentsPaid, ...employment])).then(() => undefined))).toBeUndefined();
    const all = [...ruleDepartmentsPaid, ...employment, fact({ department: 'employment-aid', outcome: 'refused', reasons: ['in work now'], programmeId: 'employment-aid.job-subsidy' }, 12)];
    // The housing grant is paid by the department's own system: not settled until its CasePaid.
    expect(settledBy(given(applicationDecider, submitted()).when(record(all)).then(() => undefined))).toBeUndefined();
    const paid = fact({ department: 'housing-aid', outcome: 'paid', grantId: 'g-h', amountFen: 2000000 }, 13);
    const settled = settledBy(given(applicationDecider, submitted()).when(record([...all, paid])).then(() => undefined));
    expect(settled?.data).toEqual({ applicationId: 'app-flood', outcome: 'granted', grantedFen: 80000 + 75000 + 2000000 + 300000, paidFen: 80000 + 75000 + 2000000 + 300000, settledAt: NOW });
  });
});

describe('department facts of partner events', () => {
  it('AidGranted and AidRefused keep the programme and who pays', () => {
    const granted = { eventId: 'e-1', type: 'AidGranted', data: { department: 'employment-aid', caseId: 'c', grantId: 'g', amountFen: 0, programmeId: 'employment-aid.public-welfare-job', paidBy: 'in_kind' } };
    expect(departmentFactOf(granted)).toEqual({
      department: 'employment-aid', caseId: 'c', outcome: 'granted', grantId: 'g', amountFen: 0, sourceEventId: 'e-1', programmeId: 'employment-aid.public-welfare-job', paidBy: 'in_kind',
    });
    const refused = { eventId: 'e-2', type: 'AidRefused', data: { department: 'disaster-aid', caseId: 'c', reasons: ['no'], appealBy: '2027-01-01', programmeId: 'disaster-aid.home-rebuilding' } };
    expect(departmentFactOf(refused)).toMatchObject({ outcome: 'refused', programmeId: 'disaster-aid.home-rebuilding' });
    // Events of the three rule departments give the facts they always gave.
    expect(departmentFactOf({ eventId: 'e-3', type: 'AidGranted', data: { department: 'temporary-aid', caseId: 'c', grantId: 'g', amountFen: 80000 } })).toEqual({
      department: 'temporary-aid', caseId: 'c', outcome: 'granted', grantId: 'g', amountFen: 80000, sourceEventId: 'e-3',
    });
  });
});
