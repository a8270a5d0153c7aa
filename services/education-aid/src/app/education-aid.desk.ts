import { Injectable } from '@nestjs/common';
import { assertInSubtree, assertMayReadCases, hasRole, ProblemError, type CaseDecisionInput, type CaseDesk, type Principal } from '@onedoor/service-kit';
import { EducationAidCases, type EducationAidCaseView } from './education-aid-cases';

const DEPARTMENT = 'education-aid';

/** GET /cases/{caseId} for education-aid case ids; decisions are taken by the table, not by officers. */
@Injectable()
export class EducationAidDesk implements CaseDesk {
  readonly department = DEPARTMENT;

  constructor(private readonly cases: EducationAidCases) {}

  owns(caseId: string): boolean {
    return caseId.startsWith(`${DEPARTMENT}-`);
  }

  async getCase(caseId: string, principal: Principal): Promise<EducationAidCaseView> {
    assertMayReadCases(principal, DEPARTMENT);
    const view = await this.cases.view(caseId);
    assertInSubtree(principal, view.jurisdiction, `case ${caseId}`);
    return view;
  }

  async decide(caseId: string, _input: CaseDecisionInput, principal: Principal): Promise<never> {
    if (!hasRole(principal, 'admin') && principal.department !== DEPARTMENT) {
      throw ProblemError.forbidden(`only ${DEPARTMENT} officers act on ${DEPARTMENT} cases`);
    }
    const view = await this.cases.view(caseId);
    assertInSubtree(principal, view.jurisdiction, `case ${caseId}`);
    throw ProblemError.conflict(
      view.status === 'open'
        ? `case ${caseId} is decided automatically by the education-aid table; its assessment is pending`
        : `case ${caseId} was decided automatically by the education-aid table (${view.status}); contest it by administrative reconsideration`,
      { currentVersion: view.version },
    );
  }
}
