/** Intake's refusals carry a stable rule id (e.g. `consent.economicCheckRequired`) and the field at fault. */
export { RuleViolation, isRuleViolation } from '@onedoor/policy';
