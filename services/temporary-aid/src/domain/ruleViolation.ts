import { RuleViolation as PolicyRuleViolation } from '@onedoor/policy';

export { isRuleViolation } from '@onedoor/policy';

/** A command refused by one of this domain's rules (see @onedoor/policy's RuleViolation). */
export class RuleViolation<R extends string = TemporaryAidRule> extends PolicyRuleViolation<R> {}

/** Every rule this domain can refuse a command with. */
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
