import type { CaseFile, Department, Fen, IsoDate, PublicEvent } from '@onedoor/contracts';

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
  department: Department;
  caseId: string;
  outcome: 'referred' | 'granted' | 'refused' | 'paid';
  grantId?: string;
  amountFen?: Fen;
  reasons?: string[];
  appealBy?: IsoDate;
  /** The department's (or funding's) public event this records. */
  sourceEventId: string;
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

export type IntakeEvent =
  | Extract<PublicEvent, { type: IntakePublicEventType }>
  | { type: 'HouseholdAssessed'; data: HouseholdAssessed }
  | { type: 'DepartmentOutcomeRecorded'; data: DepartmentOutcomeRecorded };
export type IntakeEventType = IntakeEvent['type'];
export type IntakeEventOf<T extends IntakeEventType> = Extract<IntakeEvent, { type: T }>;

/** Stream of one application (the envelope's `streamId`). */
export const applicationStreamId = (applicationId: string): string => `application-${applicationId}`;
