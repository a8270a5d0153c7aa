import { departmentCaseFileOf, type RoutedProgramme } from '@onedoor/contracts';
import type { CaseRecordFormat } from '@onedoor/department-kit';

/** The case stream: `medical-aid-case-<caseId>`. */
export const medicalAidCaseStreamId = (caseId: string): string => `medical-aid-case-${caseId}`;

/** Medical aid's one programme, decided by the medical-aid table (grant `<caseId>:1`, paid by funding from the medical-aid budget). */
export const MEDICAL_AID_PROGRAMME: RoutedProgramme = {
  programmeId: '1',
  category: 'medical',
  amount: { kind: 'rule' },
  decisionWorkingDays: 10,
  budgetProgramme: 'medical-aid',
  reasons: [],
  ruleIds: [],
};

/**
 * How medical-aid cases are recorded (the department kit's lifecycle in the format the store has
 * always held): stream `medical-aid-case-<caseId>`, MedicalAidCaseFileReceived, the one implicit
 * programme; case files of version-1 routings are read as the department's.
 */
export const MEDICAL_AID_RECORDS: CaseRecordFormat = {
  streamId: medicalAidCaseStreamId,
  caseFileEvent: 'MedicalAidCaseFileReceived',
  implicitProgramme: MEDICAL_AID_PROGRAMME,
  readCaseFile: (file) => departmentCaseFileOf('medical-aid', file as never),
};
