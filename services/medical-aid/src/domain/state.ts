import type { DepartmentCaseState, RecordStatus } from '@onedoor/department-kit';

/**
 * A medical-aid case: the department kit's case record, its status (`none`, `received`, then `open`
 * → `granted` | `refused` → `paid`) and, once paid, the budget the grant was paid from.
 */
export interface MedicalAidCaseState {
  status: RecordStatus;
  record: DepartmentCaseState;
  budgetId?: string;
}

export { medicalAidCaseStreamId } from './medicalAidRecords';
