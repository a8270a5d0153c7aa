import type { IsoDate } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3600_000;

function beijing(iso: IsoDate): Date {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RuleViolation('validCommand', `"${iso}" is not an ISO 8601 date`);
  return new Date(ms + CST_OFFSET_MS);
}

/** The calendar year (= Chinese fiscal year) of an instant, in China Standard Time. */
export function calendarYearOf(iso: IsoDate): number {
  return beijing(iso).getUTCFullYear();
}

/**
 * The school year of an instant, in China Standard Time: it runs from 1 September to 31 August and is
 * written "2026-2027". 2026-11-21 → "2026-2027"; 2027-08-31 → "2026-2027"; 2027-09-01 → "2027-2028".
 */
export function schoolYearOf(iso: IsoDate): string {
  const d = beijing(iso);
  const start = d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${start}-${start + 1}`;
}
