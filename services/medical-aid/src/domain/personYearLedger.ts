/**
 * Person-year ledger of medical aid: one stream per (personRef, calendar year) with every medical-aid
 * grant to that person that year. The annual cap is shared by all of them, so a grant counts from the
 * moment it is made (paid or still awaiting funds): two cases at once cannot together pass the cap.
 * The shell appends `MedicalAidRecorded` here (optimistic concurrency) before the case's AidGranted.
 */
import type { Fen, IsoDate, PersonRef } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

export const personYearLedgerStreamId = (personRef: PersonRef, year: number): string => `medical-aid-ledger-${personRef}-${year}`;

// ---------- event (internal to medical-aid) ----------
export interface MedicalAidRecorded {
  personRef: PersonRef;
  year: number;
  caseId: string;
  grantId: string;
  amountFen: Fen;
  recordedAt: IsoDate;
}
export type PersonYearLedgerEvent = { type: 'MedicalAidRecorded'; data: MedicalAidRecorded };

// ---------- command ----------
export type RecordMedicalAid = {
  type: 'RecordMedicalAid';
  data: Omit<MedicalAidRecorded, 'recordedAt'> & { annualCapFen: Fen; now: IsoDate };
};
export type PersonYearLedgerCommand = RecordMedicalAid;

// ---------- state ----------
export interface LedgerGrant {
  caseId: string;
  grantId: string;
  amountFen: Fen;
}
export type PersonYearLedgerState =
  | { status: 'empty' }
  | { status: 'active'; personRef: PersonRef; year: number; grants: LedgerGrant[]; totalFen: Fen };

export const initialPersonYearLedgerState: PersonYearLedgerState = { status: 'empty' };

/** Medical aid already granted to the person this year by other cases (a case never counts itself). */
export function alreadyGrantedThisYear(
  ledger: PersonYearLedgerState,
  subject: { personRef: PersonRef; year: number; caseId: string },
): Fen {
  if (ledger.status === 'empty') return 0;
  if (ledger.personRef !== subject.personRef || ledger.year !== subject.year) {
    throw new RuleViolation(
      'ledgerMatchesPersonAndYear',
      `the ledger given is for ${ledger.personRef} in ${ledger.year}, not ${subject.personRef} in ${subject.year}`,
    );
  }
  return ledger.grants.filter((g) => g.caseId !== subject.caseId).reduce((sum, g) => sum + g.amountFen, 0);
}

export function decidePersonYearLedger(command: PersonYearLedgerCommand, state: PersonYearLedgerState): PersonYearLedgerEvent[] {
  const { now, annualCapFen, ...d } = command.data;
  const already = alreadyGrantedThisYear(state, d);
  if (state.status === 'active' && state.grants.some((g) => g.grantId === d.grantId)) return [];
  if (!Number.isSafeInteger(d.amountFen) || d.amountFen <= 0) {
    throw new RuleViolation('validCommand', `amountFen must be a positive integer, got ${d.amountFen}`);
  }
  if (already + d.amountFen > annualCapFen) {
    throw new RuleViolation(
      'medicalAidAnnualCap',
      `${d.amountFen} fen would bring medical aid to ${d.personRef} in ${d.year} to ${already + d.amountFen} fen, above the annual cap of ${annualCapFen} fen`,
    );
  }
  return [{ type: 'MedicalAidRecorded', data: { ...d, recordedAt: now } }];
}

export function evolvePersonYearLedger(state: PersonYearLedgerState, event: PersonYearLedgerEvent): PersonYearLedgerState {
  if (event.type !== 'MedicalAidRecorded') return state;
  const { personRef, year, caseId, grantId, amountFen } = event.data;
  const base = state.status === 'active' ? state : { status: 'active' as const, personRef, year, grants: [], totalFen: 0 };
  return { ...base, grants: [...base.grants, { caseId, grantId, amountFen }], totalFen: base.totalFen + amountFen };
}

export const personYearLedgerDecider = {
  decide: decidePersonYearLedger,
  evolve: evolvePersonYearLedger,
  initialState: initialPersonYearLedgerState,
};
