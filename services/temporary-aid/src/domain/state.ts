import type { TemporaryAidCaseFile, Department, Fen, IsoDate, PersonRef, TemporaryAidTrack } from '@onedoor/contracts';

export interface CaseBasics {
  caseId: string;
  applicationId: string;
  caseFile: TemporaryAidCaseFile;
  track: TemporaryAidTrack;
  beneficiaryRef: PersonRef;
  jurisdiction: string;
  dueBy: IsoDate;
  openedAt: IsoDate;
}
export interface GrantOnRecord {
  grantId: string;
  amountFen: Fen;
  level: 'system' | 'township' | 'county';
  fiscalYear: number;
}

export type TemporaryAidCaseState =
  | { status: 'none' }
  /** Transient: the case file is on record, CaseOpened follows in the same append. */
  | { status: 'received'; caseId: string; caseFile: TemporaryAidCaseFile; receivedAt: IsoDate }
  | ({ status: 'open' } & CaseBasics)
  | ({ status: 'granted'; grant: GrantOnRecord; referredTo: Department[] } & CaseBasics)
  | ({ status: 'refused'; reasons: string[]; appealBy: IsoDate } & CaseBasics)
  | ({ status: 'paid'; grant: GrantOnRecord; referredTo: Department[]; budgetId: string } & CaseBasics);

export const initialTemporaryAidCaseState: TemporaryAidCaseState = { status: 'none' };

export const temporaryAidCaseStreamId = (caseId: string): string => `temporary-aid-case-${caseId}`;
