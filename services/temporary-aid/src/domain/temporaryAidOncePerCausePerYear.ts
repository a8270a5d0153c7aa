import type { Cause, PersonRef } from '@onedoor/contracts';
import type { PersonYearLedgerState } from './personYearLedger';
import { RuleViolation } from './ruleViolation';

export const ONCE_PER_CAUSE_RULE = 'temporaryAidOncePerCausePerYear';

export type OncePerCauseCheck =
  | { allowed: true; reasons: string[]; exceptionsUsed: string[] }
  | { allowed: false; reasons: string[]; repeatedCauses: Cause[] };

/**
 * The same person may not receive temporary aid twice for the same cause in one calendar year unless
 * the county grants an exception. [L]
 *
 * A case's causes are all the causes of its incident; it repeats a cause when a grant of another case
 * recorded this year shares one of them. Each county exception for a cause allows one more grant for
 * that cause that year. Grants of the same case are ignored, so re-checking a case is idempotent.
 */
export function temporaryAidOncePerCausePerYear(
  ledger: PersonYearLedgerState,
  subject: { personRef: PersonRef; year: number; causes: Cause[]; caseId: string },
): OncePerCauseCheck {
  if (ledger.status === 'empty') return { allowed: true, reasons: [], exceptionsUsed: [] };
  if (ledger.personRef !== subject.personRef || ledger.year !== subject.year) {
    throw new RuleViolation(
      'ledgerMatchesPersonAndYear',
      `the ledger given is for ${ledger.personRef} in ${ledger.year}, not ${subject.personRef} in ${subject.year}`,
    );
  }
  const repeated: Cause[] = [];
  const reasons: string[] = [];
  const exceptionsUsed: string[] = [];
  for (const cause of [...new Set(subject.causes)]) {
    const prior = ledger.grants.filter((g) => g.caseId !== subject.caseId && g.causes.includes(cause));
    if (prior.length === 0) continue;
    const exceptions = ledger.exceptions.filter((e) => e.cause === cause);
    if (prior.length < 1 + exceptions.length) {
      const used = exceptions[prior.length - 1];
      exceptionsUsed.push(used.exceptionId);
      reasons.push(
        `temporary aid for cause "${cause}" was already granted in ${subject.year}, but the county granted exception ${used.exceptionId}: ${used.reason}`,
      );
      continue;
    }
    repeated.push(cause);
    const cases = prior.map((g) => `case ${g.caseId}, grant ${g.grantId}`).join('; ');
    reasons.push(
      `temporary aid for cause "${cause}" was already granted to this person in ${subject.year} (${cases}); ` +
        'the same cause is aided once per calendar year unless the county grants an exception',
    );
  }
  return repeated.length ? { allowed: false, reasons, repeatedCauses: repeated } : { allowed: true, reasons, exceptionsUsed };
}
