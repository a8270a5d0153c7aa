import type { Fen, RoutedProgramme } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';
import type { Payer } from './state';

/**
 * Who pays a grant of `programme` and whether `amountFen` fits it (policy-rules §11):
 * - `bounds`: minFen ≤ amountFen ≤ maxFen (fen, already scaled to the household), paid by funding
 *   (default) or the department;
 * - `in_kind` (a home, a job): amountFen 0, paid by nobody (`in_kind`);
 * - `department_system`: a positive amount the department's own system pays (`department`);
 * - `rule`: a positive amount computed by the department's rule, paid by funding.
 * @returns the payer (the default when `paidBy` is absent).
 * @throws RuleViolation amountWithinBounds / inKindHasNoAmount / validCommand (field amountFen),
 *   payerFitsProgramme (field paidBy).
 */
export function payerOfGrant(programme: RoutedProgramme, amountFen: Fen, paidBy?: Payer): Payer {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RuleViolation('validCommand', `amountFen must be a whole number of fen ≥ 0, got ${amountFen}`, 'amountFen');
  const amount = programme.amount;
  const payer = paidBy ?? (amount.kind === 'in_kind' ? 'in_kind' : amount.kind === 'department_system' ? 'department' : 'funding');
  const allowed: Payer[] = amount.kind === 'in_kind' ? ['in_kind'] : amount.kind === 'department_system' ? ['department'] : amount.kind === 'rule' ? ['funding'] : ['funding', 'department'];
  if (!allowed.includes(payer)) {
    throw new RuleViolation('payerFitsProgramme', `programme ${programme.programmeId} (${amount.kind}) is paid by ${allowed.join(' or ')}, not ${payer}`, 'paidBy');
  }
  if (amount.kind === 'in_kind') {
    if (amountFen !== 0) throw new RuleViolation('inKindHasNoAmount', `programme ${programme.programmeId} is given in kind: amountFen must be 0, got ${amountFen}`, 'amountFen');
    return payer;
  }
  if (amountFen === 0) throw new RuleViolation('validCommand', `a grant of programme ${programme.programmeId} needs a positive amountFen`, 'amountFen');
  if (amount.kind === 'bounds' && (amountFen < amount.minFen || amountFen > amount.maxFen)) {
    throw new RuleViolation(
      'amountWithinBounds',
      `${amountFen} fen is outside the bounds of programme ${programme.programmeId} for this household: ${amount.minFen}–${amount.maxFen} fen`,
      'amountFen',
    );
  }
  return payer;
}
