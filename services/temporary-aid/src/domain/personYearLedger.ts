/**
 * Person-year ledger: one stream per (personRef, calendar year) recording which causes already received
 * temporary aid that year, and the exceptions the county granted. It enforces
 * `temporaryAidOncePerCausePerYear` under concurrency: the shell appends `TemporaryAidRecorded` here
 * with optimistic concurrency before (or together with) the case's AidGranted.
 */
import type { Cause, Fen, IsoDate, PersonRef } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';
import { temporaryAidOncePerCausePerYear } from './temporaryAidOncePerCausePerYear';

export const personYearLedgerStreamId = (personRef: PersonRef, year: number): string =>
  `temporary-aid-ledger-${personRef}-${year}`;

// ---------- events (internal to temporary-aid) ----------
export interface TemporaryAidRecorded {
  personRef: PersonRef;
  year: number;
  caseId: string;
  grantId: string;
  causes: Cause[];
  amountFen: Fen;
  recordedAt: IsoDate;
}
export interface TemporaryAidExceptionGranted {
  personRef: PersonRef;
  year: number;
  cause: Cause;
  exceptionId: string;
  reason: string;
  grantedBy: { sub: string; role: string; level: 'county' };
  grantedAt: IsoDate;
}
export type PersonYearLedgerEvent =
  | { type: 'TemporaryAidRecorded'; data: TemporaryAidRecorded }
  | { type: 'TemporaryAidExceptionGranted'; data: TemporaryAidExceptionGranted };

// ---------- commands ----------
export type RecordTemporaryAid = {
  type: 'RecordTemporaryAid';
  data: Omit<TemporaryAidRecorded, 'recordedAt'> & { now: IsoDate };
};
export type GrantCountyException = {
  type: 'GrantCountyException';
  data: {
    personRef: PersonRef;
    year: number;
    cause: Cause;
    /** Deterministic id (e.g. the request's Idempotency-Key): the same exception is granted once. */
    exceptionId: string;
    reason: string;
    officer: { sub: string; role: string; level: 'township' | 'county' };
    now: IsoDate;
  };
};
export type PersonYearLedgerCommand = RecordTemporaryAid | GrantCountyException;

// ---------- state ----------
export interface LedgerGrant {
  caseId: string;
  grantId: string;
  causes: Cause[];
  amountFen: Fen;
  recordedAt: IsoDate;
}
export interface LedgerException {
  exceptionId: string;
  cause: Cause;
  reason: string;
  grantedBy: string;
}
export type PersonYearLedgerState =
  | { status: 'empty' }
  | { status: 'active'; personRef: PersonRef; year: number; grants: LedgerGrant[]; exceptions: LedgerException[] };

export const initialPersonYearLedgerState: PersonYearLedgerState = { status: 'empty' };

export function decidePersonYearLedger(command: PersonYearLedgerCommand, state: PersonYearLedgerState): PersonYearLedgerEvent[] {
  const { personRef, year } = command.data;
  if (state.status === 'active' && (state.personRef !== personRef || state.year !== year)) {
    throw new RuleViolation(
      'ledgerMatchesPersonAndYear',
      `this ledger is for ${state.personRef} in ${state.year}, not ${personRef} in ${year}`,
    );
  }
  switch (command.type) {
    case 'RecordTemporaryAid': {
      const d = command.data;
      if (state.status === 'active' && state.grants.some((g) => g.grantId === d.grantId)) return [];
      if (!Number.isSafeInteger(d.amountFen) || d.amountFen <= 0) {
        throw new RuleViolation('validCommand', `amountFen must be a positive integer, got ${d.amountFen}`);
      }
      const check = temporaryAidOncePerCausePerYear(state, { personRef, year, causes: d.causes, caseId: d.caseId });
      if (!check.allowed) throw new RuleViolation('temporaryAidOncePerCausePerYear', check.reasons.join('; '));
      const { now, ...recorded } = d;
      return [{ type: 'TemporaryAidRecorded', data: { ...recorded, recordedAt: now } }];
    }
    case 'GrantCountyException': {
      const d = command.data;
      if (state.status === 'active' && state.exceptions.some((e) => e.exceptionId === d.exceptionId)) return [];
      if (d.officer.level !== 'county') {
        throw new RuleViolation('countyGrantsExceptions', 'only an officer at county level may grant an exception to once-per-cause-per-year');
      }
      if (!d.reason?.trim()) throw new RuleViolation('countyGrantsExceptions', 'an exception needs a written reason');
      return [
        {
          type: 'TemporaryAidExceptionGranted',
          data: {
            personRef,
            year,
            cause: d.cause,
            exceptionId: d.exceptionId,
            reason: d.reason,
            grantedBy: { sub: d.officer.sub, role: d.officer.role, level: 'county' },
            grantedAt: d.now,
          },
        },
      ];
    }
  }
}

export function evolvePersonYearLedger(state: PersonYearLedgerState, event: PersonYearLedgerEvent): PersonYearLedgerState {
  const base =
    state.status === 'active'
      ? state
      : { status: 'active' as const, personRef: event.data.personRef, year: event.data.year, grants: [], exceptions: [] };
  switch (event.type) {
    case 'TemporaryAidRecorded': {
      const { caseId, grantId, causes, amountFen, recordedAt } = event.data;
      return { ...base, grants: [...base.grants, { caseId, grantId, causes, amountFen, recordedAt }] };
    }
    case 'TemporaryAidExceptionGranted': {
      const { exceptionId, cause, reason, grantedBy } = event.data;
      return { ...base, exceptions: [...base.exceptions, { exceptionId, cause, reason, grantedBy: grantedBy.sub }] };
    }
    default:
      return state;
  }
}

export const personYearLedgerDecider = {
  decide: decidePersonYearLedger,
  evolve: evolvePersonYearLedger,
  initialState: initialPersonYearLedgerState,
};
