import type { IsoDate } from '@onedoor/contracts';
import { chinaDateOf } from '@onedoor/policy';
import { RuleViolation } from './ruleViolation';

/** The China Standard Time date (YYYY-MM-DD) of an instant, via @onedoor/policy's chinaDateOf. */
function beijingDate(iso: IsoDate): IsoDate {
  try {
    return chinaDateOf(iso);
  } catch {
    throw new RuleViolation('validCommand', `"${iso}" is not an ISO 8601 date`);
  }
}

/**
 * The calendar year (= Chinese fiscal year) of an instant, in China Standard Time. Throws
 * RuleViolation `validCommand` for anything but an ISO 8601 date.
 */
export function calendarYearOf(iso: IsoDate): number {
  return Number(beijingDate(iso).slice(0, 4));
}

/**
 * The school year of an instant, in China Standard Time: it runs from 1 September to 31 August and is
 * written "2026-2027". 2026-11-21 → "2026-2027"; 2027-08-31 → "2026-2027"; 2027-09-01 → "2027-2028".
 */
export function schoolYearOf(iso: IsoDate): string {
  const date = beijingDate(iso);
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
  return `${start}-${start + 1}`;
}
