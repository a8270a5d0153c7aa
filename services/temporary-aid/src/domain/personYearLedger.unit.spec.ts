import type { Cause } from '@onedoor/contracts';
import { given } from '@onedoor/testing';
import { PersonYearLedgerCommand, PersonYearLedgerEvent, personYearLedgerDecider as decider, personYearLedgerStreamId } from './personYearLedger';
import { RuleViolation } from './ruleViolation';

const NOW = '2026-11-20T09:00:00+08:00';
const record = (caseId: string, causes: Cause[], grantId = `${caseId}:1`): PersonYearLedgerCommand => ({
  type: 'RecordTemporaryAid',
  data: { personRef: 'p1', year: 2026, caseId, grantId, causes, amountFen: 80_000, now: NOW },
});
const recorded = (caseId: string, causes: Cause[]): PersonYearLedgerEvent => ({
  type: 'TemporaryAidRecorded',
  data: { personRef: 'p1', year: 2026, caseId, grantId: `${caseId}:1`, causes, amountFen: 80_000, recordedAt: NOW },
});
const exception = (level: 'township' | 'county', reason = 'house destroyed twice'): PersonYearLedgerCommand => ({
  type: 'GrantCountyException',
  data: { personRef: 'p1', year: 2026, cause: 'fire', exceptionId: 'ex-1', reason, officer: { sub: 'o1', role: 'officer', level }, now: NOW },
});

describe('person-year ledger', () => {
  it('has one stream per person and calendar year', () => {
    expect(personYearLedgerStreamId('p1', 2026)).toBe('temporary-aid-ledger-p1-2026');
  });

  it('records a grant and its causes', () => {
    given(decider).when(record('ta-1', ['fire'])).then([recorded('ta-1', ['fire'])]);
  });

  it('records a grant once (idempotent by grantId)', () => {
    given(decider, [recorded('ta-1', ['fire'])]).when(record('ta-1', ['fire'])).then([]);
  });

  it('refuses a second grant for the same cause in the year', () => {
    given(decider, [recorded('ta-1', ['fire'])])
      .when(record('ta-2', ['accident', 'fire']))
      .thenFails(RuleViolation);
    const error = given(decider, [recorded('ta-1', ['fire'])]).when(record('ta-2', ['fire'])).thenFails(/once per calendar year/);
    expect((error as RuleViolation).rule).toBe('temporaryAidOncePerCausePerYear');
  });

  it('accepts another cause in the same year', () => {
    given(decider, [recorded('ta-1', ['fire'])]).when(record('ta-2', ['illness'])).then([recorded('ta-2', ['illness'])]);
  });

  it('a county exception allows exactly one more grant for the cause', () => {
    const granted = given(decider, [recorded('ta-1', ['fire'])]).when(exception('county')).then((e) => expect(e).toHaveLength(1));
    expect(granted[0]).toEqual({
      type: 'TemporaryAidExceptionGranted',
      data: {
        personRef: 'p1',
        year: 2026,
        cause: 'fire',
        exceptionId: 'ex-1',
        reason: 'house destroyed twice',
        grantedBy: { sub: 'o1', role: 'officer', level: 'county' },
        grantedAt: NOW,
      },
    });
    const history = [recorded('ta-1', ['fire']), ...granted];
    given(decider, history).when(record('ta-2', ['fire'])).then([recorded('ta-2', ['fire'])]);
    given(decider, [...history, recorded('ta-2', ['fire'])]).when(record('ta-3', ['fire'])).thenFails(/once per calendar year/);
  });

  it('the same exception is granted once', () => {
    given(decider, decider.decide(exception('county'), decider.initialState)).when(exception('county')).then([]);
  });

  it('only the county grants exceptions, with a written reason', () => {
    given(decider).when(exception('township')).thenFails(/county level/);
    given(decider).when(exception('county', ' ')).thenFails(/written reason/);
  });

  it('refuses commands for another person or year', () => {
    given(decider, [recorded('ta-1', ['fire'])])
      .when({ ...record('ta-2', ['illness']), data: { ...record('ta-2', ['illness']).data, year: 2027 } } as PersonYearLedgerCommand)
      .thenFails(/not p1 in 2027/);
  });

  it('refuses a non-positive amount', () => {
    const cmd = record('ta-1', ['fire']);
    given(decider).when({ ...cmd, data: { ...cmd.data, amountFen: 0 } } as PersonYearLedgerCommand).thenFails(/amountFen/);
  });
});
