import type { MedicalAidCaseFile, Department, Fen, IsoDate, PersonRef } from '@onedoor/contracts';

export interface CaseBasics {
  caseId: string;
  applicationId: string;
  caseFile: MedicalAidCaseFile;
  /** The patient (or the applicant when no patient was named). */
  beneficiaryRef: PersonRef;
  jurisdiction: string;
  dueBy: IsoDate;
  openedAt: IsoDate;
  referredBy?: Department;
}
export interface GrantOnRecord {
  grantId: string;
  amountFen: Fen;
  fiscalYear: number;
}

export type MedicalAidCaseState =
  | { status: 'none' }
  /** Transient: the case file is on record, CaseOpened follows in the same append. */
  | { status: 'received'; caseId: string; caseFile: MedicalAidCaseFile; receivedAt: IsoDate }
  | ({ status: 'open' } & CaseBasics)
  | ({ status: 'granted'; grant: GrantOnRecord } & CaseBasics)
  | ({ status: 'refused'; reasons: string[]; appealBy: IsoDate } & CaseBasics)
  | ({ status: 'paid'; grant: GrantOnRecord; budgetId: string } & CaseBasics);

export const initialMedicalAidCaseState: MedicalAidCaseState = { status: 'none' };

export const medicalAidCaseStreamId = (caseId: string): string => `medical-aid-case-${caseId}`;
