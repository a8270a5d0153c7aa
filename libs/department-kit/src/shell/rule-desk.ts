import type { AnyDepartment } from '@onedoor/contracts';
import { assertInSubtree, assertMayReadCases, hasRole, ProblemError, type CaseDecisionInput, type CaseDesk, type Principal } from '@onedoor/service-kit';
import type { DepartmentCases } from './department-cases';
import type { ShownCase } from './department-spec';

/**
 * The desk of a department deciding by rule with its own case view (DepartmentSpec `view`): its
 * cases by id (GET /cases/{caseId}, through the shared CaseDeskRegistry) to readers of its cases
 * within their subtree; an officer's decision is refused with 409 (its rule decided or will decide
 * the case; a decision is contested by administrative reconsideration), 403 for anyone but the
 * department's officers and admins, 404 outside the caller's subtree.
 */
export class RuleCaseDesk implements CaseDesk {
  readonly service: string;

  /** `decidedBy`: what decides the cases, as the 409 names it (e.g. `the medical-aid table`). */
  constructor(
    readonly department: AnyDepartment,
    private readonly cases: DepartmentCases,
    private readonly decidedBy: string = `the ${department} rule`,
  ) {
    this.service = cases.service;
  }

  owns(caseId: string): boolean {
    return caseId.startsWith(`${this.department}-`);
  }

  /** @throws ProblemError 403 (not a reader of its cases), 404 (no such case, or outside the caller's subtree). */
  async getCase(caseId: string, principal: Principal): Promise<ShownCase> {
    assertMayReadCases(principal, this.department);
    const view = await this.cases.shownCase(caseId);
    assertInSubtree(principal, view.jurisdiction, `case ${caseId}`);
    return view;
  }

  /** Who may act on the case, checked before a decision's body (403 for anyone but the department's officers and admins, 404 outside the caller's subtree). */
  async assertMayAct(caseId: string, principal: Principal): Promise<void> {
    await this.actedOn(caseId, principal);
  }

  private async actedOn(caseId: string, principal: Principal): Promise<ShownCase> {
    if (!hasRole(principal, 'admin') && principal.department !== this.department) {
      throw ProblemError.forbidden(`only ${this.department} officers act on ${this.department} cases`);
    }
    const view = await this.cases.shownCase(caseId);
    assertInSubtree(principal, view.jurisdiction, `case ${caseId}`);
    return view;
  }

  /** @throws ProblemError 403, 404, else always 409 with the case's current version. */
  async decide(caseId: string, _input: CaseDecisionInput, principal: Principal): Promise<never> {
    const view = await this.actedOn(caseId, principal);
    throw ProblemError.conflict(
      view.status === 'open'
        ? `case ${caseId} is decided automatically by ${this.decidedBy}; its assessment is pending`
        : `case ${caseId} was decided automatically by ${this.decidedBy} (${view.status}); contest it by administrative reconsideration`,
      { currentVersion: view.version },
    );
  }
}
