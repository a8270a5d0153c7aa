import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  assertInSubtree, assertMayReadCases, hasRole, idempotent, ProblemError, uuidFromName, type CaseDecisionInput, type CaseDesk, type Principal,
} from '@onedoor/service-kit';
import type { Officer } from '../domain';
import { DecideCaseCommand, GetCaseQuery } from './case.commands';
import { TemporaryAidCases, type TemporaryAidCaseView } from './temporary-aid-cases';

const DEPARTMENT = 'temporary-aid';

/** A temporary-aid officer; the level follows the jurisdiction: 6 digits county, 9 digits township. */
export function officerOf(p: Principal): Officer {
  // api-contract: decisions are the department's officers' (an admin without the department claim is not one).
  if (!(hasRole(p, 'officer') && p.department === DEPARTMENT)) {
    throw ProblemError.forbidden(`only ${DEPARTMENT} officers decide ${DEPARTMENT} cases`);
  }
  const level = p.jurisdiction.length === 6 ? 'county' : p.jurisdiction.length === 9 ? 'township' : undefined;
  if (!level) throw ProblemError.forbidden(`decisions are taken at township (9-digit) or county (6-digit) level, not at ${p.jurisdiction}`);
  return { sub: p.sub, role: 'officer', level };
}

/** GET /cases/{caseId} and POST /cases/{caseId}/decisions for temporary-aid case ids. */
@Injectable()
export class TemporaryAidDesk implements CaseDesk {
  readonly department = DEPARTMENT;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly cases: TemporaryAidCases,
  ) {}

  owns(caseId: string): boolean {
    return caseId.startsWith(`${DEPARTMENT}-`);
  }

  async getCase(caseId: string, principal: Principal): Promise<TemporaryAidCaseView> {
    assertMayReadCases(principal, DEPARTMENT);
    const view: TemporaryAidCaseView = await this.queries.execute(new GetCaseQuery(caseId));
    assertInSubtree(principal, view.jurisdiction, `case ${caseId}`);
    return view;
  }

  /**
   * Who may decide the case, checked before the decision's body: the department's officers at
   * township or county level (403 otherwise), within their subtree (404 for a case elsewhere or none).
   */
  async assertMayAct(caseId: string, principal: Principal): Promise<void> {
    officerOf(principal);
    const view: TemporaryAidCaseView = await this.queries.execute(new GetCaseQuery(caseId));
    assertInSubtree(principal, view.jurisdiction, `case ${caseId}`);
  }

  async decide(caseId: string, input: CaseDecisionInput, principal: Principal, idempotencyKey?: string): Promise<TemporaryAidCaseView> {
    const officer = officerOf(principal);
    const current: TemporaryAidCaseView = await this.queries.execute(new GetCaseQuery(caseId));
    assertInSubtree(principal, current.jurisdiction, `case ${caseId}`);
    const request = { ...input };
    const metadata = {
      correlationId: (await this.cases.correlationOf(caseId)) ?? uuidFromName(`decide|${caseId}|${Date.now()}|${Math.random()}`),
      actor: { sub: principal.sub, role: officer.role },
      jurisdiction: current.jurisdiction,
    };
    const r = await idempotent(this.cases.runtime.store, `decide:${caseId}`, idempotencyKey, request, async () => ({
      status: 200,
      body: (await this.commands.execute(
        new DecideCaseCommand(
          caseId,
          request,
          officer,
          input.expectedVersion ?? current.version,
          metadata,
          idempotencyKey && `decide:${caseId}:${idempotencyKey}`,
        ),
      )) as TemporaryAidCaseView,
    }));
    return r.body;
  }
}
