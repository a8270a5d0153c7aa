import type { AidGranted, AidRefused, EducationAidCaseFile, CaseOpened, CasePaid, IsoDate } from '@onedoor/contracts';

/** Internal (not published): the case file the case was opened from, kept for the assessment. */
export interface EducationAidCaseFileReceived {
  caseId: string;
  caseFile: EducationAidCaseFile;
  receivedAt: IsoDate;
}

/** Events of an education-aid case stream. All but EducationAidCaseFileReceived are public. */
export type EducationAidCaseEvent =
  | { type: 'EducationAidCaseFileReceived'; data: EducationAidCaseFileReceived }
  | { type: 'CaseOpened'; data: CaseOpened }
  | { type: 'AidGranted'; data: AidGranted }
  | { type: 'AidRefused'; data: AidRefused }
  | { type: 'CasePaid'; data: CasePaid };

/** Event types that stay inside the service (never published to Kafka). */
export const INTERNAL_EVENT_TYPES = ['EducationAidCaseFileReceived', 'EducationAidRecorded'] as const;
