import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/jwt';
import { ProblemError } from '../http/problem';

export interface CaseDecisionInput {
  decision: 'approve' | 'refuse';
  amountFen?: number;
  reasons: string[];
  specialHardship?: boolean;
  expectedVersion?: number;
  /** The catalogue programme decided (departments on the department kit). */
  programmeId?: string;
  /** Who pays a grant: funding (default), the department's own system, or nobody (in kind). */
  paidBy?: 'funding' | 'department' | 'in_kind';
}

/** What an aid department offers officers: its cases, and decisions on them. */
export interface CaseDesk {
  department: string;
  /** The service whose store holds the cases (and their read log), when not the department itself (partners). */
  service?: string;
  owns(caseId: string): boolean;
  getCase(caseId: string, principal: Principal): Promise<unknown>;
  decide(caseId: string, input: CaseDecisionInput, principal: Principal, idempotencyKey?: string): Promise<unknown>;
  /**
   * Who may act on the case, checked before the decision's body is (POST /cases/{caseId}/decisions,
   * `decideCase`): 403 for anyone the desk does not let act (an officer of another department), 404
   * for no such case or one outside the caller's subtree. A desk without it has its body checked first.
   */
  assertMayAct?(caseId: string, principal: Principal): Promise<void>;
}

/**
 * Several aid departments answer under one `/cases/{caseId}` path (all of them in the embedded
 * process, one of them in a distributed one): the desk that owns the case id answers.
 */
@Injectable()
export class CaseDeskRegistry {
  private readonly desks: CaseDesk[] = [];

  register(desk: CaseDesk) {
    this.desks.push(desk);
  }

  deskFor(caseId: string): CaseDesk {
    const desk = this.desks.find((d) => d.owns(caseId));
    if (!desk) throw ProblemError.notFound(`case ${caseId} not found`);
    return desk;
  }
}
