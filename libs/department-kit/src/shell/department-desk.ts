import type { AnyDepartment } from '@onedoor/contracts';
import { DECISION_MAX_FEN } from '@onedoor/policy';
import {
  idempotent, isWithinJurisdiction, ProblemError, queryText, uuidFromName, type CaseDecisionInput, type CaseDesk, type Principal,
} from '@onedoor/service-kit';
import { DEPARTMENT_CASE_STATUSES, type DepartmentCaseStatus } from '../domain/caseStatus';
import type { DepartmentCaseCommand } from '../domain/commands';
import type { Payer } from '../domain/state';
import { actorFor, assertMayRead } from './access';
import type { DepartmentCaseView } from './case-view';
import type { DepartmentCases } from './department-cases';

/** The largest amount a desk decision may grant (fen): the catalogue's DECISION_MAX_FEN, which programmes' bounds respect. */
export const MAX_AMOUNT_FEN = DECISION_MAX_FEN;

/** A decision at the desk: the shared decision shape plus the programme and who pays (partner departments). */
export interface DeskDecision extends CaseDecisionInput {
  programmeId?: string;
  paidBy?: Payer;
}
/** A payment the department's own system made, reported with its reference (amount in fen). */
export interface PaymentReport {
  programmeId?: string;
  amountFen: number;
  paymentReference: string;
  expectedVersion?: number;
}

/**
 * One department's desk: its cases by id (GET /cases/{caseId}, through the shared CaseDeskRegistry),
 * its case list, and accept / decide / report a payment — each write under an Idempotency-Key.
 */
export class DepartmentDesk implements CaseDesk {
  readonly service: string;

  constructor(
    readonly department: AnyDepartment,
    private readonly cases: DepartmentCases,
  ) {
    this.service = cases.runtime.spec.service;
  }

  owns(caseId: string): boolean {
    return caseId.startsWith(`${this.department}-`);
  }

  /**
   * The case (404 when there is none), to its department's staff within their subtree: a case
   * outside the caller's subtree is a 404 like none (whatever their department), so another
   * county's officer learns nothing of it; another department's officer within it gets 403.
   */
  async getCase(caseId: string, principal: Principal): Promise<DepartmentCaseView> {
    const view = await this.cases.view(caseId);
    assertMayRead(principal, this.department, view.jurisdiction, `case ${caseId}`);
    return view;
  }

  /**
   * The department's cases within the caller's subtree, oldest first, optionally of one status.
   * `status` is the raw query value: given once, one of DEPARTMENT_CASE_STATUSES (400 otherwise).
   */
  async list(principal: Principal, rawStatus?: unknown): Promise<DepartmentCaseView[]> {
    assertMayRead(principal, this.department);
    const errors: { field: string; message: string }[] = [];
    const status = queryText(rawStatus, 'status', errors);
    if (errors.length) {
      const message = Array.isArray(rawStatus) ? 'status is given more than once: give one status' : errors[0].message;
      throw ProblemError.badRequest(message, [{ field: 'status', message }]);
    }
    if (status !== undefined && !(DEPARTMENT_CASE_STATUSES as readonly string[]).includes(status)) {
      throw ProblemError.badRequest(`status must be one of ${DEPARTMENT_CASE_STATUSES.join(', ')}`, [{ field: 'status', message: `unknown status ${JSON.stringify(status)}` }]);
    }
    const views: DepartmentCaseView[] = [];
    for (const caseId of await this.cases.caseIds([this.department])) {
      const view = await this.cases.view(caseId);
      const everywhere = principal.roles.includes('admin') && principal.jurisdiction === '000000';
      if (!everywhere && !isWithinJurisdiction(view.jurisdiction, principal.jurisdiction)) continue;
      if (status === undefined || view.status === (status as DepartmentCaseStatus)) views.push(view);
    }
    return views;
  }

  /**
   * Who may act on the case, checked before its request body: the department's officers and system
   * (403 for anyone else, an officer of another department included), within their subtree (a case
   * elsewhere, or none, is a 404). A caller who may not act learns nothing of what the body lacks.
   * @throws ProblemError 403 or 404.
   */
  async assertMayAct(caseId: string, principal: Principal): Promise<void> {
    actorFor(principal, this.department);
    const view = await this.cases.view(caseId);
    assertMayRead(principal, this.department, view.jurisdiction, `case ${caseId}`);
  }

  accept(caseId: string, principal: Principal, idempotencyKey?: string, expectedVersion?: number) {
    return this.write(caseId, 'accept', principal, idempotencyKey, { expectedVersion }, (by, now) => ({
      type: 'AcceptCase',
      data: { caseId, by: { sub: by.sub, role: by.role }, now },
    }));
  }

  /** Approve (grant a programme: amountFen, paidBy) or refuse (a programme, or every pending one), with reasons. */
  decide(caseId: string, input: DeskDecision, principal: Principal, idempotencyKey?: string) {
    if (input.decision === 'refuse' && input.amountFen !== undefined && input.amountFen !== null) {
      const message = 'a refusal grants no amount: amountFen must be absent';
      throw ProblemError.badRequest(message, [{ field: 'amountFen', message }]);
    }
    return this.write(caseId, 'decide', principal, idempotencyKey, input, (decidedBy, now, view) => {
      const set = this.cases.parameterSet(view.jurisdiction, now);
      const pending = view.programmes.filter((p) => p.status === 'pending');
      const programmeId = input.programmeId ?? (pending.length === 1 ? pending[0].programmeId : undefined);
      const provenance = { parameterSetId: set.id, parameterSetVersion: set.version, ruleIds: view.programmes.find((p) => p.programmeId === programmeId)?.ruleIds ?? [] };
      const inputs = { ...(input.specialHardship !== undefined ? { specialHardship: input.specialHardship } : {}) };
      if (input.decision === 'refuse') {
        return { type: 'RefuseAid', data: { caseId, ...(input.programmeId ? { programmeId: input.programmeId } : {}), reasons: input.reasons, decidedBy, appealWindowDays: set.params.appealWindowDays, provenance, inputs, now } };
      }
      if (!programmeId) throw ProblemError.badRequest('programmeId: the case has several programmes pending; name the one granted', [{ field: 'programmeId', message: 'required' }]);
      // The programme first: its kind says which amounts fit (in kind: absent or 0).
      const programme = view.programmes.find((p) => p.programmeId === programmeId);
      if (!programme) {
        const message = `programme ${programmeId} is not on case ${caseId} (${view.programmes.map((p) => p.programmeId).join(', ')})`;
        throw ProblemError.badRequest(message, [{ field: 'programmeId', message: `unknown programme ${programmeId} for this case` }]);
      }
      const amountFen = input.amountFen ?? (programme.amount.kind === 'in_kind' ? 0 : undefined);
      if (amountFen === undefined) throw ProblemError.badRequest('amountFen is required to approve', [{ field: 'amountFen', message: 'required to approve' }]);
      if (amountFen < 0 || amountFen > MAX_AMOUNT_FEN) {
        const message = `amountFen must be from 0 to ${MAX_AMOUNT_FEN} fen`;
        throw ProblemError.badRequest(message, [{ field: 'amountFen', message }]);
      }
      return { type: 'GrantAid', data: { caseId, programmeId, amountFen, ...(input.paidBy ? { paidBy: input.paidBy } : {}), reasons: input.reasons, decidedBy, provenance, inputs, now } };
    });
  }

  reportPayment(caseId: string, report: PaymentReport, principal: Principal, idempotencyKey?: string) {
    return this.write(caseId, 'payment', principal, idempotencyKey, report, (by, now) => ({
      type: 'ReportPayment',
      // Without programmeId, the case's grant paid by the department is found by the kit's rule (programmeOfPaymentReport).
      data: { caseId, ...(report.programmeId !== undefined ? { programmeId: report.programmeId } : {}), amountFen: report.amountFen, paymentReference: report.paymentReference, reportedBy: { sub: by.sub, role: by.role }, now },
    }));
  }

  private async write(
    caseId: string,
    action: string,
    principal: Principal,
    idempotencyKey: string | undefined,
    request: { expectedVersion?: number },
    commandOf: (by: ReturnType<typeof actorFor>, now: string, view: DepartmentCaseView) => DepartmentCaseCommand,
  ): Promise<DepartmentCaseView> {
    const by = actorFor(principal, this.department);
    const current = await this.cases.view(caseId);
    assertMayRead(principal, this.department, current.jurisdiction, `case ${caseId}`);
    const metadata = {
      correlationId: (await this.cases.correlationOf(caseId)) ?? uuidFromName(`${action}|${caseId}|${Date.now()}|${Math.random()}`),
      actor: { sub: principal.sub, role: by.role },
      jurisdiction: current.jurisdiction,
    };
    const r = await idempotent(this.cases.runtime.store, `${action}:${caseId}`, idempotencyKey, request, async () => ({
      status: 200,
      body: await this.cases.command(caseId, commandOf(by, new Date().toISOString(), current), metadata, {
        // Without the client's expected version, a payment or missed deadline recorded meanwhile
        // does not refuse the officer's decision: it is decided again on the case as it now is.
        ...(request.expectedVersion !== undefined ? { expectedVersion: request.expectedVersion } : {}),
        ...(idempotencyKey ? { commandId: `${action}:${caseId}:${idempotencyKey}` } : {}),
      }),
    }));
    return r.body;
  }
}
