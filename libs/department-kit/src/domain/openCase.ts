import type { CaseOpened } from '@onedoor/contracts';
import { addWorkingDays, CHINA_PUBLIC_HOLIDAYS, isDivisionCode } from '@onedoor/policy';
import type { OpenCase } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/** The fields of the kit's CaseOpened: a department's details may not name them. */
export const CASE_OPENED_FIELDS = ['caseId', 'applicationId', 'department', 'beneficiaryRef', 'jurisdiction', 'dueBy', 'referredBy', 'programmes'] as const;

/**
 * A department's own fields on a kit event stay its own: none of `details` may name one of the kit's `fields`.
 * @throws RuleViolation validCommand (field details).
 */
export function assertOwnDetails(details: Record<string, unknown> | undefined, fields: readonly string[]): void {
  const clash = Object.keys(details ?? {}).filter((k) => fields.includes(k));
  if (clash.length) throw new RuleViolation('validCommand', `details may not name the kit's fields: ${clash.join(', ')}`, 'details');
}

/**
 * Opens the case (policy-rules §3, §11): the case file received privately, then CaseOpened with the
 * programmes; dueBy = the shortest `decisionWorkingDays` of the programmes, in working days on the
 * China public-holiday calendar after the China date of `now` (policy-rules §8), unless the command
 * gives it. The department's own `details` follow the kit's fields on CaseOpened. The same case opened
 * again (a redelivered routing, a referral after the routing) appends nothing.
 * @throws RuleViolation caseIdMatches, validCommand (also for details naming a field of CaseOpened), caseHasProgrammes.
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
  assertOwnDetails(c.details, CASE_OPENED_FIELDS);
  const opened: CaseOpened = {
    caseId: c.caseId,
    applicationId: c.applicationId,
    department: c.department,
    beneficiaryRef: c.beneficiaryRef,
    jurisdiction: c.jurisdiction,
    dueBy: c.dueBy ?? addWorkingDays(c.now, days, CHINA_PUBLIC_HOLIDAYS),
    ...(c.referredBy ? { referredBy: c.referredBy as CaseOpened['referredBy'] } : {}),
    programmes: c.programmes,
    ...c.details,
  };
  return [
    { type: 'DepartmentCaseFileReceived', data: { caseId: c.caseId, caseFile: c.caseFile, receivedAt: c.now } },
    { type: 'CaseOpened', data: opened },
  ];
}
