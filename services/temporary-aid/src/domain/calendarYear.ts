import type { IsoDate } from '@onedoor/contracts';
import { yearOf } from '@onedoor/policy';
import { RuleViolation } from './ruleViolation';

/**
 * The calendar year (= Chinese fiscal year) of an instant or a China date, in China Standard Time
 * (@onedoor/policy's yearOf), so a grant made at 2026-12-31T20:00:00Z (04:00 on 1 January in
 * Beijing) belongs to 2027. Throws RuleViolation `validCommand` for anything but an ISO 8601 date.
 */
export function calendarYearOf(iso: IsoDate): number {
  try {
    return yearOf(iso);
  } catch {
    throw new RuleViolation('validCommand', `"${iso}" is not an ISO 8601 date`);
  }
}
