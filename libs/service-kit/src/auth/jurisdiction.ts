import { isDivisionCode as isPolicyDivisionCode, levelOf, significantPrefix as subtreePrefix } from '@onedoor/policy';

/**
 * Administrative division codes (行政区划代码) as the subtree of a caller's jurisdiction
 * (policy-rules §1): 6 digits for a province (`xx0000`), a city (`xxxx00`) or a county, 9 for a
 * township or street, 12 for a village or community. A province code covers its province, a city
 * code its city, any other code itself and the codes that extend it. `000000` is the whole country
 * (administrators only). Anything else — `32`, `3213`, `3213230`, letters, spaces — is malformed
 * and covers nothing.
 */
export type DivisionLevel = 'nation' | 'province' | 'city' | 'county' | 'township' | 'village';

/** The whole country: only an administrator's jurisdiction may be this. */
export const NATIONWIDE = '000000';

/**
 * The level of a well-formed division code, or undefined for a malformed one (the levels are
 * @onedoor/policy's, plus `000000` for the nation).
 * `320000` → province, `321300` → city, `321323` → county, `321323100` → township,
 * `321323100201` → village, `000000` → nation.
 */
export function divisionLevel(code: unknown): DivisionLevel | undefined {
  if (code === NATIONWIDE) return 'nation';
  return isPolicyDivisionCode(code) ? levelOf(code) : undefined;
}

/** True for a well-formed division code (including `000000`, the whole country). */
export const isDivisionCode = (code: unknown): code is string => divisionLevel(code) !== undefined;

/**
 * The digits every code of the subtree starts with: `32` for province 320000, `3713` for city
 * 371300, the code itself below, '' for the whole country. A malformed code gives itself (a prefix
 * that `isWithinJurisdiction` never uses: it refuses malformed roots).
 */
export function significantPrefix(code: string): string {
  const level = divisionLevel(code);
  if (level === 'nation') return '';
  return level ? subtreePrefix(code) : code;
}

/**
 * True when `code` lies in the subtree rooted at `root` (a code is within itself). Fails closed:
 * a malformed root or code is within nothing, so a jurisdiction such as `32` or `3213230` never
 * reaches county 321323.
 */
export function isWithinJurisdiction(code: string, root: string): boolean {
  if (!isDivisionCode(root) || !isDivisionCode(code) || code === NATIONWIDE) return root === NATIONWIDE && code === NATIONWIDE;
  return code.startsWith(significantPrefix(root));
}
