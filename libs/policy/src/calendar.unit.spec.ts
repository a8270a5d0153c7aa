import { addWorkingDays, CHINA_PUBLIC_HOLIDAYS, covers, holidayCalendar, isOverdue, isWorkingDay } from './calendar';
import { addCalendarDays, chinaDateOf } from './dates';

const cal = CHINA_PUBLIC_HOLIDAYS;

describe('working-day calendar', () => {
  it('skips a weekend: Friday + 2 working days is Tuesday', () => {
    expect(addWorkingDays('2026-11-20', 2, cal)).toBe('2026-11-24');
  });

  it('skips a holiday: the National Day week', () => {
    // Wed 2026-09-30 + 1 working day: Oct 1–7 are holidays, Thu Oct 8 is the next working day
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(isWorkingDay('2026-10-05', cal)).toBe(false);
  });

  it('counts a make-up Saturday (调休) as a working day', () => {
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday
    // Thu Oct 8 + 2: Fri Oct 9, Sat Oct 10 (make-up)
    expect(addWorkingDays('2026-10-08', 2, cal)).toBe('2026-10-10');
  });

  it('takes an instant as its China local date', () => {
    // 2026-11-20T17:00Z is Saturday 01:00 in China
    expect(chinaDateOf('2026-11-20T17:00:00Z')).toBe('2026-11-21');
    expect(addWorkingDays('2026-11-20T17:00:00Z', 1, cal)).toBe('2026-11-23');
  });

  it('adds 0 working days as the date itself and refuses negative counts', () => {
    expect(addWorkingDays('2026-11-21', 0, cal)).toBe('2026-11-21');
    expect(() => addWorkingDays('2026-11-21', -1, cal)).toThrow(RangeError);
  });

  it('adds calendar days across months and leap days', () => {
    expect(addCalendarDays('2026-11-20', 60)).toBe('2027-01-19');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('treats only weekends as days off outside the covered years', () => {
    expect(covers(cal, 2026)).toBe(true);
    expect(covers(cal, 2030)).toBe(false);
    expect(addWorkingDays('2030-10-01', 1, cal)).toBe('2030-10-02');
  });

  it('builds a calendar from a JSON-friendly definition and rejects bad dates', () => {
    const local = holidayCalendar('test', { 2026: { holidays: [['2026-11-23', '2026-11-24']], makeUpWorkdays: ['2026-11-21'] } });
    expect(addWorkingDays('2026-11-20', 2, local)).toBe('2026-11-25'); // Sat 21 works, Mon–Tue off
    expect(() => holidayCalendar('bad', { 2026: { holidays: ['2026-02-30'], makeUpWorkdays: [] } })).toThrow(/bad holiday/);
  });

  it('is overdue only after the whole due day has passed in China', () => {
    expect(isOverdue('2026-11-24', '2026-11-24T15:59:59Z')).toBe(false); // 23:59:59 in China
    expect(isOverdue('2026-11-24', '2026-11-24T16:00:00Z')).toBe(true); // midnight in China
    expect(isOverdue('2026-11-24T10:00:00Z', '2026-11-24T10:00:01Z')).toBe(true);
    expect(isOverdue('2026-11-24T10:00:00Z', '2026-11-24T09:00:00Z')).toBe(false);
  });
});
