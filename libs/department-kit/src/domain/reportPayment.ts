import { existingCase, programmeOf } from './caseOnRecord';
import type { ReportPayment } from './commands';
import type { DepartmentCaseEvent } from './events';
import { RuleViolation } from './ruleViolation';
import type { CaseOnRecord, DepartmentCaseState } from './state';

/** The budget id recorded when the department's own system paid: `department:<department>`. */
export const departmentBudgetId = (department: string): string => `department:${department}`;

/**
 * The programme a payment report is for: the one named, else the case's only grant paid by the
 * department still awaiting its payment, else (none awaiting) its only grant paid by the department,
 * already paid — so that a second report meets paidOnce rather than a missing programme.
 * @throws RuleViolation validCommand (field programmeId) when several grants could be meant,
 *   paymentMatchesGrant when the case has no grant paid by the department.
 */
export function programmeOfPaymentReport(k: CaseOnRecord, programmeId?: string): string {
  if (programmeId !== undefined) return programmeId;
  const byDepartment = k.programmes.filter((p) => {
    const d = k.decisions[p.programmeId];
    return d?.status === 'granted' && d.paidBy === 'department';
  });
  const awaiting = byDepartment.filter((p) => {
    const d = k.decisions[p.programmeId];
    return d?.status === 'granted' && !d.paid;
  });
  const candidates = awaiting.length ? awaiting : byDepartment;
  if (candidates.length === 1) return candidates[0].programmeId;
  if (candidates.length === 0) throw new RuleViolation('paymentMatchesGrant', `case ${k.caseId} has no grant decided with paidBy department: there is no payment to report`);
  throw new RuleViolation(
    'validCommand',
    `programmeId: case ${k.caseId} has several grants paid by the department (${candidates.map((p) => p.programmeId).join(', ')}); name the one paid`,
    'programmeId',
  );
}

/**
 * The department's own system paid a grant decided with paidBy department (policy-rules §11):
 * CasePaid with paidBy department, `paymentReference` and budgetId `department:<department>`. The
 * amount must equal the grant; the same reference again appends nothing; another reference is refused.
 * Without programmeId, the grant is found by programmeOfPaymentReport.
 * @throws RuleViolation caseMustExist, programmeOnCase, validCommand (field programmeId, several grants could be meant), paymentMatchesGrant (field amountFen when the
 *   amount differs), paymentReferenceRequired (field paymentReference), paidOnce.
 */
export function reportPayment(c: ReportPayment['data'], state: DepartmentCaseState): DepartmentCaseEvent[] {
  const k = existingCase(state, c.caseId);
  const programmeId = programmeOfPaymentReport(k, c.programmeId);
  const { decision } = programmeOf(k, programmeId);
  if (decision.status !== 'granted') throw new RuleViolation('paymentMatchesGrant', `programme ${programmeId} of case ${c.caseId} is ${decision.status}: there is no grant to pay`);
  if (decision.paidBy !== 'department') {
    throw new RuleViolation('paymentMatchesGrant', `grant ${decision.grantId} is paid by ${decision.paidBy}; only grants decided with paidBy department are reported`, 'paidBy');
  }
  const reference = typeof c.paymentReference === 'string' ? c.paymentReference.trim() : '';
  if (!reference) throw new RuleViolation('paymentReferenceRequired', 'a payment report names the department system\u2019s payment reference', 'paymentReference');
  if (decision.paid) {
    if (decision.paid.paymentReference === reference && decision.amountFen === c.amountFen) return [];
    throw new RuleViolation('paidOnce', `grant ${decision.grantId} was already paid (reference ${decision.paid.paymentReference})`);
  }
  if (c.amountFen !== decision.amountFen) {
    throw new RuleViolation('paymentMatchesGrant', `a payment of ${c.amountFen} fen does not match grant ${decision.grantId} of ${decision.amountFen} fen`, 'amountFen');
  }
  return [
    {
      type: 'CasePaid',
      data: {
        caseId: k.caseId,
        applicationId: k.applicationId,
        department: k.department,
        grantId: decision.grantId,
        amountFen: decision.amountFen,
        budgetId: departmentBudgetId(k.department),
        paidBy: 'department',
        paymentReference: reference,
      },
    },
  ];
}
