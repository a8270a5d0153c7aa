/**
 * Least data (PIPL art. 6, policy-rules §9): what intake publishes of an application. Every route of
 * ApplicationRouted carries only its department's DEPARTMENT_FIELDS, and ApplicationSubmitted only
 * the SubmittedCaseFile — for households of every shape the router sees.
 */
import {
  DEPARTMENT_FIELDS, fieldPathsOf, fieldsOutsideAllowList, SUBMITTED_CASE_FILE_FIELDS, validateEventPayload, type Cause, type SchoolStage,
} from '@onedoor/contracts';
import { applicationDecider } from './application';
import type { SubmitApplication } from './commands';
import type { IntakeEvent } from './events';
import { household, member, nightFire, siyangChain } from './testing/fixtures';

/** Field names that describe members' health, age or income: on no public intake event. */
const SENSITIVE = /ageYears|disability|seriousIllness|monthlyIncome|perCapitaIncome|members|relation|coveredAlone|tierReasons/;

const CAUSES: Cause[][] = [['fire'], ['illness'], ['schooling'], ['illness', 'schooling'], ['fire', 'illness', 'schooling'], ['accident', 'unemployment']];
const STAGES: (SchoolStage | null)[] = [null, 'primary', 'senior', 'university'];

/** Households of several shapes: incomes from none to comfortable, students, a disabled or ill member, with and without consent. */
function applications(): SubmitApplication[] {
  const out: SubmitApplication[] = [siyangChain(), nightFire()];
  let n = 0;
  for (const causes of CAUSES) {
    for (const stage of STAGES) {
      for (const [income, economicCheck] of [[0, true], [120_000, true], [900_000, true], [0, false]] as const) {
        n += 1;
        const members = [
          member(`p-${n}-a`, { monthlyIncomeFen: income, disability: n % 3 === 0 ? 'grade1' : 'none' }),
          member(`p-${n}-b`, { relation: 'child', ageYears: 12, schoolStage: stage, boarding: n % 2 === 0, seriousIllness: causes.includes('illness') }),
        ];
        out.push(
          siyangChain({
            applicationId: `app-${n}`,
            applicantRef: `p-${n}-a`,
            household: household(members),
            incident: {
              jurisdiction: '321323100', occurredOn: '2026-11-18', causes, urgent: n % 2 === 1,
              ...(causes.includes('illness') ? { medical: { patientRef: `p-${n}-b`, residualCostFen: 1_000_000 + n } } : {}),
            },
            consent: { economicCheck, dataSharing: true },
          }),
        );
      }
    }
  }
  return out;
}

function publicEventsOf(command: SubmitApplication): IntakeEvent[] {
  try {
    return applicationDecider.decide(command, applicationDecider.initialState).filter((e) => e.type !== 'HouseholdAssessed');
  } catch {
    return []; // no economic check and no emergency: refused at the door, nothing published
  }
}

describe('least data on the intake topic', () => {
  const all = applications().map(publicEventsOf);
  const routes = all.flat().flatMap((e) => (e.type === 'ApplicationRouted' ? e.data.routes : []));

  it('given households of every shape, when routed, then each department gets only the fields of its allow-list', () => {
    expect(new Set(routes.map((r) => r.department))).toEqual(new Set(['temporary-aid', 'medical-aid', 'education-aid']));
    for (const route of routes) {
      expect({ department: route.department, outside: fieldsOutsideAllowList(route.department, route.caseFile) }).toEqual({ department: route.department, outside: [] });
    }
  });

  it('given a medical or education route, then it names the patient with the residual cost, or the students with stage and boarding', () => {
    const medical = routes.filter((r) => r.department === 'medical-aid').map((r) => fieldPathsOf(r.caseFile));
    expect(medical.length).toBeGreaterThan(0);
    for (const paths of medical) expect(paths).toEqual(expect.arrayContaining(['tier', 'medical.patientRef', 'medical.residualCostFen']));
    const education = routes.filter((r) => r.department === 'education-aid' && (r.caseFile as { students: unknown[] }).students.length > 0);
    expect(education.length).toBeGreaterThan(0);
    for (const r of education) expect(fieldPathsOf(r.caseFile)).toEqual(expect.arrayContaining(['tier', 'students[].schoolStage', 'students[].boarding']));
  });

  it('then no public intake event names a member\'s age, disability, illness or income', () => {
    for (const e of all.flat()) {
      expect(fieldPathsOf(e.data).filter((p) => SENSITIVE.test(p))).toEqual([]);
      expect(validateEventPayload(e.type, e.data)).toEqual([]);
    }
  });

  it('then ApplicationSubmitted carries the SubmittedCaseFile fields only', () => {
    const submitted = all.flat().filter((e) => e.type === 'ApplicationSubmitted');
    expect(submitted.length).toBeGreaterThan(50);
    for (const e of submitted) {
      expect(fieldPathsOf(e.data.caseFile).filter((p) => !(SUBMITTED_CASE_FILE_FIELDS as readonly string[]).includes(p))).toEqual([]);
    }
  });

  it('the allow-lists themselves hold no member age, disability, illness or income field, nor the household', () => {
    for (const fields of Object.values(DEPARTMENT_FIELDS)) expect(fields.filter((f) => SENSITIVE.test(f) || f.includes('householdRef'))).toEqual([]);
  });
});
