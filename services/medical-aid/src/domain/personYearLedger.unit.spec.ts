import { given } from '@onedoor/testing';
import { alreadyGrantedThisYear, PersonYearLedgerCommand, PersonYearLedgerEvent, personYearLedgerDecider as decider } from './personYearLedger';
import { RuleViolation } from './ruleViolation';

const NOW = '2026-11-21T10:00:00+08:00';
const CAP = 5_000_000;
const record = (caseId: string, amountFen: number): PersonYearLedgerCommand => ({
  type: 'RecordMedicalAid',
  data: { personRef: 'p1', year: 2026, caseId, grantId: `${caseId}:1`, amountFen, annualCapFen: CAP, now: NOW },
});
const recorded = (caseId: string, amountFen: number): PersonYearLedgerEvent => ({
  type: 'MedicalAidRecorded',
  data: { personRef: 'p1', year: 2026, caseId, grantId: `${caseId}:1`, amountFen, recordedAt: NOW },
});

describe('medical-aid person-year ledger', () => {
  it('records a grant', () => {
    given(decider).when(record('m-1', 2_220_000)).then([recorded('m-1', 2_220_000)]);
  });

  it('records a grant once (idempotent by grantId)', () => {
    given(decider, [recorded('m-1', 2_220_000)]).when(record('m-1', 2_220_000)).then([]);
  });

  it('grants up to the annual cap, shared by all cases of the year', () => {
    given(decider, [recorded('m-1', 2_220_000)]).when(record('m-2', 2_780_000)).then([recorded('m-2', 2_780_000)]);
    const e = given(decider, [recorded('m-1', 2_220_000)]).when(record('m-2', 2_780_001)).thenFails(/above the annual cap/);
    expect((e as RuleViolation).rule).toBe('medicalAidAnnualCap');
  });

  it('sums what other cases already granted', () => {
    const { state } = given(decider, [recorded('m-1', 100), recorded('m-2', 200)]);
    expect(state).toMatchObject({ status: 'active', totalFen: 300 });
    expect(alreadyGrantedThisYear(state, { personRef: 'p1', year: 2026, caseId: 'm-2' })).toBe(100);
    expect(() => alreadyGrantedThisYear(state, { personRef: 'p2', year: 2026, caseId: 'm-3' })).toThrow(RuleViolation);
  });
});
