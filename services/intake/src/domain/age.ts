import type { IsoDate } from '@onedoor/contracts';
import { chinaDateOf } from '@onedoor/policy';

/**
 * Age in whole years on a date (China local date of an instant). Someone born on 29 February
 * turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: IsoDate, on: IsoDate | Date): number {
  const today = chinaDateOf(on);
  const born = chinaDateOf(birthDate);
  const years = Number(today.slice(0, 4)) - Number(born.slice(0, 4));
  return today.slice(5) < born.slice(5) ? years - 1 : years;
}
