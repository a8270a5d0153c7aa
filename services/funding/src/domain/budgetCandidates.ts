import type { AnyDepartment as Department, DivisionCode } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

/** Budget id convention: `${programme}:${fiscalYear}:${jurisdiction}`. */
export const budgetIdOf = (programme: Department, fiscalYear: number, jurisdiction: DivisionCode): string =>
  `${programme}:${fiscalYear}:${jurisdiction}`;

const DIVISION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;

/**
 * The budgets that may pay a grant charged to `jurisdiction`, from the most specific upward: the
 * township's reserve fund (备用金), then the county, city and province budgets. Villages hold no budget,
 * so a 12-digit code starts at its township. The shell charges the first that exists — and must keep
 * that choice for the grant (e.g. record it) so a redelivered grant is asked of the same budget.
 *
 * budgetCandidates('temporary-aid', 2026, '321323100201') →
 *   temporary-aid:2026:321323100, temporary-aid:2026:321323, temporary-aid:2026:321300, temporary-aid:2026:320000
 */
export function budgetCandidates(programme: Department, fiscalYear: number, jurisdiction: DivisionCode): string[] {
  if (!DIVISION_CODE.test(jurisdiction)) {
    throw new RuleViolation('validJurisdiction', `"${jurisdiction}" is not a 6-, 9- or 12-digit division code`);
  }
  const levels = [
    ...(jurisdiction.length >= 9 ? [jurisdiction.slice(0, 9)] : []),
    jurisdiction.slice(0, 6),
    `${jurisdiction.slice(0, 4)}00`,
    `${jurisdiction.slice(0, 2)}0000`,
  ];
  return [...new Set(levels)].map((code) => budgetIdOf(programme, fiscalYear, code));
}
