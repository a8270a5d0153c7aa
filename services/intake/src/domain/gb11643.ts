import type { IsoDate } from '@onedoor/contracts';
import { isIsoDate } from '@onedoor/policy';
import { RuleViolation } from './rule-violation';

/**
 * Citizen ID numbers (GB 11643-1999): 6-digit region of first registration, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character (0–9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^[1-9]\d{16}[\dX]$/;

/** The check character for the first 17 digits. */
export function checkDigitOf(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got ${first17.length} characters`);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return CHECK_CHARACTERS[sum % 11];
}

export type IdNumberProblem = 'id.gb11643.format' | 'id.gb11643.birthDate' | 'id.gb11643.checkDigit';

/** Why an ID number is not valid, or null. A lowercase x is accepted as X (people type it so). */
export function idNumberProblem(idNumber: string): IdNumberProblem | null {
  const id = idNumber.toUpperCase();
  if (!SHAPE.test(id)) return 'id.gb11643.format';
  if (!isIsoDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`)) return 'id.gb11643.birthDate';
  if (checkDigitOf(id.slice(0, 17)) !== id[17]) return 'id.gb11643.checkDigit';
  return null;
}

export function isValidIdNumber(idNumber: string): boolean {
  return idNumberProblem(idNumber) === null;
}

const PROBLEM_TEXT: Record<IdNumberProblem, string> = {
  'id.gb11643.format': 'an ID number has 18 characters: 17 digits and a check digit or X',
  'id.gb11643.birthDate': 'the ID number does not contain a real birth date',
  'id.gb11643.checkDigit': 'the check digit of the ID number is wrong (mistyped?)',
};

/** Throws a RuleViolation naming `field` when the ID number is not valid; the message never repeats it. */
export function assertValidIdNumber(idNumber: string, field = 'idNumber'): void {
  const problem = idNumberProblem(idNumber);
  if (problem) throw new RuleViolation(problem, `${field}: ${PROBLEM_TEXT[problem]}`, field);
}

/** The birth date an ID number carries. */
export function birthDateOf(idNumber: string, field = 'idNumber'): IsoDate {
  assertValidIdNumber(idNumber, field);
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
