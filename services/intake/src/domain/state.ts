import { isPartnerDepartment, PAYLOAD_UPCASTERS, type ApplicationRouted, type ApplicationSettled, type CaseFile, type AnyDepartment as Department, type Fen, type IsoDate, type SubmittedCaseFile } from '@onedoor/contracts';
import type { CaseFileStructure, DepartmentOutcomeRecorded, RecordedIntakeEvent } from './events';

interface Known {
  applicationId: string;
  /**
   * The full case file (a clear HouseholdAssessed, or ApplicationSubmitted version 1); its
   * structure once HouseholdAssessed is sealed (version 2: the members' facts are not needed after
   * the submission); the public SubmittedCaseFile only between an ApplicationSubmitted version 2
   * and its HouseholdAssessed.
   */
  caseFile: CaseFile | CaseFileStructure | SubmittedCaseFile;
  submittedAt: IsoDate;
  /** `${deadline}:${caseId ?? '*'}` of every DeadlineMissed already recorded (flagged once). */
  missedDeadlines: string[];
}
export type Route = ApplicationRouted['routes'][number];

/** One grant of a department as the application knows it (amounts in fen). */
export interface GrantProgress {
  grantId: string;
  amountFen: Fen;
  granted: boolean;
  /** Paid by funding or the department, or in kind (nothing to pay). */
  paid: boolean;
  /** The catalogue programme granted, when the department named it. */
  programmeId?: string;
}

/** A department the application waits for: routed to it, or referred to it by another department. */
export interface DepartmentProgress {
  department: Department;
  caseId: string;
  /** The whole case was refused. */
  refused: boolean;
  grants: GrantProgress[];
  /** A partner department's routed programmes: each is decided by a grant or a refusal naming it. */
  programmes?: string[];
  /** Programmes refused one by one (AidRefused with `programmeId`). */
  refusedProgrammes?: string[];
}

/** The application aggregate's state: what intake must know to decide the next command. */
export type ApplicationState =
  | { status: 'none' }
  | ({ status: 'submitted' } & Known)
  | ({ status: 'routed'; routes: Route[]; transferDueBy: IsoDate; departments: DepartmentProgress[] } & Known)
  | ({ status: 'refused'; appealBy: IsoDate } & Known)
  | ({ status: 'settled'; routes: Route[]; outcome: ApplicationSettled['outcome']; grantedFen: Fen; paidFen: Fen; settledAt: IsoDate } & Known);

export const initialState: ApplicationState = { status: 'none' };

export const missedDeadlineKey = (deadline: string, caseId?: string): string => `${deadline}:${caseId ?? '*'}`;

/** The departments after one recorded outcome (a new array; the input is not changed). */
export function withDepartmentOutcome(departments: DepartmentProgress[], o: DepartmentOutcomeRecorded): DepartmentProgress[] {
  const existing = departments.find((d) => d.department === o.department);
  const current: DepartmentProgress = existing ?? { department: o.department, caseId: o.caseId, refused: false, grants: [] };
  let next: DepartmentProgress = current;
  if (o.outcome === 'refused' && o.programmeId === undefined) next = { ...current, refused: true };
  if (o.outcome === 'refused' && o.programmeId !== undefined) next = { ...current, refusedProgrammes: [...new Set([...(current.refusedProgrammes ?? []), o.programmeId])] };
  if ((o.outcome === 'granted' || o.outcome === 'paid') && o.grantId !== undefined) {
    const known = current.grants.find((g) => g.grantId === o.grantId);
    const programmeId = o.programmeId ?? known?.programmeId;
    const grant: GrantProgress = {
      grantId: o.grantId,
      amountFen: o.amountFen ?? known?.amountFen ?? 0,
      granted: (known?.granted ?? false) || o.outcome === 'granted',
      // An in-kind grant (a home, a job) has nothing to pay.
      paid: (known?.paid ?? false) || o.outcome === 'paid' || o.paidBy === 'in_kind',
      ...(programmeId !== undefined ? { programmeId } : {}),
    };
    next = { ...current, grants: known ? current.grants.map((g) => (g === known ? grant : g)) : [...current.grants, grant] };
  }
  return existing ? departments.map((d) => (d === existing ? next : d)) : [...departments, next];
}

/**
 * The outcome an ApplicationSettled states. Version 1 events had none; they are read with the
 * contract's upcaster (PAYLOAD_UPCASTERS: settled with nothing granted = every department refused).
 */
export function settledOutcomeOf(data: { outcome?: ApplicationSettled['outcome']; grantedFen?: Fen }): ApplicationSettled['outcome'] {
  return data.outcome ?? (PAYLOAD_UPCASTERS.ApplicationSettled![1](data) as ApplicationSettled).outcome;
}

/**
 * Events that do not fit the state are ignored: replay must never fail on history. A sealed
 * HouseholdAssessed contributes its clear structure only; its sealed facts are never read here.
 */
export function evolve(state: ApplicationState, event: RecordedIntakeEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationSubmitted': {
      if (state.status !== 'none') return state;
      const { applicationId, caseFile, submittedAt } = event.data;
      return { status: 'submitted', applicationId, caseFile, submittedAt, missedDeadlines: [] };
    }
    case 'HouseholdAssessed':
      if (state.status === 'none') return state;
      return { ...state, caseFile: event.data.caseFile };
    case 'ApplicationRouted':
      if (state.status !== 'submitted') return state;
      return {
        ...state,
        status: 'routed',
        routes: event.data.routes,
        transferDueBy: event.data.transferDueBy,
        departments: event.data.routes.map((r) => ({
          department: r.department,
          caseId: r.caseId,
          refused: false,
          grants: [],
          ...(isPartnerDepartment(r.department) && r.programmes?.length ? { programmes: r.programmes.map((p) => p.programmeId) } : {}),
        })),
      };
    case 'ApplicationRefused':
      if (state.status !== 'submitted') return state;
      return { ...state, status: 'refused', appealBy: event.data.appealBy };
    case 'DepartmentOutcomeRecorded':
      if (state.status !== 'routed') return state;
      return { ...state, departments: withDepartmentOutcome(state.departments, event.data) };
    case 'ApplicationSettled': {
      if (state.status !== 'routed') return state;
      const { grantedFen, paidFen, settledAt } = event.data;
      return { ...state, status: 'settled', outcome: settledOutcomeOf(event.data), grantedFen, paidFen, settledAt };
    }
    case 'DeadlineMissed': {
      if (state.status === 'none') return state;
      const key = missedDeadlineKey(event.data.deadline, event.data.caseId);
      return state.missedDeadlines.includes(key) ? state : { ...state, missedDeadlines: [...state.missedDeadlines, key] };
    }
    default:
      return state;
  }
}
