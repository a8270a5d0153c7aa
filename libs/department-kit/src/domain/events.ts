import type { AidGranted, AidRefused, CaseAccepted, CaseOpened, CasePaid, DeadlineMissed, DepartmentCaseFile, IsoDate, ReferralIssued } from '@onedoor/contracts';

/** Internal (not published): the case file the case was opened from, read by the department's desk. */
export interface DepartmentCaseFileReceived {
  caseId: string;
  caseFile: DepartmentCaseFile;
  receivedAt: IsoDate;
}

/** Events of a department case stream. All but DepartmentCaseFileReceived are public (the contract's). */
export type DepartmentCaseEvent =
  | { type: 'DepartmentCaseFileReceived'; data: DepartmentCaseFileReceived }
  | { type: 'CaseOpened'; data: CaseOpened }
  | { type: 'CaseAccepted'; data: CaseAccepted }
  | { type: 'AidGranted'; data: AidGranted }
  | { type: 'AidRefused'; data: AidRefused }
  | { type: 'CasePaid'; data: CasePaid }
  | { type: 'DeadlineMissed'; data: DeadlineMissed }
  | { type: 'ReferralIssued'; data: ReferralIssued };

/** Event types that stay inside the hosting service's store. */
export const INTERNAL_CASE_EVENT_TYPES = ['DepartmentCaseFileReceived'] as const;
