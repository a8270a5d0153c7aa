import type { DepartmentCaseState, RecordStatus } from '@onedoor/department-kit';
import type { Fen, PersonRef } from '@onedoor/contracts';

/** One student's grant on record (fen; `budgetId` once paid). */
export interface GrantOnRecord {
  grantId: string;
  studentRef: PersonRef;
  amountFen: Fen;
  fiscalYear: number;
  /** Set once the grant is paid. */
  budgetId?: string;
}

/**
 * An education-aid case: the department kit's case record, its status (`none`, `received`, then
 * `open` → `granted` (a student's grant not yet paid) | `refused` → `paid` (every grant paid)) and
 * the students' grants.
 */
export interface EducationAidCaseState {
  status: RecordStatus;
  record: DepartmentCaseState;
  grants: GrantOnRecord[];
}

export { educationAidCaseStreamId } from './educationAidRecords';
