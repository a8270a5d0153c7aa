import { RuleViolation as PolicyRuleViolation } from '@onedoor/policy';

export { isRuleViolation } from '@onedoor/policy';

/** A command refused by one of the department kit's rules (see @onedoor/policy's RuleViolation). */
export class RuleViolation<R extends string = DepartmentCaseRule> extends PolicyRuleViolation<R> {}

/**
 * Every rule the case lifecycle and the person-period ledger can refuse a command with; the shell
 * answers 400 when `field` names an input at fault (an amount outside the programme's bounds), 422
 * otherwise.
 */
export type DepartmentCaseRule =
  | 'validCommand'
  | 'caseMustExist'
  | 'caseIdMatches'
  | 'caseHasProgrammes'
  | 'acceptanceIsForPartners'
  | 'acceptedBeforeDecision'
  | 'decisionNeedsReasons'
  | 'programmeOnCase'
  | 'programmeDecidedOnce'
  | 'amountWithinBounds'
  | 'inKindHasNoAmount'
  | 'payerFitsProgramme'
  | 'paymentMatchesGrant'
  | 'paymentReferenceRequired'
  | 'paidOnce'
  | 'deadlinePassed'
  | 'ledgerMatchesPersonAndPeriod'
  | 'oncePerCausePerPeriod'
  | 'periodCap'
  | 'countyGrantsExceptions';
