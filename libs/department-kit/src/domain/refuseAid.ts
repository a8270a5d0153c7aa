import { isPartnerDepartment } from '@onedoor/contracts';
import { addCalendarDays } from '@onedoor/policy';
import { assertDecidable, assertReasons, existingCase, programmeOf } from './caseOnRecord';
import type { RefuseAid } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/**
 * Refuses in writing with reasons and the appeal date (policy-rules §3: administrative
 * reconsideration within `appealWindowDays` calendar days of the China date of `now`): one programme,
 * or, without programmeId, every programme still pending (one AidRefused without programmeId).
 * @throws RuleViolation caseMustExist, programmeOnCase, acceptedBeforeDecision, programmeDecidedOnce,
 *   decisionNeedsReasons, validCommand.
 */
export function refuseAid(c: RefuseAid['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  assertDecidable(k, isPartnerDepartment(k.department));
  if (c.programmeId !== undefined) {
    const { decision } = programmeOf(k, c.programmeId);
    if (decision.status !== 'pending') throw new RuleViolation('programmeDecidedOnce', `programme ${c.programmeId} of case ${c.caseId} is already ${decision.status}`);
  } else if (k.programmes.every((p) => (k.decisions[p.programmeId]?.status ?? 'pending') !== 'pending')) {
    throw new RuleViolation('programmeDecidedOnce', `every programme of case ${c.caseId} is already decided`);
  }
  assertReasons(c.reasons);
  if (!Number.isInteger(c.appealWindowDays) || c.appealWindowDays <= 0) throw new RuleViolation('validCommand', `the appeal window must be a positive number of days, got ${c.appealWindowDays}`);
  return [
    {
      type: 'AidRefused',
      data: {
        caseId: k.caseId,
        applicationId: k.applicationId,
        department: k.department,
        reasons: c.reasons,
        appealBy: addCalendarDays(c.now, c.appealWindowDays),
        decidedBy: { sub: c.decidedBy.sub, role: c.decidedBy.role, level: c.decidedBy.level },
        inputs: c.inputs ?? {},
        provenance: c.provenance,
        ...(c.programmeId !== undefined ? { programmeId: c.programmeId } : {}),
      },
    },
  ];
}
