/**
 * Student-year ledger: one stream per (student personRef, school year) holding the one education-aid
 * grant of that school year. It enforces `educationAidOncePerStudentPerSchoolYear` under concurrency:
 * the shell appends `EducationAidRecorded` here (optimistic concurrency) before the case's AidGranted.
 */
import type { Fen, IsoDate, PersonRef } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

export const ONCE_PER_STUDENT_RULE = 'educationAidOncePerStudentPerSchoolYear';

export const studentYearLedgerStreamId = (personRef: PersonRef, schoolYear: string): string =>
  `education-aid-ledger-${personRef}-${schoolYear}`;

// ---------- event (internal to education-aid) ----------
export interface EducationAidRecorded {
  personRef: PersonRef;
  schoolYear: string;
  caseId: string;
  grantId: string;
  amountFen: Fen;
  recordedAt: IsoDate;
}
export type StudentYearLedgerEvent = { type: 'EducationAidRecorded'; data: EducationAidRecorded };

// ---------- command ----------
export type RecordEducationAid = {
  type: 'RecordEducationAid';
  data: Omit<EducationAidRecorded, 'recordedAt'> & { now: IsoDate };
};
export type StudentYearLedgerCommand = RecordEducationAid;

// ---------- state ----------
export type StudentYearLedgerState =
  | { status: 'empty' }
  | { status: 'granted'; personRef: PersonRef; schoolYear: string; caseId: string; grantId: string; amountFen: Fen };

export const initialStudentYearLedgerState: StudentYearLedgerState = { status: 'empty' };

/** The grant of another case that already used the student's school year, if any. */
export function priorEducationAid(
  ledger: StudentYearLedgerState,
  subject: { personRef: PersonRef; schoolYear: string; caseId: string },
): Extract<StudentYearLedgerState, { status: 'granted' }> | undefined {
  if (ledger.status === 'empty') return undefined;
  if (ledger.personRef !== subject.personRef || ledger.schoolYear !== subject.schoolYear) {
    throw new RuleViolation(
      'ledgerMatchesStudentAndYear',
      `the ledger given is for ${ledger.personRef} in ${ledger.schoolYear}, not ${subject.personRef} in ${subject.schoolYear}`,
    );
  }
  return ledger.caseId === subject.caseId ? undefined : ledger;
}

export function decideStudentYearLedger(command: StudentYearLedgerCommand, state: StudentYearLedgerState): StudentYearLedgerEvent[] {
  const { now, ...d } = command.data;
  priorEducationAid(state, d); // checks the ledger is the student's for that school year
  if (state.status === 'granted') {
    if (state.grantId === d.grantId) return [];
    throw new RuleViolation(
      'educationAidOncePerStudentPerSchoolYear',
      `${d.personRef} already received education aid for school year ${d.schoolYear} (case ${state.caseId}, grant ${state.grantId})`,
    );
  }
  if (!Number.isSafeInteger(d.amountFen) || d.amountFen <= 0) {
    throw new RuleViolation('validCommand', `amountFen must be a positive integer, got ${d.amountFen}`);
  }
  return [{ type: 'EducationAidRecorded', data: { ...d, recordedAt: now } }];
}

export function evolveStudentYearLedger(state: StudentYearLedgerState, event: StudentYearLedgerEvent): StudentYearLedgerState {
  if (event.type !== 'EducationAidRecorded' || state.status !== 'empty') return state;
  const { personRef, schoolYear, caseId, grantId, amountFen } = event.data;
  return { status: 'granted', personRef, schoolYear, caseId, grantId, amountFen };
}

export const studentYearLedgerDecider = {
  decide: decideStudentYearLedger,
  evolve: evolveStudentYearLedger,
  initialState: initialStudentYearLedgerState,
};
