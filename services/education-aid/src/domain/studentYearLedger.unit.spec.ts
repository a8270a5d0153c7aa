import { given } from '@onedoor/testing';
import { RuleViolation } from './ruleViolation';
import { StudentYearLedgerCommand, StudentYearLedgerEvent, studentYearLedgerDecider as decider, studentYearLedgerStreamId } from './studentYearLedger';

const NOW = '2026-11-21T10:00:00+08:00';
const record = (caseId: string, schoolYear = '2026-2027'): StudentYearLedgerCommand => ({
  type: 'RecordEducationAid',
  data: { personRef: 's1', schoolYear, caseId, grantId: `${caseId}:s1`, amountFen: 200_000, now: NOW },
});
const recorded = (caseId: string): StudentYearLedgerEvent => ({
  type: 'EducationAidRecorded',
  data: { personRef: 's1', schoolYear: '2026-2027', caseId, grantId: `${caseId}:s1`, amountFen: 200_000, recordedAt: NOW },
});

describe('student-year ledger', () => {
  it('has one stream per student and school year', () => {
    expect(studentYearLedgerStreamId('s1', '2026-2027')).toBe('education-aid-ledger-s1-2026-2027');
  });

  it('records the grant of the school year, once', () => {
    given(decider).when(record('e-1')).then([recorded('e-1')]);
    given(decider, [recorded('e-1')]).when(record('e-1')).then([]);
  });

  it('refuses a second grant in the same school year', () => {
    const e = given(decider, [recorded('e-1')]).when(record('e-2')).thenFails(/already received education aid for school year 2026-2027/);
    expect((e as RuleViolation).rule).toBe('educationAidOncePerStudentPerSchoolYear');
  });

  it('refuses a command for another school year on this stream', () => {
    given(decider, [recorded('e-1')]).when(record('e-2', '2027-2028')).thenFails(/not s1 in 2027-2028/);
  });
});
