import type { IsoDate } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3600_000;

/**
 * The calendar year (= Chinese fiscal year) of an instant, in China Standard Time, so a grant made at
 * 2026-12-31T20:00:00Z (04:00 on 1 January in Beijing) belongs to 2027.
 */
export function calendarYearOf(iso: IsoDate): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RuleViolation('validCommand', `"${iso}" is not an ISO 8601 date`);
  return new Date(ms + CST_OFFSET_MS).getUTCFullYear();
}
