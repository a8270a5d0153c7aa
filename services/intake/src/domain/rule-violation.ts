/**
 * A command that breaks a business rule. `rule` is a stable id (e.g. `consent.economicCheckRequired`)
 * the shell maps to a 4xx problem detail; the message is for people.
 */
export class RuleViolation extends Error {
  constructor(readonly rule: string, message: string, readonly field?: string) {
    super(message);
    this.name = 'RuleViolation';
  }
}
