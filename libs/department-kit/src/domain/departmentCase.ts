/**
 * The department case aggregate, one stream per case (`case-<department>-<applicationId>`): open →
 * (accept, partners) → decide each programme → paid; referred on to other departments when the
 * department's own rule says so. Pure: the clock and the parameters come in the
 * commands.
 */
import { acceptCase } from './acceptCase';
import type { DepartmentCaseCommand } from './commands';
import type { DepartmentCaseEvent } from './events';
import { flagMissedDeadline } from './flagMissedDeadline';
import { grantAid } from './grantAid';
import { grantAidEach } from './grantAidEach';
import { markPaid } from './markPaid';
import { CASE_OPENED_FIELDS, openCase } from './openCase';
import { referCase } from './referCase';
import { refuseAid } from './refuseAid';
import { reportPayment } from './reportPayment';
import { beneficiaryGrantIdOf, grantIdOf, initialDepartmentCaseState, type DepartmentCaseState, type ProgrammeDecision } from './state';

export function decideDepartmentCase(command: DepartmentCaseCommand, state: DepartmentCaseState): DepartmentCaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return openCase(command.data, state);
    case 'AcceptCase':
      return acceptCase(command.data, state);
    case 'GrantAid':
      return grantAid(command.data, state);
    case 'GrantAidEach':
      return grantAidEach(command.data, state);
    case 'RefuseAid':
      return refuseAid(command.data, state);
    case 'MarkPaid':
      return markPaid(command.data, state);
    case 'ReportPayment':
      return reportPayment(command.data, state);
    case 'FlagMissedDeadline':
      return flagMissedDeadline(command.data, state);
    case 'ReferCase':
      return referCase(command.data, state);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function evolveDepartmentCase(state: DepartmentCaseState, event: DepartmentCaseEvent): DepartmentCaseState {
  switch (event.type) {
    case 'DepartmentCaseFileReceived':
      if (state.status !== 'none') return state;
      return { status: 'received', caseId: event.data.caseId, caseFile: event.data.caseFile, receivedAt: event.data.receivedAt };
    case 'CaseOpened': {
      if (state.status !== 'received') return state;
      const d = event.data;
      const details = Object.fromEntries(Object.entries(d).filter(([k]) => !(CASE_OPENED_FIELDS as readonly string[]).includes(k)));
      return {
        status: 'opened',
        caseId: d.caseId,
        applicationId: d.applicationId,
        department: d.department,
        caseFile: state.caseFile,
        beneficiaryRef: d.beneficiaryRef,
        jurisdiction: d.jurisdiction,
        openedAt: state.receivedAt,
        dueBy: d.dueBy,
        programmes: d.programmes ?? [],
        decisions: {},
        missedDeadlines: [],
        ...(d.referredBy ? { referredBy: d.referredBy } : {}),
        ...(Object.keys(details).length ? { details } : {}),
      };
    }
    case 'CaseAccepted':
      if (state.status !== 'opened') return state;
      return { ...state, acceptedBy: { ...event.data.acceptedBy, at: event.data.acceptedAt } };
    case 'AidGranted': {
      if (state.status !== 'opened') return state;
      const d = event.data;
      const programmeId = d.programmeId ?? state.programmes[0]?.programmeId;
      if (!programmeId) return state;
      if (d.grantId === beneficiaryGrantIdOf(state.caseId, d.beneficiaryRef) && d.grantId !== grantIdOf(state.caseId, programmeId)) {
        // One of the grants of a programme granted to each beneficiary (appended together).
        const earlier = state.decisions[programmeId];
        const grants = earlier?.status === 'granted_each' ? earlier.grants : [];
        const each: ProgrammeDecision = { status: 'granted_each', grants: [...grants, { grantId: d.grantId, beneficiaryRef: d.beneficiaryRef, amountFen: d.amountFen, fiscalYear: d.fiscalYear }] };
        return { ...state, decisions: { ...state.decisions, [programmeId]: each } };
      }
      const decision: ProgrammeDecision = { status: 'granted', grantId: d.grantId, amountFen: d.amountFen, paidBy: d.paidBy ?? 'funding', fiscalYear: d.fiscalYear };
      return { ...state, decisions: { ...state.decisions, [programmeId]: decision } };
    }
    case 'AidRefused': {
      if (state.status !== 'opened') return state;
      const d = event.data;
      const refused: ProgrammeDecision = { status: 'refused', reasons: d.reasons, appealBy: d.appealBy };
      const ids = d.programmeId !== undefined ? [d.programmeId] : state.programmes.map((p) => p.programmeId).filter((id) => (state.decisions[id]?.status ?? 'pending') === 'pending');
      return { ...state, decisions: { ...state.decisions, ...Object.fromEntries(ids.map((id) => [id, refused])) } };
    }
    case 'CasePaid': {
      if (state.status !== 'opened') return state;
      const d = event.data;
      const each = Object.entries(state.decisions).find(([, g]) => g.status === 'granted_each' && g.grants.some((x) => x.grantId === d.grantId));
      if (each && each[1].status === 'granted_each') {
        const grants = each[1].grants.map((x) => (x.grantId === d.grantId ? { ...x, paid: { budgetId: d.budgetId, paidBy: 'funding' as const } } : x));
        return { ...state, decisions: { ...state.decisions, [each[0]]: { status: 'granted_each', grants } } };
      }
      const entry = Object.entries(state.decisions).find(([, g]) => g.status === 'granted' && g.grantId === d.grantId);
      if (!entry || entry[1].status !== 'granted') return state;
      const paid = { budgetId: d.budgetId, paidBy: d.paidBy ?? 'funding', ...(d.paymentReference ? { paymentReference: d.paymentReference } : {}) } as const;
      return { ...state, decisions: { ...state.decisions, [entry[0]]: { ...entry[1], paid } } };
    }
    case 'DeadlineMissed':
      if (state.status !== 'opened') return state;
      return { ...state, missedDeadlines: [...state.missedDeadlines, event.data.deadline] };
    case 'ReferralIssued':
      if (state.status !== 'opened') return state;
      return { ...state, referredTo: [...(state.referredTo ?? []), event.data.toDepartment] };
    default:
      return state;
  }
}

export const departmentCaseDecider = {
  decide: decideDepartmentCase,
  evolve: evolveDepartmentCase,
  initialState: initialDepartmentCaseState,
};
