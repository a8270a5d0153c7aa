/**
 * A command refused by a business rule. `rule` names the rule (the file that enforces it), `message` is
 * the written reason. The shell maps it to a 422 problem detail; duck-type with `isRuleViolation`.
 */
export class RuleViolation<R extends string = MedicalAidRule> extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly rule: R,
    message: string,
  ) {
    super(message);
  }
}

export function isRuleViolation(e: unknown): e is RuleViolation<string> {
  return e instanceof Error && e.name === 'RuleViolation' && typeof (e as { rule?: unknown }).rule === 'string';
}

/** Every rule this domain can refuse a command with. */
export type MedicalAidRule =
  | 'validCommand'
  | 'validParameters'
  | 'caseMustExist'
  | 'caseIdMatches'
  | 'ledgerMatchesPersonAndYear'
  | 'medicalAidAnnualCap'
  | 'paymentMatchesGrant';
