import type { DivisionCode } from '@onedoor/contracts';

/**
 * Chinese administrative division codes (policy-rules §1): 2 digits + `0000` a province,
 * 4 significant digits + `00` a city, 6 digits a county, 9 a township/street, 12 a village/community.
 */
export type JurisdictionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export class InvalidDivisionCode extends Error {
  constructor(readonly code: unknown) {
    super(`not an administrative division code (6, 9 or 12 digits): ${JSON.stringify(code)}`);
    this.name = 'InvalidDivisionCode';
  }
}

const DIVISION_CODE = /^[1-9]\d{5}(\d{3}(\d{3})?)?$/;

export function isDivisionCode(code: unknown): code is DivisionCode {
  return typeof code === 'string' && DIVISION_CODE.test(code);
}

export function levelOf(code: DivisionCode): JurisdictionLevel {
  if (!isDivisionCode(code)) throw new InvalidDivisionCode(code);
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'township';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The digits a code's subtree shares: '3716' for city 371600, '32' for province 320000. */
export function significantPrefix(code: DivisionCode): string {
  switch (levelOf(code)) {
    case 'province':
      return code.slice(0, 2);
    case 'city':
      return code.slice(0, 4);
    default:
      return code;
  }
}

/** The code itself first, then each enclosing level up to the province; no duplicates. */
export function ancestorsOf(code: DivisionCode): DivisionCode[] {
  levelOf(code); // validates
  const chain = [
    code,
    code.length === 12 ? code.slice(0, 9) : undefined,
    code.length >= 9 ? code.slice(0, 6) : undefined,
    `${code.slice(0, 4)}00`,
    `${code.slice(0, 2)}0000`,
  ];
  // a city or province code is its own "city"/"province": keep each code once, in order
  return chain.filter((c, i): c is DivisionCode => c !== undefined && chain.indexOf(c) === i);
}

/** The level above (escalation target of a missed deadline); a province has none and returns itself. */
export function parentOf(code: DivisionCode): DivisionCode {
  return ancestorsOf(code)[1] ?? code;
}

/** Whether `code` lies in the subtree of `root` (a code is within itself). */
export function isWithin(code: DivisionCode, root: DivisionCode): boolean {
  if (!isDivisionCode(code)) throw new InvalidDivisionCode(code);
  return code.startsWith(significantPrefix(root));
}
