import type { IsoDate } from '@onedoor/contracts';
import { isIsoDate, isOverdue, parentOf } from '@onedoor/policy';
import type { FlagMissedDeadline } from './commands';
import type { IntakeEvent } from './events';
import { RuleViolation } from './rule-violation';
import { missedDeadlineKey, type ApplicationState } from './state';

/**
 * FlagMissedDeadline → DeadlineMissed, escalated to the level above the place of handling
 * (policy-rules §8). Each deadline (per case) is flagged once; a timer firing after settlement
 * finds nothing to escalate.
 */
export function flagMissedDeadline(c: FlagMissedDeadline['data'], state: ApplicationState): IntakeEvent[] {
  if (state.status === 'none') throw new RuleViolation('application.exists', `application ${c.applicationId} was not submitted`, 'applicationId');
  if (state.status === 'settled') return [];

  let dueBy: IsoDate;
  if (c.deadline === 'transfer') {
    if (state.status !== 'routed') throw new RuleViolation('deadline.applies', `application ${c.applicationId} was not routed: it has no transfer deadline`, 'deadline');
    if (c.caseId !== undefined && !state.routes.some((r) => r.caseId === c.caseId)) {
      throw new RuleViolation('deadline.knownCase', `case ${c.caseId} is not a case of application ${c.applicationId}`, 'caseId');
    }
    dueBy = state.transferDueBy;
  } else {
    if (c.dueBy === undefined) throw new RuleViolation('deadline.dueByRequired', `the ${c.deadline} deadline needs dueBy`, 'dueBy');
    if (!isIsoDate(c.dueBy) && Number.isNaN(Date.parse(c.dueBy))) throw new RuleViolation('deadline.dueByDate', `dueBy: not a date: ${JSON.stringify(c.dueBy)}`, 'dueBy');
    dueBy = c.dueBy;
  }
  if (!isOverdue(dueBy, c.now)) throw new RuleViolation('deadline.passed', `the ${c.deadline} deadline ${dueBy} has not passed at ${c.now}`, 'now');
  if (state.missedDeadlines.includes(missedDeadlineKey(c.deadline, c.caseId))) return [];

  return [
    {
      type: 'DeadlineMissed',
      data: {
        applicationId: state.applicationId,
        ...(c.caseId !== undefined ? { caseId: c.caseId } : {}),
        service: c.service ?? 'intake',
        deadline: c.deadline,
        dueBy,
        escalatedTo: parentOf(state.caseFile.jurisdiction),
      },
    },
  ];
}
