/**
 * A command refused by a business rule: `rule` names the rule (a stable id, the file that enforces
 * it), the message is the written reason, `field` the input at fault when there is one. Shells map
 * it to a 4xx problem detail; they recognise it with `isRuleViolation`, not instanceof, since each
 * domain narrows `R` to its own rules.
 */
export class RuleViolation<R extends string = string> extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly rule: R,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isRuleViolation(e: unknown): e is RuleViolation {
  return e instanceof Error && e.name === 'RuleViolation' && typeof (e as { rule?: unknown }).rule === 'string';
}
