import { isOverdue, parentOf } from '@onedoor/policy';
import { existingCase } from './caseOnRecord';
import { isDecided } from './caseStatus';
import type { FlagMissedDeadline } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/** The deadline a department case can miss: its decision (policy-rules §8). */
export const DECISION_DEADLINE = 'ordinary_decision' as const;

/**
 * The decision deadline passed (dueBy, a China date, is over at `now`) with programmes still
 * pending: DeadlineMissed escalated to the level above the case's jurisdiction (policy-rules §8), once
 * per case; a decided case or one already escalated appends nothing.
 * @throws RuleViolation caseMustExist, deadlinePassed (not yet due).
 */
export function flagMissedDeadline(c: FlagMissedDeadline['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  if (isDecided(state) || k.missedDeadlines.includes(DECISION_DEADLINE)) return [];
  if (!isOverdue(k.dueBy, c.now)) throw new RuleViolation('deadlinePassed', `case ${c.caseId} is due by ${k.dueBy}: not missed at ${c.now}`);
  return [
    {
      type: 'DeadlineMissed',
      data: { applicationId: k.applicationId, caseId: k.caseId, service: c.service, deadline: DECISION_DEADLINE, dueBy: k.dueBy, escalatedTo: parentOf(k.jurisdiction) },
    },
  ];
}
