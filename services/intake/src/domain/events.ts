import type { AnyDepartment, CaseFile, Fen, IsoDate, PersonRef, PublicEvent, SubmittedCaseFile } from '@onedoor/contracts';
import type { ProgrammeAssessment } from './catalogue-routing';

/** The public events of the application stream: the contract's payloads, in `{ type, data }` form. */
export type IntakePublicEventType = 'ApplicationSubmitted' | 'ApplicationRouted' | 'ApplicationRefused' | 'ApplicationSettled' | 'DeadlineMissed';

/**
 * What a department did about the application, recorded on the application itself so that intake
 * decides the application's outcome from its own history (private to intake, never published).
 * - `referred`: another department referred the case to `department`, which now has to decide too;
 * - `granted`: the department granted `amountFen` under `grantId`;
 * - `refused`: the department refused in writing (`reasons`, appeal by `appealBy`);
 * - `paid`: funding paid the grant `grantId` (`amountFen`).
 */
export interface DepartmentOutcomeRecorded {
  applicationId: string;
  department: AnyDepartment;
  caseId: string;
  outcome: 'referred' | 'granted' | 'refused' | 'paid';
  grantId?: string;
  amountFen?: Fen;
  reasons?: string[];
  appealBy?: IsoDate;
  /** The department's (or funding's) public event this records. */
  sourceEventId: string;
  /** The catalogue programme granted or refused; absent: the whole case. */
  programmeId?: string;
  /** Who pays the grant; `in_kind` (a home, a job) needs no payment. */
  paidBy?: 'funding' | 'department' | 'in_kind';
}

/**
 * The household assessment behind an application (private to intake, never published): the full
 * case file — each member's age, disability, illness, school stage, the per-capita income (fen) —
 * and the reasons for the tier, which quote incomes. Public events carry only what their readers'
 * duty needs (ApplicationSubmitted's SubmittedCaseFile, each route's department case file); this is
 * what routing and audits re-run from (policy-rules §2, §3).
 */
export interface HouseholdAssessed {
  applicationId: string;
  caseFile: CaseFile;
  /** Reasons for the tier, e.g. "per-capita income 80000 < 1.5 × standard 80000". */
  tierReasons: string[];
}

/**
 * What stays in clear of a sealed assessment: references, the incident, the tier — the
 * SubmittedCaseFile fields, each member's personRef and the patient's. Enough for every decision
 * after the submission (a repeated submission, deadlines); no age, disability, illness or income.
 */
export type CaseFileStructure = SubmittedCaseFile & { members: { personRef: PersonRef }[]; medical?: { patientRef: PersonRef } };

/** One fact of a sealed assessment: where it goes in the assessment, whose it is, the sealed value. */
export interface SealedFact {
  at: (string | number)[];
  ref: PersonRef;
  s: string;
}

/**
 * HouseholdAssessed as intake stores it since schema version 2 (PIPL art. 28, 47): the structure in
 * clear, each person's facts (a member's age, disability, illness, school stage; the applicant's
 * household figures such as the per-capita income; the patient's residual cost; each tier reason
 * under the person it is about) sealed under that person's own key, so erasing the person makes
 * them unreadable in the log itself. Deciders read only `caseFile`; the shell seals and opens.
 */
export interface SealedHouseholdAssessed {
  applicationId: string;
  caseFile: CaseFileStructure;
  sealed: { v: 'h1'; facts: SealedFact[] };
}

/** Whether a HouseholdAssessed payload is sealed (schema version 2) rather than clear (version 1). */
export const isSealedAssessment = (data: unknown): data is SealedHouseholdAssessed =>
  !!data && typeof data === 'object' && !!(data as { sealed?: unknown }).sealed && Array.isArray((data as SealedHouseholdAssessed).sealed.facts);

/**
 * Every programme of the catalogue in force as assessed for the application at its submission
 * (private to intake, never published): qualifies or not with the reasons, asked for or not,
 * routed or not, the amount for the household (fen). The household's policy package (一户一方案)
 * is built from it and the dossier.
 */
export interface ProgrammesAssessed {
  applicationId: string;
  catalogueId: string;
  catalogueVersion: number;
  programmes: ProgrammeAssessment[];
}

/** The events the decider decides: HouseholdAssessed in clear (the shell seals it before it is stored). */
export type IntakeEvent =
  | Extract<PublicEvent, { type: IntakePublicEventType }>
  | { type: 'HouseholdAssessed'; data: HouseholdAssessed }
  | { type: 'DepartmentOutcomeRecorded'; data: DepartmentOutcomeRecorded }
  | { type: 'ProgrammesAssessed'; data: ProgrammesAssessed };
/** The events as the store holds them, which state is folded from: HouseholdAssessed clear or sealed. */
export type RecordedIntakeEvent = Exclude<IntakeEvent, { type: 'HouseholdAssessed' }> | { type: 'HouseholdAssessed'; data: HouseholdAssessed | SealedHouseholdAssessed };
export type IntakeEventType = IntakeEvent['type'];
export type IntakeEventOf<T extends IntakeEventType> = Extract<IntakeEvent, { type: T }>;

/** Stream of one application (the envelope's `streamId`). */
export const applicationStreamId = (applicationId: string): string => `application-${applicationId}`;
