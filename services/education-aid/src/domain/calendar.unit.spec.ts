import { calendarYearOf, schoolYearOf } from './calendar';
import { RuleViolation } from './ruleViolation';

describe('school year (1 September – 31 August, Beijing time)', () => {
  it.each([
    ['2026-11-21', '2026-2027'],
    ['2027-08-31T23:59:59+08:00', '2026-2027'],
    ['2027-09-01T00:00:00+08:00', '2027-2028'],
    ['2027-08-31T17:00:00Z', '2027-2028'], // 01:00 on 1 September in Beijing
    ['2027-01-15', '2026-2027'],
  ])('%s is in school year %s', (date, year) => {
    expect(schoolYearOf(date)).toBe(year);
  });

  it('the calendar year is Beijing’s and a bad date is refused', () => {
    expect(calendarYearOf('2026-12-31T16:00:00Z')).toBe(2027);
    expect(calendarYearOf('2026-12-31T15:59:59Z')).toBe(2026);
    expect(calendarYearOf('2026-12-22T17:00:00Z')).toBe(2026);
    expect(() => calendarYearOf('soon')).toThrow(RuleViolation);
  });
});
