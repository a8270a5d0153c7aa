import type { AnyDepartment, DepartmentCaseFile, DivisionCode, Fen, IsoDate, PersonRef, RoutedProgramme } from '@onedoor/contracts';

/** Who paid a grant, once it is paid: OneDoor's funding (a budget) or the department's own system. */
export type Payer = 'funding' | 'department' | 'in_kind';

export interface Actor {
  sub: string;
  role: string;
}
export type DecisionLevel = 'system' | 'township' | 'county';
/** Who decided: an officer at township or county level, or a system (a rule, the department's own system). */
export interface DecidedBy extends Actor {
  level: DecisionLevel;
}

/** One beneficiary's grant of a programme granted to each of several beneficiaries (fen, paid by funding; `paid` once paid). */
export interface BeneficiaryGrant {
  grantId: string;
  beneficiaryRef: PersonRef;
  amountFen: Fen;
  fiscalYear: number;
  paid?: { budgetId: string; paidBy: 'funding' };
}

/**
 * One programme's decision on the case. `paid` is set once the grant is paid (never for in-kind
 * grants). `granted_each`: the programme granted to each of several beneficiaries, one grant each.
 */
export type ProgrammeDecision =
  | { status: 'pending' }
  | { status: 'granted'; grantId: string; amountFen: Fen; paidBy: Payer; fiscalYear: number; paid?: { budgetId: string; paidBy: 'funding' | 'department'; paymentReference?: string } }
  | { status: 'granted_each'; grants: BeneficiaryGrant[] }
  | { status: 'refused'; reasons: string[]; appealBy: IsoDate };

/** What every case on record holds: from CaseOpened (and the private case file received with it). */
export interface CaseOnRecord {
  caseId: string;
  applicationId: string;
  department: AnyDepartment;
  caseFile: DepartmentCaseFile;
  beneficiaryRef: PersonRef;
  jurisdiction: DivisionCode;
  openedAt: IsoDate;
  dueBy: IsoDate;
  programmes: RoutedProgramme[];
  decisions: Record<string, ProgrammeDecision>;
  acceptedBy?: Actor & { at: string };
  referredBy?: AnyDepartment;
  /** Deadlines already escalated (DeadlineMissed recorded), each once. */
  missedDeadlines: string[];
  /** The department's own fields recorded on CaseOpened (OpenCase `details`), when it recorded any. */
  details?: Record<string, unknown>;
  /** The departments the case was referred on to (ReferralIssued), in order, once a referral is recorded. */
  referredTo?: AnyDepartment[];
}

export type DepartmentCaseState =
  | { status: 'none' }
  /** Transient: the case file is on record, CaseOpened follows in the same append. */
  | { status: 'received'; caseId: string; caseFile: DepartmentCaseFile; receivedAt: IsoDate }
  | ({ status: 'opened' } & CaseOnRecord);

export const initialDepartmentCaseState: DepartmentCaseState = { status: 'none' };

/** One case per (department, application): `<department>-<applicationId>`, the id intake routes under. */
export const departmentCaseId = (department: AnyDepartment, applicationId: string): string => `${department}-${applicationId}`;

/** The case's stream in the hosting service's store. */
export const departmentCaseStreamId = (caseId: string): string => `case-${caseId}`;

/** Deterministic: the grant of one programme on one case is paid at most once under this id. */
export const grantIdOf = (caseId: string, programmeId: string): string => `${caseId}:${programmeId}`;

/** Deterministic: the grant to one beneficiary of a programme granted to each of several beneficiaries, `<caseId>:<beneficiaryRef>`. */
export const beneficiaryGrantIdOf = (caseId: string, beneficiaryRef: PersonRef): string => `${caseId}:${beneficiaryRef}`;
