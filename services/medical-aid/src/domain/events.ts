import type { AidGranted, AidRefused, MedicalAidCaseFile, CaseOpened, CasePaid, IsoDate } from '@onedoor/contracts';

/** Internal (not published): the case file the case was opened from, kept for the assessment. */
export interface MedicalAidCaseFileReceived {
  caseId: string;
  caseFile: MedicalAidCaseFile;
  receivedAt: IsoDate;
}

/** Events of a medical-aid case stream. All but MedicalAidCaseFileReceived are public. */
export type MedicalAidCaseEvent =
  | { type: 'MedicalAidCaseFileReceived'; data: MedicalAidCaseFileReceived }
  | { type: 'CaseOpened'; data: CaseOpened }
  | { type: 'AidGranted'; data: AidGranted }
  | { type: 'AidRefused'; data: AidRefused }
  | { type: 'CasePaid'; data: CasePaid };

/** Event types that stay inside the service (never published to Kafka). */
export const INTERNAL_EVENT_TYPES = ['MedicalAidCaseFileReceived', 'MedicalAidRecorded'] as const;
