/**
 * Education aid (教育救助) domain: pure deciders, no I/O.
 *
 * - the case (one per application, id `education-aid-${applicationId}`): `educationAidCaseDecider`,
 *   one AidGranted per eligible student (grant `${caseId}:${personRef}`);
 * - the student-year ledger (stream `education-aid-ledger-${personRef}-${schoolYear}`):
 *   `studentYearLedgerDecider`, once per student per school year (1 September – 31 August, "2026-2027").
 *
 * Suggested orchestration in the shell: on ApplicationRouted (with an education-aid route) or
 * ReferralIssued (to education-aid) → OpenCase (`openCaseFromRouting` / `openCaseFromReferral`), then
 * Assess with the ledgers of the household's students for schoolYearOf(now). For each AidGranted, append
 * `{ type: 'RecordEducationAid', data: { personRef: beneficiaryRef, schoolYear, caseId, grantId, amountFen, now } }`
 * to that student's ledger first (optimistic concurrency; idempotent by grantId), then the case events.
 * On FundsDisbursed for a grant → MarkPaid.
 */
export * from './ruleViolation';
export * from './calendar';
export * from './educationAidParams';
export * from './educationAidAmount';
export * from './educationAidForHousehold';
export * from './studentYearLedger';
export * from './events';
export * from './commands';
export * from './state';
export * from './educationAidRecords';
export * from './educationAidRule';
export * from './educationAidCase';
