/**
 * Division codes: 2 digits province, 4 city, 6 county, 9 township, 12 village. A code written
 * with trailing zeros (320000, 371600) stands for the whole province or city.
 */
export function significantPrefix(code: string): string {
  if (code.length === 6) {
    if (code.endsWith('0000')) return code.slice(0, 2);
    if (code.endsWith('00')) return code.slice(0, 4);
  }
  return code;
}

/** True when `code` lies in the subtree rooted at `root` (a code is within itself). */
export function isWithinJurisdiction(code: string, root: string): boolean {
  if (!code || !root) return false;
  return code.startsWith(significantPrefix(root));
}
