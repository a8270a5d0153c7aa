/**
 * "Today", deadlines and years are China Standard Time (UTC+8) dates, whatever the server's time
 * zone: 2026-12-22T17:00Z is already 01:00 on 23 December in Beijing.
 */
import { isOverdue } from './calendar';
import { addCalendarDays, chinaDateOf, yearOf } from './dates';

describe('China dates (UTC+8)', () => {
  it.each([
    ['2026-12-22T15:59:59.999Z', '2026-12-22'], // 23:59:59 in Beijing
    ['2026-12-22T16:00:00Z', '2026-12-23'], // midnight in Beijing
    ['2026-12-22T17:00:00Z', '2026-12-23'], // 01:00 in Beijing
    ['2026-12-23T01:00:00+08:00', '2026-12-23'],
    ['2026-12-22', '2026-12-22'], // a plain date is already a China date
  ])('the China date of %s is %s', (at, date) => {
    expect(chinaDateOf(at)).toBe(date);
    if (at.includes('T')) expect(chinaDateOf(new Date(at))).toBe(date);
  });

  it('a case due 2026-12-22 is overdue from 00:00 Beijing time on the 23rd, not from 08:00', () => {
    expect(isOverdue('2026-12-22', '2026-12-22T15:59:59Z')).toBe(false);
    expect(isOverdue('2026-12-22', '2026-12-22T16:00:00Z')).toBe(true);
    expect(isOverdue('2026-12-22', '2026-12-22T17:00:00Z')).toBe(true);
    expect(isOverdue('2026-12-22', new Date('2026-12-22T17:00:00Z'))).toBe(true);
  });

  it.each([
    ['2026-12-31T15:59:59Z', 2026], // 23:59:59 on 31 December in Beijing
    ['2026-12-31T16:00:00Z', 2027], // New Year in Beijing, still 2026 in UTC
    ['2026-12-31T23:30:00Z', 2027],
    ['2027-01-01T00:00:00+08:00', 2027],
    ['2026-12-31', 2026],
  ])('the calendar and fiscal year of %s is %i', (at, year) => {
    expect(yearOf(at)).toBe(year);
  });

  it('counts calendar days from the China date of an instant (the 60-day appeal window)', () => {
    expect(addCalendarDays('2026-12-22T17:00:00Z', 60)).toBe('2027-02-21');
    expect(addCalendarDays('2026-12-22T15:00:00Z', 60)).toBe('2027-02-20');
  });

  it('refuses what is not a date', () => {
    expect(() => chinaDateOf('soon')).toThrow(RangeError);
    expect(() => chinaDateOf('2026-02-30')).toThrow(RangeError);
  });
});
