import type { Department, Fen, IsoDate, PublicEvent } from '@onedoor/contracts';

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

export type IntakeEvent =
  | Extract<PublicEvent, { type: IntakePublicEventType }>
  | { type: 'DepartmentOutcomeRecorded'; data: DepartmentOutcomeRecorded };
export type IntakeEventType = IntakeEvent['type'];
export type IntakeEventOf<T extends IntakeEventType> = Extract<IntakeEvent, { type: T }>;

/** Stream of one application (the envelope's `streamId`). */
export const applicationStreamId = (applicationId: string): string => `application-${applicationId}`;
