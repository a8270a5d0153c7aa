import type { IsoDate } from '@onedoor/contracts';
import { addCalendarDays, chinaDateOf, dayOfWeek, datesBetween, isIsoDate } from './dates';

/**
 * Working days on a configurable holiday calendar (policy-rules §8). China moves weekends around its
 * public holidays (调休): some weekdays are days off and some Saturdays/Sundays are working days.
 */
export interface HolidayCalendar {
  readonly name: string;
  /** Years the table covers. Outside them only Saturdays and Sundays are days off (see `covers`). */
  readonly years: ReadonlySet<number>;
  /** Days off that would otherwise be working days. */
  readonly holidays: ReadonlySet<IsoDate>;
  /** Saturdays or Sundays that are working days (调休上班). */
  readonly makeUpWorkdays: ReadonlySet<IsoDate>;
}

/** JSON-friendly definition of one year: single dates or inclusive [from, to] ranges. */
export interface CalendarYear {
  holidays: (IsoDate | [IsoDate, IsoDate])[];
  makeUpWorkdays: IsoDate[];
}

export function holidayCalendar(name: string, years: Record<number, CalendarYear>): HolidayCalendar {
  const holidays = new Set<IsoDate>();
  const makeUpWorkdays = new Set<IsoDate>();
  for (const [year, def] of Object.entries(years)) {
    for (const entry of def.holidays) {
      const [from, to] = typeof entry === 'string' ? [entry, entry] : entry;
      if (!isIsoDate(from) || !isIsoDate(to) || to < from) throw new RangeError(`${name} ${year}: bad holiday ${JSON.stringify(entry)}`);
      datesBetween(from, to).forEach((d) => holidays.add(d));
    }
    for (const d of def.makeUpWorkdays) {
      if (!isIsoDate(d)) throw new RangeError(`${name} ${year}: bad make-up working day ${JSON.stringify(d)}`);
      makeUpWorkdays.add(d);
    }
  }
  return { name, years: new Set(Object.keys(years).map(Number)), holidays, makeUpWorkdays };
}

/**
 * China's public holidays 2025–2027. 2025 and 2026 follow the State Council notices; 2027 is an
 * APPROXIMATION from the lunar dates (the notice is published late in the previous year) and must be
 * replaced by the official table when it appears.
 */
export const CHINA_PUBLIC_HOLIDAYS: HolidayCalendar = holidayCalendar('CN public holidays 2025–2027', {
  2025: {
    holidays: [
      '2025-01-01',
      ['2025-01-28', '2025-02-04'], // Spring Festival
      ['2025-04-04', '2025-04-06'], // Qingming
      ['2025-05-01', '2025-05-05'], // Labour Day
      ['2025-05-31', '2025-06-02'], // Dragon Boat
      ['2025-10-01', '2025-10-08'], // National Day + Mid-Autumn
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'], // Spring Festival
      ['2026-04-04', '2026-04-06'], // Qingming
      ['2026-05-01', '2026-05-05'], // Labour Day
      ['2026-06-19', '2026-06-21'], // Dragon Boat
      ['2026-09-25', '2026-09-27'], // Mid-Autumn
      ['2026-10-01', '2026-10-07'], // National Day
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  2027: {
    // approximate: no make-up working days assumed
    holidays: [
      ['2027-01-01', '2027-01-03'],
      ['2027-02-05', '2027-02-11'], // Spring Festival (New Year's Day 2027-02-06)
      ['2027-04-03', '2027-04-05'], // Qingming
      ['2027-05-01', '2027-05-05'], // Labour Day
      '2027-06-09', // Dragon Boat
      '2027-09-15', // Mid-Autumn
      ['2027-10-01', '2027-10-07'], // National Day
    ],
    makeUpWorkdays: [],
  },
});

/** Whether the calendar has a holiday table for the year (a health check should warn when not). */
export function covers(calendar: HolidayCalendar, year: number): boolean {
  return calendar.years.has(year);
}

export function isWorkingDay(date: IsoDate | Date, calendar: HolidayCalendar): boolean {
  const d = chinaDateOf(date);
  if (calendar.makeUpWorkdays.has(d)) return true;
  if (calendar.holidays.has(d)) return false;
  const dow = dayOfWeek(d);
  return dow !== 0 && dow !== 6;
}

/**
 * The n-th working day after `date` (the day of receipt does not count, as in administrative
 * practice); n = 0 gives the date itself. The result is a China local date: due by the end of that day.
 */
export function addWorkingDays(date: IsoDate | Date, n: number, calendar: HolidayCalendar): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let d = chinaDateOf(date);
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}

/**
 * Whether `dueBy` has passed at `now`. A date-only deadline lasts until the end of that China local
 * day; a date-time deadline is compared as an instant.
 */
export function isOverdue(dueBy: IsoDate, now: IsoDate | Date): boolean {
  if (isIsoDate(dueBy)) return chinaDateOf(now) > dueBy;
  const due = Date.parse(dueBy);
  if (Number.isNaN(due)) throw new RangeError(`not an ISO 8601 date or date-time: "${dueBy}"`);
  const at = now instanceof Date ? now.getTime() : isIsoDate(now) ? Number.NaN : Date.parse(now);
  // a date-only `now` against a date-time deadline: compare by China date
  if (Number.isNaN(at)) return chinaDateOf(now) > chinaDateOf(dueBy);
  return at > due;
}

