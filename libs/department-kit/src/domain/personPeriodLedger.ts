/**
 * Person-period ledger, generalised from the services' person-year and student-year ledgers: one
 * stream per (ledger, person, period) — a calendar year, a school year — recording every grant to
 * that person in the period, so that rules spanning cases hold under concurrency: the shell appends
 * `LedgerEntryRecorded` here with optimistic concurrency before the case's AidGranted ("ledger
 * first, then case"). Two rules, each optional per entry:
 * - once per cause per period: a cause of the entry already aided by another case is refused,
 *   unless a county exception for that cause allows one more (policy-rules §3, temporary aid);
 * - a cap per period (fen): the grants of all cases together stay within it (policy-rules §5).
 * A case never counts itself; the same grant recorded twice appends nothing.
 */
import type { Fen, IsoDate, PersonRef } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

/** `<ledger>-ledger-<personRef>-<period>`, e.g. `temporary-aid-ledger-p1-2026`. */
export const personPeriodLedgerStreamId = (ledger: string, personRef: PersonRef, period: string | number): string => `${ledger}-ledger-${personRef}-${period}`;

export interface LedgerEntryRecorded {
  ledger: string;
  personRef: PersonRef;
  period: string;
  caseId: string;
  grantId: string;
  /** The causes (or other keys) the grant was for; once-per-cause compares them. */
  causes: string[];
  amountFen: Fen;
  recordedAt: IsoDate;
}
export interface LedgerExceptionGranted {
  ledger: string;
  personRef: PersonRef;
  period: string;
  cause: string;
  exceptionId: string;
  reason: string;
  grantedBy: { sub: string; role: string; level: 'county' };
  grantedAt: IsoDate;
}
export type PersonPeriodLedgerEvent =
  | { type: 'LedgerEntryRecorded'; data: LedgerEntryRecorded }
  | { type: 'LedgerExceptionGranted'; data: LedgerExceptionGranted };

/** The limits an entry is checked against; each absent limit does not apply. */
export interface LedgerLimits {
  oncePerCause?: boolean;
  /** Cap of all grants in the period, fen. */
  capFen?: Fen;
}
export type RecordEntry = {
  type: 'RecordEntry';
  data: Omit<LedgerEntryRecorded, 'recordedAt'> & { limits: LedgerLimits; now: IsoDate };
};
export type GrantLedgerException = {
  type: 'GrantLedgerException';
  data: Omit<LedgerExceptionGranted, 'grantedBy' | 'grantedAt'> & { officer: { sub: string; role: string; level: 'township' | 'county' | 'system' }; now: IsoDate };
};
export type PersonPeriodLedgerCommand = RecordEntry | GrantLedgerException;

export type PersonPeriodLedgerState =
  | { status: 'empty' }
  | {
      status: 'active';
      ledger: string;
      personRef: PersonRef;
      period: string;
      entries: Omit<LedgerEntryRecorded, 'ledger' | 'personRef' | 'period'>[];
      exceptions: { exceptionId: string; cause: string; reason: string }[];
    };
export const initialPersonPeriodLedgerState: PersonPeriodLedgerState = { status: 'empty' };

/** Amount already granted in the period by other cases (fen). */
export function alreadyGranted(state: PersonPeriodLedgerState, caseId: string): Fen {
  return state.status === 'empty' ? 0 : state.entries.filter((e) => e.caseId !== caseId).reduce((s, e) => s + e.amountFen, 0);
}

/** The causes of `causes` already aided in the period by other cases beyond the exceptions granted for them. */
export function repeatedCauses(state: PersonPeriodLedgerState, caseId: string, causes: readonly string[]): string[] {
  if (state.status === 'empty') return [];
  return [...new Set(causes)].filter((cause) => {
    const prior = state.entries.filter((e) => e.caseId !== caseId && e.causes.includes(cause)).length;
    return prior > 0 && prior >= 1 + state.exceptions.filter((x) => x.cause === cause).length;
  });
}

/**
 * @throws RuleViolation ledgerMatchesPersonAndPeriod, validCommand (field amountFen),
 *   oncePerCausePerPeriod, periodCap, countyGrantsExceptions.
 */
export function decidePersonPeriodLedger(command: PersonPeriodLedgerCommand, state: PersonPeriodLedgerState): PersonPeriodLedgerEvent[] {
  const { ledger, personRef, period } = command.data;
  if (state.status === 'active' && (state.ledger !== ledger || state.personRef !== personRef || state.period !== period)) {
    throw new RuleViolation('ledgerMatchesPersonAndPeriod', `this ledger is ${state.ledger} of ${state.personRef} in ${state.period}, not ${ledger} of ${personRef} in ${period}`);
  }
  switch (command.type) {
    case 'RecordEntry': {
      const { limits, now, ...entry } = command.data;
      if (state.status === 'active' && state.entries.some((e) => e.grantId === entry.grantId)) return [];
      if (!Number.isSafeInteger(entry.amountFen) || entry.amountFen < 0) throw new RuleViolation('validCommand', `amountFen must be a whole number of fen ≥ 0, got ${entry.amountFen}`, 'amountFen');
      const repeated = limits.oncePerCause ? repeatedCauses(state, entry.caseId, entry.causes) : [];
      if (repeated.length) {
        throw new RuleViolation('oncePerCausePerPeriod', `${ledger} for ${repeated.join(', ')} was already granted to this person in ${period}; the same cause is aided once per period unless the county grants an exception`);
      }
      const total = alreadyGranted(state, entry.caseId) + entry.amountFen;
      if (limits.capFen !== undefined && total > limits.capFen) {
        throw new RuleViolation('periodCap', `${entry.amountFen} fen would bring ${ledger} to this person in ${period} to ${total} fen, above the cap of ${limits.capFen} fen`, 'amountFen');
      }
      return [{ type: 'LedgerEntryRecorded', data: { ...entry, recordedAt: now } }];
    }
    case 'GrantLedgerException': {
      const { officer, now, ...exception } = command.data;
      if (state.status === 'active' && state.exceptions.some((e) => e.exceptionId === exception.exceptionId)) return [];
      if (officer.level !== 'county') throw new RuleViolation('countyGrantsExceptions', 'only an officer at county level grants an exception');
      if (!exception.reason?.trim()) throw new RuleViolation('countyGrantsExceptions', 'an exception needs a written reason');
      return [{ type: 'LedgerExceptionGranted', data: { ...exception, grantedBy: { sub: officer.sub, role: officer.role, level: 'county' }, grantedAt: now } }];
    }
  }
}

export function evolvePersonPeriodLedger(state: PersonPeriodLedgerState, event: PersonPeriodLedgerEvent): PersonPeriodLedgerState {
  const { ledger, personRef, period } = event.data;
  const base = state.status === 'active' ? state : { status: 'active' as const, ledger, personRef, period, entries: [], exceptions: [] };
  switch (event.type) {
    case 'LedgerEntryRecorded': {
      const { caseId, grantId, causes, amountFen, recordedAt } = event.data;
      return { ...base, entries: [...base.entries, { caseId, grantId, causes, amountFen, recordedAt }] };
    }
    case 'LedgerExceptionGranted': {
      const { exceptionId, cause, reason } = event.data;
      return { ...base, exceptions: [...base.exceptions, { exceptionId, cause, reason }] };
    }
    default:
      return state;
  }
}

export const personPeriodLedgerDecider = {
  decide: decidePersonPeriodLedger,
  evolve: evolvePersonPeriodLedger,
  initialState: initialPersonPeriodLedgerState,
};
