import type { IsoDate } from '@onedoor/contracts';

/**
 * Calendar dates are China local dates (UTC+8, no daylight saving): a deadline "within 2 working days"
 * is counted on the calendar the office works by, not on UTC.
 */
export const CHINA_UTC_OFFSET_MINUTES = 8 * 60;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The China local date of an instant; a plain YYYY-MM-DD is taken as already local. */
export function chinaDateOf(at: IsoDate | Date): IsoDate {
  if (typeof at === 'string' && ISO_DATE.test(at)) {
    if (!isIsoDate(at)) throw new RangeError(`not a calendar date: "${at}"`);
    return at;
  }
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date or date-time: "${String(at)}"`);
  return new Date(ms + CHINA_UTC_OFFSET_MINUTES * 60 * 1000).toISOString().slice(0, 10);
}

function toUtcMs(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** `date` (or the China date of an instant) plus n calendar days, e.g. the 60-day appeal window. */
export function addCalendarDays(date: IsoDate | Date, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  return new Date(toUtcMs(chinaDateOf(date)) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(chinaDateOf(date))).getUTCDay();
}

export function yearOf(date: IsoDate | Date): number {
  return Number(chinaDateOf(date).slice(0, 4));
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = chinaDateOf(from); d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}
