import type { AidGranted, AidRefused, TemporaryAidCaseFile, CaseOpened, CasePaid, IsoDate, ReferralIssued } from '@onedoor/contracts';

/** Internal (not published): the case file the case was opened from, kept for later decisions. */
export interface TemporaryAidCaseFileReceived {
  caseId: string;
  caseFile: TemporaryAidCaseFile;
  receivedAt: IsoDate;
}

/** Events of a temporary-aid case stream. All but TemporaryAidCaseFileReceived are public. */
export type TemporaryAidCaseEvent =
  | { type: 'TemporaryAidCaseFileReceived'; data: TemporaryAidCaseFileReceived }
  | { type: 'CaseOpened'; data: CaseOpened }
  | { type: 'AidGranted'; data: AidGranted }
  | { type: 'AidRefused'; data: AidRefused }
  | { type: 'ReferralIssued'; data: ReferralIssued }
  | { type: 'CasePaid'; data: CasePaid };

/** Event types that stay inside the service (never published to Kafka). */
export const INTERNAL_EVENT_TYPES = ['TemporaryAidCaseFileReceived', 'TemporaryAidRecorded', 'TemporaryAidExceptionGranted'] as const;
