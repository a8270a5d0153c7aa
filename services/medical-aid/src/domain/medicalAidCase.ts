/**
 * The medical-aid case (one stream per application: `medical-aid-case-medical-aid-<applicationId>`)
 * on the department kit's lifecycle: opened from the routing or a referral, decided at once by the
 * medical-aid table, paid by funding. Pure: the clock, the parameters and the patient's person-year
 * ledger come in the commands; the events are recorded in MEDICAL_AID_RECORDS.
 */
import { caseStatusOf, decideInSequence, existingCase, recordedDecider, recordStatusOf, ruleDecisions, type DepartmentCaseCommand, type DepartmentCaseState } from '@onedoor/department-kit';
import { chinaDateOf } from '@onedoor/policy';
import { calendarYearOf } from './calendarYear';
import { medicalAidCaseId, type Assess, type MedicalAidCaseCommand } from './commands';
import type { MedicalAidCaseEvent } from './events';
import { MEDICAL_AID_AMOUNT_RULE } from './medicalAidAmount';
import { assertValidParams } from './medicalAidParams';
import { MEDICAL_AID_PROGRAMME, MEDICAL_AID_RECORDS } from './medicalAidRecords';
import { medicalAidRule } from './medicalAidRule';
import { alreadyGrantedThisYear } from './personYearLedger';
import type { MedicalAidCaseState } from './state';

const kit = recordedDecider(MEDICAL_AID_RECORDS);
/** Medical-aid decisions are the table's: recorded as the system's. */
const SYSTEM = { sub: 'system', role: 'system', level: 'system' as const };
const DAY_MS = 86_400_000;

/**
 * Assess: the table decides the open case (a case already decided is left alone: redelivery);
 * a refusal names `appealBy`.
 * @throws RuleViolation caseMustExist, validParameters, validCommand, ledgerMatchesPersonAndYear.
 */
function assess(c: Assess['data'], record: DepartmentCaseState): DepartmentCaseCommand[] {
  const k = existingCase(record, c.caseId);
  if (caseStatusOf(k) !== 'open') return [];
  assertValidParams(c.params);
  const year = calendarYearOf(c.now);
  const already = alreadyGrantedThisYear(c.ledger, { personRef: k.beneficiaryRef, year, caseId: k.caseId });
  const provenance = { parameterSetId: c.params.parameterSetId, parameterSetVersion: c.params.parameterSetVersion, ruleIds: [MEDICAL_AID_AMOUNT_RULE] };
  const appealWindowDays = Math.round((Date.parse(`${c.appealBy}T00:00:00Z`) - Date.parse(`${chinaDateOf(c.now)}T00:00:00Z`)) / DAY_MS);
  return ruleDecisions(record, medicalAidRule(c.params, already, year), { now: c.now, appealWindowDays, provenance, decidedBy: SYSTEM });
}

/**
 * A medical-aid command as the kit's commands on the case record: OpenCase (the patient as the
 * beneficiary, the registered jurisdiction, the one programme), the table's decision (Assess), MarkPaid.
 * Pure; the shell runs them in MEDICAL_AID_RECORDS.
 * @throws RuleViolation as Assess does.
 */
export function medicalAidKitCommands(command: MedicalAidCaseCommand, record: DepartmentCaseState): DepartmentCaseCommand[] {
  switch (command.type) {
    case 'OpenCase': {
      const { applicationId, caseFile, referredBy, now, dueBy } = command.data;
      return [
        {
          type: 'OpenCase',
          data: {
            caseId: medicalAidCaseId(applicationId),
            department: 'medical-aid',
            applicationId,
            caseFile,
            beneficiaryRef: caseFile?.medical?.patientRef ?? caseFile?.applicantRef,
            jurisdiction: caseFile?.registeredJurisdiction,
            programmes: [MEDICAL_AID_PROGRAMME],
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

/** The case as the department sees it: the kit's record, its status, and the budget that paid its grant. */
function summarise(record: DepartmentCaseState): MedicalAidCaseState {
  const paid = record.status === 'opened' ? Object.values(record.decisions).find((d) => d.status === 'granted' && d.paid) : undefined;
  return { status: recordStatusOf(record), record, ...(paid?.status === 'granted' && paid.paid ? { budgetId: paid.paid.budgetId } : {}) };
}

export function decideMedicalAidCase(command: MedicalAidCaseCommand, state: MedicalAidCaseState): MedicalAidCaseEvent[] {
  return decideInSequence(kit, medicalAidKitCommands(command, state.record), state.record) as MedicalAidCaseEvent[];
}

export function evolveMedicalAidCase(state: MedicalAidCaseState, event: MedicalAidCaseEvent): MedicalAidCaseState {
  return summarise(kit.evolve(state.record, event));
}

export const initialMedicalAidCaseState: MedicalAidCaseState = summarise(kit.initialState);

export const medicalAidCaseDecider = {
  decide: decideMedicalAidCase,
  evolve: evolveMedicalAidCase,
  initialState: initialMedicalAidCaseState,
};
