/**
 * Temporary aid (临时救助) domain: pure deciders, no I/O.
 *
 * Two aggregates:
 * - the case (stream `temporary-aid-case-${caseId}`): `temporaryAidCaseDecider`, the department kit's
 *   case lifecycle recorded in TEMPORARY_AID_RECORDS, with temporary aid's own rules (track, approval
 *   caps, once per cause per year, referrals);
 * - the person-year ledger (stream `temporary-aid-ledger-${personRef}-${year}`): `personYearLedgerDecider`,
 *   which causes already received temporary aid this calendar year and the county's exceptions.
 *
 * Suggested orchestration in the shell (once per cause per year, also under concurrency):
 *  1. load the beneficiary's ledger for calendarYearOf(now) and pass its state in the case command;
 *  2. when the case emits AidGranted, first append
 *     `{ type: 'RecordTemporaryAid', data: { personRef: beneficiaryRef, year, caseId, grantId, causes, amountFen, now } }`
 *     to the ledger with optimistic concurrency (idempotent by grantId; it re-checks the rule), then append
 *     the case events (their AidGranted is deterministic, so a retry after a crash is harmless).
 */
export * from './ruleViolation';
export * from './calendarYear';
export * from './temporaryAidParams';
export * from './temporaryAidTrack';
export * from './approvalCap';
export * from './temporaryAidOncePerCausePerYear';
export * from './referralsAfterEmergencyAid';
export * from './personYearLedger';
export * from './events';
export * from './commands';
export * from './state';
export * from './temporaryAidRecords';
export * from './temporaryAidCase';
