import type { Department, Fen, TemporaryAidTrack } from '@onedoor/contracts';
import type { DecisionLevel, DepartmentCaseState, RecordStatus } from '@onedoor/department-kit';

/** The case's one grant: amount (fen), the level that decided it, the fiscal (calendar, China) year. */
export interface GrantOnRecord {
  grantId: string;
  amountFen: Fen;
  level: DecisionLevel;
  fiscalYear: number;
}

/**
 * A temporary-aid case: the department kit's case record and what temporary aid reads of it — its
 * status (`none`, `received`, then `open` → `granted` | `refused` → `paid`), its track (once opened;
 * `ordinary` for cases opened without one), the grant with the level that decided it, the departments
 * referred to, and once paid the budget the grant was paid from.
 */
export interface TemporaryAidCaseState {
  status: RecordStatus;
  record: DepartmentCaseState;
  track?: TemporaryAidTrack;
  grant?: GrantOnRecord;
  referredTo: Department[];
  budgetId?: string;
}

export { temporaryAidCaseStreamId } from './temporaryAidRecords';
