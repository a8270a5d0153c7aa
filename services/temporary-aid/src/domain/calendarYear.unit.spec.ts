import { calendarYearOf } from './calendarYear';
import { RuleViolation } from './ruleViolation';

describe('calendar year (China Standard Time)', () => {
  it.each([
    ['2026-12-31T15:59:59Z', 2026], // 23:59:59 on 31 December in Beijing
    ['2026-12-31T16:00:00Z', 2027], // New Year in Beijing, still 2026 in UTC
    ['2026-12-31T20:00:00Z', 2027],
    ['2027-01-01T00:00:00+08:00', 2027],
    ['2026-12-31', 2026],
  ])('%s is in %i', (at, year) => {
    expect(calendarYearOf(at)).toBe(year);
  });

  it('refuses what is not a date', () => {
    expect(() => calendarYearOf('soon')).toThrow(RuleViolation);
  });
});
