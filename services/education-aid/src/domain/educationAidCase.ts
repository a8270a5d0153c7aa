/**
 * The education-aid case (one stream per application: `education-aid-case-education-aid-<applicationId>`)
 * on the department kit's lifecycle: opened from the routing or a referral, decided at once by the
 * education-aid table for each student, each grant paid by funding. Pure: the clock, the parameters
 * and the students' ledgers come in the commands; the events are recorded in EDUCATION_AID_RECORDS.
 */
import { caseStatusOf, decideInSequence, existingCase, recordedDecider, recordStatusOf, ruleDecisions, type DepartmentCaseCommand, type DepartmentCaseState } from '@onedoor/department-kit';
import { chinaDateOf } from '@onedoor/policy';
import { schoolYearOf } from './calendar';
import { educationAidCaseId, type Assess, type EducationAidCaseCommand } from './commands';
import { EDUCATION_AID_AMOUNT_RULE } from './educationAidAmount';
import { assertValidParams } from './educationAidParams';
import { EDUCATION_AID_PROGRAMME, EDUCATION_AID_RECORDS } from './educationAidRecords';
import { educationAidRule } from './educationAidRule';
import type { EducationAidCaseEvent } from './events';
import type { EducationAidCaseState, GrantOnRecord } from './state';
import { ONCE_PER_STUDENT_RULE } from './studentYearLedger';

const kit = recordedDecider(EDUCATION_AID_RECORDS);
/** Education-aid decisions are the table's: recorded as the system's. */
const SYSTEM = { sub: 'system', role: 'system', level: 'system' as const };
const DAY_MS = 86_400_000;

/**
 * Assess: the table decides the open case for the school year of `now` — one grant per eligible
 * student, or one refusal naming `appealBy` (a case already decided is left alone: redelivery).
 * @throws RuleViolation caseMustExist, caseIdMatches, validParameters, validCommand, ledgerMatchesStudentAndYear.
 */
function assess(c: Assess['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const k = existingCase(record, c.caseId);
  if (caseStatusOf(k) !== 'open') return [];
  assertValidParams(c.params);
  const provenance = { parameterSetId: c.params.parameterSetId, parameterSetVersion: c.params.parameterSetVersion, ruleIds: [EDUCATION_AID_AMOUNT_RULE, ONCE_PER_STUDENT_RULE] };
  const appealWindowDays = Math.round((Date.parse(`${c.appealBy}T00:00:00Z`) - Date.parse(`${chinaDateOf(c.now)}T00:00:00Z`)) / DAY_MS);
  return ruleDecisions(record, educationAidRule(c.params, c.ledgers ?? {}, schoolYearOf(c.now)), { now: c.now, appealWindowDays, provenance, decidedBy: SYSTEM });
}

/**
 * An education-aid command as the kit's commands on the case record: OpenCase (the applicant as the
 * beneficiary, the registered jurisdiction, the one programme), the table's decisions (Assess: a
 * grant to each eligible student, or one refusal), MarkPaid. Pure; the shell runs them in EDUCATION_AID_RECORDS.
 * @throws RuleViolation as Assess does.
 */
export function educationAidKitCommands(command: EducationAidCaseCommand, record: DepartmentCaseState): DepartmentCaseCommand[] {
  switch (command.type) {
    case 'OpenCase': {
      const { applicationId, caseFile, referredBy, now, dueBy } = command.data;
      return [
        {
          type: 'OpenCase',
          data: {
            caseId: educationAidCaseId(applicationId),
            department: 'education-aid',
            applicationId,
            caseFile,
            beneficiaryRef: caseFile?.applicantRef,
            jurisdiction: caseFile?.registeredJurisdiction,
            programmes: [EDUCATION_AID_PROGRAMME],
            now,
            dueBy,
            ...(referredBy ? { referredBy } : {}),
          },
        },
      ];
    }
    case 'Assess':
      return assess(command.data, record);
    case 'MarkPaid':
      return [command];
  }
}

/** The case as the department sees it: the kit's record, its status, and each student's grant. */
function summarise(record: DepartmentCaseState): EducationAidCaseState {
  const decision = record.status === 'opened' ? record.decisions[EDUCATION_AID_PROGRAMME.programmeId] : undefined;
  const grants: GrantOnRecord[] =
    decision?.status === 'granted_each'
      ? decision.grants.map((g) => ({ grantId: g.grantId, studentRef: g.beneficiaryRef, amountFen: g.amountFen, fiscalYear: g.fiscalYear, ...(g.paid ? { budgetId: g.paid.budgetId } : {}) }))
      : [];
  return { status: recordStatusOf(record), record, grants };
}

export function decideEducationAidCase(command: EducationAidCaseCommand, state: EducationAidCaseState): EducationAidCaseEvent[] {
  return decideInSequence(kit, educationAidKitCommands(command, state.record), state.record) as EducationAidCaseEvent[];
}

export function evolveEducationAidCase(state: EducationAidCaseState, event: EducationAidCaseEvent): EducationAidCaseState {
  return summarise(kit.evolve(state.record, event));
}

export const initialEducationAidCaseState: EducationAidCaseState = summarise(kit.initialState);

export const educationAidCaseDecider = {
  decide: decideEducationAidCase,
  evolve: evolveEducationAidCase,
  initialState: initialEducationAidCaseState,
};
