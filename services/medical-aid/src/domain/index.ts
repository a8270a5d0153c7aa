/**
 * Medical aid (医疗救助) domain: pure deciders, no I/O.
 *
 * - the case (one per application, id `medical-aid-${applicationId}`): `medicalAidCaseDecider`;
 * - the person-year ledger (stream `medical-aid-ledger-${personRef}-${year}`): `personYearLedgerDecider`,
 *   the medical aid granted to a person in a calendar year, sharing the annual cap.
 *
 * Suggested orchestration in the shell: on ApplicationRouted (with a medical-aid route) or ReferralIssued
 * (to medical-aid) → OpenCase (`openCaseFromRouting` / `openCaseFromReferral`), then Assess with the
 * patient's ledger for calendarYearOf(now). When Assess emits AidGranted, append
 * `{ type: 'RecordMedicalAid', data: { personRef: beneficiaryRef, year, caseId, grantId, amountFen, annualCapFen, now } }`
 * to the ledger with optimistic concurrency first (idempotent by grantId; it re-checks the cap), then the
 * case events. On FundsDisbursed for the grant → MarkPaid.
 */
export * from './ruleViolation';
export * from './calendarYear';
export * from './medicalAidParams';
export * from './medicalAidAmount';
export * from './personYearLedger';
export * from './events';
export * from './commands';
export * from './state';
export * from './medicalAidRecords';
export * from './medicalAidRule';
export * from './medicalAidCase';
