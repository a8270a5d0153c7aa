import type {
  AnyDepartment, Cause, DeadlineMissed, Disability, DisasterFacts, DivisionCode, EmploymentStatus, Fen, HouseholdRef, HousingFacts, IsoDate, PersonRef,
  Relation, SchoolStage, Service,
} from '@onedoor/contracts';
import type { HolidayCalendar, ParameterSet, ProgrammeCatalogue } from '@onedoor/policy';

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
  /** The member's work situation, when stated (employment aid, policy-rules §11). */
  employment?: EmploymentStatus;
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
  /** The housing situation, when stated (housing aid, policy-rules §11); floor area in m² for the whole household. */
  housing?: HousingFacts;
  /** Extreme-poverty persons supported at home (分散供养), not in an institution (housing aid). */
  supportedAtHome?: boolean;
}

export interface IncidentFacts {
  /** Where the hardship happened. */
  jurisdiction: DivisionCode;
  occurredOn: IsoDate;
  causes: Cause[];
  urgent: boolean;
  medical?: { patientRef: PersonRef; residualCostFen: Fen };
  /** The natural disaster that hit the household, when one did (disaster-victim aid, policy-rules §11). */
  disaster?: DisasterFacts;
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
    /**
     * The programme catalogue in force where the application is handled: it decides which
     * departments get the application and with which programmes. Absent: the three rule
     * departments only, routed as before the catalogue (no programmes on the routes).
     */
    catalogue?: ProgrammeCatalogue;
    /** Programmes of the catalogue the applicant asked for by id. */
    requestedProgrammes?: string[];
    /** Defaults to China's public-holiday calendar. */
    calendar?: HolidayCalendar;
    now: IsoDate;
  };
}

/**
 * What a department (or funding) did about the application, taken from its public event:
 * ReferralIssued → `referred` (to `department`), AidGranted → `granted`, AidRefused → `refused`,
 * CasePaid → `paid`. Amounts in fen; `appealBy` is a China date.
 */
export interface DepartmentFact {
  department: AnyDepartment;
  caseId: string;
  outcome: 'referred' | 'granted' | 'refused' | 'paid';
  grantId?: string;
  amountFen?: Fen;
  reasons?: string[];
  appealBy?: IsoDate;
  /** The public event's id: the same fact delivered twice is recorded once. */
  sourceEventId: string;
  /** The catalogue programme granted or refused (AidGranted/AidRefused `programmeId`); absent: the whole case. */
  programmeId?: string;
  /** Who pays a grant (AidGranted `paidBy`): `in_kind` needs no payment, `department` is paid when its CasePaid arrives. */
  paidBy?: 'funding' | 'department' | 'in_kind';
}

export interface RecordDepartmentOutcomes {
  type: 'RecordDepartmentOutcomes';
  data: {
    applicationId: string;
    /** In the order the departments recorded them. */
    facts: DepartmentFact[];
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

export type IntakeCommand = SubmitApplication | RecordDepartmentOutcomes | FlagMissedDeadline;
