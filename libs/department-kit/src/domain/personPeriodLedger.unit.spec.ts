import { given } from '@onedoor/testing';
import { personPeriodLedgerDecider as decider, personPeriodLedgerStreamId, type LedgerLimits, type PersonPeriodLedgerCommand, type PersonPeriodLedgerEvent } from './personPeriodLedger';
import { RuleViolation } from './ruleViolation';

const NOW = '2026-11-30';
const key = { ledger: 'temporary-aid', personRef: 'p1', period: '2026' };
const record = (caseId: string, amountFen: number, limits: LedgerLimits = { oncePerCause: true, capFen: 100_000 }, causes = ['fire']): PersonPeriodLedgerCommand => ({
  type: 'RecordEntry',
  data: { ...key, caseId, grantId: `${caseId}:g`, causes, amountFen, limits, now: NOW },
});
const exception = (level: 'county' | 'township' = 'county', reason = 'a second fire'): PersonPeriodLedgerCommand => ({
  type: 'GrantLedgerException',
  data: { ...key, cause: 'fire', exceptionId: 'x1', reason, officer: { sub: 'officer-wang', role: 'officer', level }, now: NOW },
});
const history = (...commands: PersonPeriodLedgerCommand[]) => {
  const events: PersonPeriodLedgerEvent[] = [];
  for (const c of commands) events.push(...decider.decide(c, events.reduce(decider.evolve, decider.initialState)));
  return events;
};
const rule = (e: Error) => (e as RuleViolation).rule;

describe('person-period ledger', () => {
  it('names one stream per ledger, person and period', () => {
    expect(personPeriodLedgerStreamId('medical-aid', 'p1', 2026)).toBe('medical-aid-ledger-p1-2026');
  });
  it('records a first grant', () => {
    given(decider).when(record('c1', 80_000)).then([
      { type: 'LedgerEntryRecorded', data: { ...key, caseId: 'c1', grantId: 'c1:g', causes: ['fire'], amountFen: 80_000, recordedAt: NOW } },
    ]);
  });
  it('records the same grant once', () => {
    given(decider, history(record('c1', 80_000))).when(record('c1', 80_000)).then([]);
  });
  it('refuses the same cause twice in the period (once per cause per year)', () => {
    expect(rule(given(decider, history(record('c1', 10_000))).when(record('c2', 10_000)).thenFails(RuleViolation))).toBe('oncePerCausePerPeriod');
  });
  it('allows another cause in the period', () => {
    given(decider, history(record('c1', 10_000))).when(record('c2', 10_000, undefined, ['accident'])).then((events) => expect(events).toHaveLength(1));
  });
  it('allows one more grant for a cause after a county exception', () => {
    given(decider, history(record('c1', 10_000), exception())).when(record('c2', 10_000)).then((events) => expect(events).toHaveLength(1));
    expect(rule(given(decider, history(record('c1', 10_000), exception(), record('c2', 10_000))).when(record('c3', 10_000)).thenFails())).toBe('oncePerCausePerPeriod');
  });
  it('refuses an exception granted below county level or without a reason', () => {
    expect(rule(given(decider).when(exception('township')).thenFails())).toBe('countyGrantsExceptions');
    expect(rule(given(decider).when(exception('county', ' ')).thenFails())).toBe('countyGrantsExceptions');
  });
  it('keeps every case together within the cap of the period; a case never counts itself', () => {
    const capOnly = { capFen: 100_000 };
    given(decider, history(record('c1', 60_000, capOnly))).when(record('c2', 40_000, capOnly)).then((events) => expect(events).toHaveLength(1));
    const e = given(decider, history(record('c1', 60_000, capOnly))).when(record('c2', 40_001, capOnly)).thenFails();
    expect([rule(e), (e as RuleViolation).field]).toEqual(['periodCap', 'amountFen']);
  });
  it('applies no limit that is not given', () => {
    given(decider, history(record('c1', 90_000, {}))).when(record('c2', 90_000, {})).then((events) => expect(events).toHaveLength(1));
  });
  it('refuses an amount that is not whole fen', () => {
    expect(rule(given(decider).when(record('c1', 1.5)).thenFails())).toBe('validCommand');
  });
  it('refuses a command for another person or period', () => {
    const other: PersonPeriodLedgerCommand = { ...record('c2', 1), data: { ...record('c2', 1).data, period: '2027' } } as PersonPeriodLedgerCommand;
    expect(rule(given(decider, history(record('c1', 1))).when(other).thenFails())).toBe('ledgerMatchesPersonAndPeriod');
  });
});
