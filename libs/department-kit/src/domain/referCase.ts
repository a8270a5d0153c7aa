import type { ReferCase } from './commands';
import { existingCase } from './caseOnRecord';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { DepartmentCaseState } from './state';

/**
 * Refers the case on to another department: ReferralIssued from the case's department with the cause
 * and the receiving department's own case file (least data: only what intake gave for passing on).
 * Each receiving department is referred to once; referring again appends nothing. When a department
 * refers (e.g. after its grant, policy-rules §4) is its own rule.
 * @throws RuleViolation caseMustExist, caseIdMatches, validCommand (a referral to the case's own department).
 */
export function referCase(c: ReferCase['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  if ((c.toDepartment as string) === k.department) throw new RuleViolation('validCommand', `case ${k.caseId} is ${k.department}'s: it is not referred to itself`, 'toDepartment');
  if (k.referredTo?.includes(c.toDepartment)) return [];
  return [
    {
      type: 'ReferralIssued',
      data: {
        caseId: k.caseId,
        applicationId: k.applicationId,
        fromDepartment: k.department as ReferCase['data']['toDepartment'],
        toDepartment: c.toDepartment,
        cause: c.cause,
        caseFile: c.caseFile,
      },
    },
  ];
}
