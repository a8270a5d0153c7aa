import { departmentCaseFileOf, type RoutedProgramme } from '@onedoor/contracts';
import { grantIdOf as kitGrantIdOf, type CaseRecordFormat } from '@onedoor/department-kit';

/** The case stream: `temporary-aid-case-<caseId>`. */
export const temporaryAidCaseStreamId = (caseId: string): string => `temporary-aid-case-${caseId}`;

/**
 * Temporary aid's one programme: the amount is decided by the track's approval cap (policy-rules §4)
 * or by an officer within it, paid by funding from the temporary-aid budget. Its decision deadline is
 * set per track when the case is opened.
 */
export const TEMPORARY_AID_PROGRAMME: RoutedProgramme = {
  programmeId: '1',
  category: 'temporary',
  amount: { kind: 'rule' },
  decisionWorkingDays: 15,
  budgetProgramme: 'temporary-aid',
  reasons: [],
  ruleIds: [],
};

/** The one grant of a case, `<caseId>:1`: deterministic, so funding pays it at most once. */
export const grantIdOf = (caseId: string): string => kitGrantIdOf(caseId, TEMPORARY_AID_PROGRAMME.programmeId);

/**
 * How temporary-aid cases are recorded (the department kit's lifecycle in the format the store has
 * always held): stream `temporary-aid-case-<caseId>`, TemporaryAidCaseFileReceived, the one implicit
 * programme, the case's `track` on CaseOpened and AidGranted, ReferralIssued on the case stream; case
 * files of version-1 routings (intake's full file) are read as the department's.
 */
export const TEMPORARY_AID_RECORDS: CaseRecordFormat = {
  streamId: temporaryAidCaseStreamId,
  caseFileEvent: 'TemporaryAidCaseFileReceived',
  implicitProgramme: TEMPORARY_AID_PROGRAMME,
  readCaseFile: (file) => departmentCaseFileOf('temporary-aid', file as never),
};
