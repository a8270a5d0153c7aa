import type { EducationAidCaseFile, Department, Fen, IsoDate, PersonRef } from '@onedoor/contracts';

export interface CaseBasics {
  caseId: string;
  applicationId: string;
  caseFile: EducationAidCaseFile;
  /** The applicant (the household); each grant names its student. */
  beneficiaryRef: PersonRef;
  jurisdiction: string;
  dueBy: IsoDate;
  openedAt: IsoDate;
  referredBy?: Department;
}
export interface GrantOnRecord {
  grantId: string;
  studentRef: PersonRef;
  amountFen: Fen;
  fiscalYear: number;
  /** Set once the grant is paid. */
  budgetId?: string;
}

export type EducationAidCaseState =
  | { status: 'none' }
  /** Transient: the case file is on record, CaseOpened follows in the same append. */
  | { status: 'received'; caseId: string; caseFile: EducationAidCaseFile; receivedAt: IsoDate }
  | ({ status: 'open' } & CaseBasics)
  /** At least one grant, not all paid yet. */
  | ({ status: 'granted'; grants: GrantOnRecord[] } & CaseBasics)
  | ({ status: 'refused'; reasons: string[]; appealBy: IsoDate } & CaseBasics)
  /** Every grant paid. */
  | ({ status: 'paid'; grants: GrantOnRecord[] } & CaseBasics);

export const initialEducationAidCaseState: EducationAidCaseState = { status: 'none' };

export const educationAidCaseStreamId = (caseId: string): string => `education-aid-case-${caseId}`;
