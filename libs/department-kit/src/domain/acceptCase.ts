import { isPartnerDepartment } from '@onedoor/contracts';
import { existingCase } from './caseOnRecord';
import { isDecided } from './caseStatus';
import type { AcceptCase } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/**
 * A partner department takes the case on (policy-rules §11): CaseAccepted with who and when, once;
 * accepting an accepted case appends nothing. Rule departments decide at once and accept nothing.
 * @throws RuleViolation caseMustExist, acceptanceIsForPartners, programmeDecidedOnce (all decided), validCommand.
 */
export function acceptCase(c: AcceptCase['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  if (!isPartnerDepartment(k.department)) throw new RuleViolation('acceptanceIsForPartners', `${k.department} decides its cases by its rule; there is nothing to accept`);
  if (k.acceptedBy) return [];
  if (isDecided(state)) throw new RuleViolation('programmeDecidedOnce', `case ${c.caseId} is already decided`);
  if (!c.by?.sub) throw new RuleViolation('validCommand', 'an acceptance names who accepted');
  return [
    {
      type: 'CaseAccepted',
      data: { caseId: k.caseId, applicationId: k.applicationId, department: k.department, acceptedBy: { sub: c.by.sub, role: c.by.role }, acceptedAt: c.now },
    },
  ];
}
