import { RuleViolation as KitRuleViolation } from '@onedoor/department-kit';

export { isRuleViolation } from '@onedoor/policy';

/**
 * A command refused by one of temporary aid's rules or by the department kit's case lifecycle: the
 * kit's RuleViolation (see @onedoor/policy's), so a refusal by either is one kind of error.
 */
export const RuleViolation = KitRuleViolation as new <R extends string = TemporaryAidRule>(rule: R, message: string, field?: string) => KitRuleViolation<R>;
export type RuleViolation<R extends string = TemporaryAidRule> = KitRuleViolation<R>;

/** Every rule of temporary aid's own a command can be refused with (the kit's lifecycle adds its DepartmentCaseRule). */
export type TemporaryAidRule =
  | 'validCommand'
  | 'validParameters'
  | 'caseMustExist'
  | 'caseIdMatches'
  | 'caseMustBeOpen'
  | 'ordinaryAidNeedsAnOfficer'
  | 'approvalCap'
  | 'refusalNeedsReasons'
  | 'temporaryAidOncePerCausePerYear'
  | 'ledgerMatchesPersonAndYear'
  | 'countyGrantsExceptions'
  | 'referralsAfterGrant'
  | 'paymentMatchesGrant';
