/**
 * Public event payloads (the `data` of the Kafka envelope). Names and fields are the contract
 * with department systems: add freely, never rename or drop. No clear ID numbers, names or phones.
 */
import type {
  AnyDepartment, Cause, Department, DisasterFacts, DivisionCode, EmploymentStatus, Fen, HouseholdRef, HousingFacts, IsoDate, PartnerDepartment,
  PersonRef, Provenance, RoutedProgramme, SchoolStage, Tier,
} from './common';
import type { DeclaredDepartment } from './services';
import type {
  DeclaredCaseFile, DisasterAidCaseFile, EducationAidCaseFile, EmploymentAidCaseFile, HousingAidCaseFile, MedicalAidCaseFile, TemporaryAidCaseFile,
} from './department-case-files';

// ---------- intake ----------
export interface MemberSummary {
  personRef: PersonRef;
  relation: string;
  ageYears: number;
  schoolStage: SchoolStage | null;
  boarding: boolean;
  disability: string;
  seriousIllness: boolean;
  /** Covered alone as dibao (单人保) although the household is edge: aid at the dibao rates. */
  coveredAlone?: boolean;
  /** The member's work situation, when stated (employment aid, policy-rules §11). */
  employment?: EmploymentStatus;
}

/**
 * Intake's full case file of an application: pseudonymous, but with every member's age, disability,
 * illness and the per-capita income. Kept in intake's own store (HouseholdAssessed); published only
 * by schema version 1 of ApplicationSubmitted, ApplicationRouted and ReferralIssued. Each department
 * now receives its own case file (see department-case-files.ts), the public ApplicationSubmitted a
 * SubmittedCaseFile.
 */
export interface CaseFile {
  applicationId: string;
  applicantRef: PersonRef;
  householdRef: HouseholdRef;
  /** Where the hardship happened (emergencies are handled there). */
  jurisdiction: DivisionCode;
  registeredJurisdiction: DivisionCode;
  occurredOn: IsoDate;
  causes: Cause[];
  urgent: boolean;
  tier: Tier;
  perCapitaIncomeFen: Fen;
  members: MemberSummary[];
  medical?: { patientRef: PersonRef; residualCostFen: Fen };
  /**
   * Whether every member authorised the household economic check. False: emergency aid only (small
   * fast aid, policy-rules §4), and the tier is `none` because nothing was assessed. Absent in case
   * files written before it was recorded, which all had the check.
   */
  economicCheck?: boolean;
  /** The household's housing situation, when stated (housing aid, policy-rules §11). */
  housing?: HousingFacts;
  /** The natural disaster that hit the household, when one did (disaster-victim aid, policy-rules §11). */
  disaster?: DisasterFacts;
  /** Extreme-poverty persons supported at home (分散供养), not in an institution (housing aid). */
  supportedAtHome?: boolean;
}

/**
 * What a subscriber learns of a submitted application (schema version 2): references, the incident,
 * the tier. No member data, no income (PIPL art. 6; policy-rules §9).
 */
export interface SubmittedCaseFile {
  applicationId: string;
  applicantRef: PersonRef;
  householdRef: HouseholdRef;
  /** Where the hardship happened (emergencies are handled there). */
  jurisdiction: DivisionCode;
  registeredJurisdiction: DivisionCode;
  occurredOn: IsoDate;
  causes: Cause[];
  urgent: boolean;
  tier: Tier;
  /** Whether every member authorised the household economic check (see CaseFile.economicCheck). */
  economicCheck?: boolean;
}

/**
 * Intake accepted an application. Schema version 2: `caseFile` is the SubmittedCaseFile and the
 * tier's reasons (which quote incomes) stay in intake (HouseholdAssessed); version 1 carried the
 * full CaseFile and `tierReasons` and is read through PAYLOAD_UPCASTERS.
 */
export interface ApplicationSubmitted {
  applicationId: string;
  caseFile: SubmittedCaseFile;
  submittedAt: IsoDate;
  provenance: Provenance;
}

/**
 * One department the application was passed to, with the case file that department's duty needs and
 * the catalogue's programmes it qualified for there (`programmes`, absent on events written before the
 * programme catalogue; always present for a partner department).
 */
export type ApplicationRoute =
  | { department: 'temporary-aid'; caseId: string; reasons: string[]; caseFile: TemporaryAidCaseFile; programmes?: RoutedProgramme[] }
  | { department: 'medical-aid'; caseId: string; reasons: string[]; caseFile: MedicalAidCaseFile; programmes?: RoutedProgramme[] }
  | { department: 'education-aid'; caseId: string; reasons: string[]; caseFile: EducationAidCaseFile; programmes?: RoutedProgramme[] }
  | { department: 'housing-aid'; caseId: string; reasons: string[]; caseFile: HousingAidCaseFile; programmes: RoutedProgramme[] }
  | { department: 'employment-aid'; caseId: string; reasons: string[]; caseFile: EmploymentAidCaseFile; programmes: RoutedProgramme[] }
  | { department: 'disaster-aid'; caseId: string; reasons: string[]; caseFile: DisasterAidCaseFile; programmes: RoutedProgramme[] }
  | DeclaredRoute;
/** A route to a department declared by its case-file fields (SERVICE_REGISTRY); none while no department is. */
export type DeclaredRoute = [DeclaredDepartment] extends [never] ? never : { department: DeclaredDepartment; caseId: string; reasons: string[]; caseFile: DeclaredCaseFile; programmes: RoutedProgramme[] };

/**
 * Intake passed the application to the departments that can help. Schema version 2: each route
 * carries its department's own case file (DEPARTMENT_FIELDS) instead of one shared full case file;
 * version 1 is read through PAYLOAD_UPCASTERS.
 */
export interface ApplicationRouted {
  applicationId: string;
  routes: ApplicationRoute[];
  /** The departments the application was not passed to, each with the reasons why. */
  notRouted?: { department: AnyDepartment; reasons: string[] }[];
  transferDueBy: IsoDate;
  provenance: Provenance;
}

export interface ApplicationRefused {
  applicationId: string;
  reasons: string[];
  appealBy: IsoDate;
  provenance: Provenance;
}

/**
 * Every routed (and referred) department has decided and every grant is paid. `outcome` says how:
 * `granted` when at least one department granted aid, `refused` when every department refused
 * (schema version 2; version 1 events are read with the outcome their grantedFen implies).
 */
export interface ApplicationSettled {
  applicationId: string;
  outcome: 'granted' | 'refused';
  grantedFen: Fen;
  paidFen: Fen;
  settledAt: IsoDate;
}

// ---------- every aid department ----------
export type TemporaryAidTrack = 'small_fast' | 'advance' | 'ordinary';

export interface CaseOpened {
  caseId: string;
  applicationId: string;
  department: AnyDepartment;
  beneficiaryRef: PersonRef;
  jurisdiction: DivisionCode;
  dueBy: IsoDate;
  /** temporary-aid only */
  track?: TemporaryAidTrack;
  /** Set when the case was opened by another department's referral. */
  referredBy?: Department;
  /** The catalogue programmes the case is for (partner departments; absent on older events). */
  programmes?: RoutedProgramme[];
}

/**
 * A partner department took the case on (its officer, or its own system with a client-credentials
 * token): from now on it is the department's to decide by `dueBy`.
 */
export interface CaseAccepted {
  caseId: string;
  applicationId: string;
  department: PartnerDepartment;
  acceptedBy: { sub: string; role: string };
  /** ISO 8601 instant. */
  acceptedAt: string;
}

export interface AidGranted {
  caseId: string;
  applicationId: string;
  department: AnyDepartment;
  /** Deterministic: the grant is paid at most once under this id. */
  grantId: string;
  beneficiaryRef: PersonRef;
  amountFen: Fen;
  /** Budget programme and where it is charged; funding picks the budget from these. */
  programme: AnyDepartment;
  jurisdiction: DivisionCode;
  fiscalYear: number;
  decidedBy: { sub: string; role: string; level: 'system' | 'township' | 'county' };
  reasons: string[];
  /** Inputs the decision used, so it can be re-checked. */
  inputs: Record<string, unknown>;
  provenance: Provenance;
  track?: TemporaryAidTrack;
  /** The catalogue programme granted (absent on older events). */
  programmeId?: string;
  /**
   * Who pays: `funding` (OneDoor's budgets; the default when absent) or `department` (the partner
   * department's own system, which then reports the payment). `in_kind` grants (a home, a job) are
   * paid by nobody and have amountFen 0.
   */
  paidBy?: 'funding' | 'department' | 'in_kind';
}

export interface AidRefused {
  caseId: string;
  applicationId: string;
  department: AnyDepartment;
  reasons: string[];
  appealBy: IsoDate;
  decidedBy: { sub: string; role: string; level: 'system' | 'township' | 'county' };
  inputs: Record<string, unknown>;
  provenance: Provenance;
  /** The catalogue programme refused, when the case has several (absent: the whole case). */
  programmeId?: string;
}

export interface ReferralIssued {
  caseId: string;
  applicationId: string;
  fromDepartment: Department;
  toDepartment: Department;
  cause: Cause;
  /**
   * The receiving department's own case file (schema version 2; version 1 carried intake's full
   * CaseFile and is read through PAYLOAD_UPCASTERS).
   */
  caseFile: MedicalAidCaseFile | EducationAidCaseFile;
}

export interface CasePaid {
  caseId: string;
  applicationId: string;
  department: AnyDepartment;
  grantId: string;
  amountFen: Fen;
  /** The budget funding paid from; `department:<department>` when the department's own system paid. */
  budgetId: string;
  /** `department`: paid by the partner department's own system, reported with `paymentReference`. */
  paidBy?: 'funding' | 'department';
  /** The department system's reference of the payment it made. */
  paymentReference?: string;
}

// ---------- funding ----------
export interface BudgetAllocated {
  budgetId: string;
  programme: AnyDepartment;
  fiscalYear: number;
  jurisdiction: DivisionCode;
  amountFen: Fen;
  /** A township reserve fund (备用金) drawn from the county budget. */
  reserveFund: boolean;
}
export interface BudgetToppedUp { budgetId: string; amountFen: Fen }
export interface GrantRef {
  budgetId: string;
  grantId: string;
  caseId: string;
  applicationId: string;
  department: AnyDepartment;
  amountFen: Fen;
}
export type FundsReserved = GrantRef;
export type FundsDisbursed = GrantRef;
/** Not enough available: the grant waits, in grant order, for a top-up. */
export interface FundsAwaiting extends GrantRef { availableFen: Fen; queuePosition: number }
export interface FundsReleased extends GrantRef { reason: string }

// ---------- any service ----------
export interface DeadlineMissed {
  applicationId: string;
  caseId?: string;
  service: string;
  deadline: 'transfer' | 'small_fast_payment' | 'township_decision' | 'ordinary_decision' | 'written_refusal';
  dueBy: IsoDate;
  escalatedTo: DivisionCode;
}

/**
 * Intake erased a data subject's clear personal data (PIPL art. 47): the subject's key is
 * destroyed, so what was sealed under it can no longer be read anywhere. Department systems that
 * keep data of this person (by personRef) erase theirs. The events about the person stay as they
 * are: they hold only the pseudonymous reference. On the subject's stream (`subject-<personRef>`).
 */
export interface PersonalDataErased {
  personRef: PersonRef;
  /** The legal ground, e.g. "PIPL art. 47(1)(1)". */
  legalBasis: string;
  /** ISO 8601 instant. */
  erasedAt: string;
  /** The admin who erased it (token `sub`). */
  erasedBy: string;
}

/** type name → payload, for typed handlers and schema generation. */
export interface PublicEvents {
  ApplicationSubmitted: ApplicationSubmitted;
  ApplicationRouted: ApplicationRouted;
  ApplicationRefused: ApplicationRefused;
  ApplicationSettled: ApplicationSettled;
  CaseOpened: CaseOpened;
  CaseAccepted: CaseAccepted;
  AidGranted: AidGranted;
  AidRefused: AidRefused;
  ReferralIssued: ReferralIssued;
  CasePaid: CasePaid;
  BudgetAllocated: BudgetAllocated;
  BudgetToppedUp: BudgetToppedUp;
  FundsReserved: FundsReserved;
  FundsDisbursed: FundsDisbursed;
  FundsAwaiting: FundsAwaiting;
  FundsReleased: FundsReleased;
  DeadlineMissed: DeadlineMissed;
  PersonalDataErased: PersonalDataErased;
}
export type PublicEventType = keyof PublicEvents;
export type PublicEvent = { [K in PublicEventType]: { type: K; data: PublicEvents[K] } }[PublicEventType];
