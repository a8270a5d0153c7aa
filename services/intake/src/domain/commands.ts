import type {
  Cause, DeadlineMissed, Department, Disability, DivisionCode, Fen, HouseholdRef, IsoDate, PersonRef, Relation,
  SchoolStage, Service,
} from '@onedoor/contracts';
import type { HolidayCalendar, ParameterSet } from '@onedoor/policy';

/** One household member as the shell hands it over: pseudonymised, age already computed at `now`. */
export interface MemberFacts {
  personRef: PersonRef;
  relation: Relation;
  ageYears: number;
  monthlyIncomeFen: Fen;
  disability: Disability;
  seriousIllness: boolean;
  /** As declared or assessed; age and disability grade are checked on top of it. */
  laborCapacity: boolean;
  /** Whether a legal supporter able to support this person exists. */
  hasSupporter: boolean;
  schoolStage: SchoolStage | null;
  boarding: boolean;
}

export interface HouseholdFacts {
  householdRef: HouseholdRef;
  registeredJurisdiction: DivisionCode;
  members: MemberFacts[];
  assets: { depositsFen: Fen; vehicles: number; extraHomes: number };
  /**
   * Medical and education spending of the last 12 months, for the rigid-expenditure tier. When
   * absent, the incident's residual medical cost is the medical spending and education spending is 0.
   */
  annualSpending?: { medicalFen: Fen; educationFen: Fen };
}

export interface IncidentFacts {
  /** Where the hardship happened. */
  jurisdiction: DivisionCode;
  occurredOn: IsoDate;
  causes: Cause[];
  urgent: boolean;
  medical?: { patientRef: PersonRef; residualCostFen: Fen };
}

/** Temporary aid the applicant already received (from a read model the shell consults). */
export interface PriorTemporaryAid {
  cause: Cause;
  /** Calendar year the aid was granted. */
  year: number;
}

export interface SubmitApplication {
  type: 'SubmitApplication';
  data: {
    /** Derived by the shell from the Idempotency-Key, so a resubmission lands on the same stream. */
    applicationId: string;
    applicantRef: PersonRef;
    household: HouseholdFacts;
    incident: IncidentFacts;
    consent: { economicCheck: boolean; dataSharing: boolean };
    priorTemporaryAid?: PriorTemporaryAid[];
    /** The county allowed temporary aid again for the same cause this year. */
    temporaryAidExceptionGranted?: boolean;
    /** The set in force where the application is handled (see `handlingJurisdictionOf`). */
    parameterSet: ParameterSet;
    /** Defaults to China's public-holiday calendar. */
    calendar?: HolidayCalendar;
    now: IsoDate;
  };
}

/** A department case as the dossier read model sees it when intake is asked to settle. */
export interface DepartmentOutcome {
  department: Department;
  caseId: string;
  status: 'open' | 'approved' | 'refused' | 'awaiting_funds' | 'paid';
  grantedFen: Fen;
  paidFen: Fen;
}

export interface SettleApplication {
  type: 'SettleApplication';
  data: {
    applicationId: string;
    /** One per routed case; cases opened by referral may be added. */
    outcomes: DepartmentOutcome[];
    now: IsoDate;
  };
}

export interface FlagMissedDeadline {
  type: 'FlagMissedDeadline';
  data: {
    applicationId: string;
    deadline: DeadlineMissed['deadline'];
    caseId?: string;
    /** Who missed it; defaults to intake (the transfer deadline is intake's). */
    service?: Service;
    /** Required for department deadlines; the transfer deadline is known to the application. */
    dueBy?: IsoDate;
    now: IsoDate;
  };
}

export type IntakeCommand = SubmitApplication | SettleApplication | FlagMissedDeadline;
