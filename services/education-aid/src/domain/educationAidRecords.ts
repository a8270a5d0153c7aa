import { departmentCaseFileOf, type RoutedProgramme } from '@onedoor/contracts';
import type { CaseRecordFormat } from '@onedoor/department-kit';

/** The case stream: `education-aid-case-<caseId>`. */
export const educationAidCaseStreamId = (caseId: string): string => `education-aid-case-${caseId}`;

/**
 * Education aid's one programme, decided by the education-aid table for each student of the household
 * (grant `<caseId>:<personRef>` per student, paid by funding from the education-aid budget).
 */
export const EDUCATION_AID_PROGRAMME: RoutedProgramme = {
  programmeId: '1',
  category: 'education',
  amount: { kind: 'rule' },
  decisionWorkingDays: 10,
  budgetProgramme: 'education-aid',
  reasons: [],
  ruleIds: [],
};

/**
 * How education-aid cases are recorded (the department kit's lifecycle in the format the store has
 * always held): stream `education-aid-case-<caseId>`, EducationAidCaseFileReceived, the one implicit
 * programme; case files of version-1 routings are read as the department's.
 */
export const EDUCATION_AID_RECORDS: CaseRecordFormat = {
  streamId: educationAidCaseStreamId,
  caseFileEvent: 'EducationAidCaseFileReceived',
  implicitProgramme: EDUCATION_AID_PROGRAMME,
  readCaseFile: (file) => departmentCaseFileOf('education-aid', file as never),
};
