import type { CaseOpened } from '@onedoor/contracts';
import { addWorkingDays, CHINA_PUBLIC_HOLIDAYS, isDivisionCode } from '@onedoor/policy';
import type { OpenCase } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/**
 * Opens the case (policy-rules §3, §11): the case file received privately, then CaseOpened with the
 * programmes; dueBy = the shortest `decisionWorkingDays` of the programmes, in working days on the
 * China public-holiday calendar after the China date of `now` (policy-rules §8), unless the command
 * gives it. The same case opened
 * again (a redelivered routing, a referral after the routing) appends nothing.
 * @throws RuleViolation caseIdMatches, validCommand, caseHasProgrammes.
 */
export function openCase(c: OpenCase['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  if (state.status !== 'none') {
    if (state.caseId === c.caseId) return [];
    throw new RuleViolation('caseIdMatches', `this stream holds case ${state.caseId}, not ${c.caseId}`);
  }
  if (!c.applicationId || (c.caseFile as { applicationId?: string } | undefined)?.applicationId !== c.applicationId) {
    throw new RuleViolation('validCommand', 'the case file must belong to the application');
  }
  if (!isDivisionCode(c.jurisdiction)) throw new RuleViolation('validCommand', `jurisdiction ${c.jurisdiction} is not a division code`);
  if (!c.programmes?.length) throw new RuleViolation('caseHasProgrammes', `case ${c.caseId} names no programme to decide`);
  const days = Math.min(...c.programmes.map((p) => p.decisionWorkingDays));
  if (!Number.isInteger(days) || days < 0) throw new RuleViolation('validCommand', `decisionWorkingDays must be a whole number ≥ 0, got ${days}`);
  const opened: CaseOpened = {
    caseId: c.caseId,
    applicationId: c.applicationId,
    department: c.department,
    beneficiaryRef: c.beneficiaryRef,
    jurisdiction: c.jurisdiction,
    dueBy: c.dueBy ?? addWorkingDays(c.now, days, CHINA_PUBLIC_HOLIDAYS),
    ...(c.referredBy ? { referredBy: c.referredBy as CaseOpened['referredBy'] } : {}),
    programmes: c.programmes,
  };
  return [
    { type: 'DepartmentCaseFileReceived', data: { caseId: c.caseId, caseFile: c.caseFile, receivedAt: c.now } },
    { type: 'CaseOpened', data: opened },
  ];
}
