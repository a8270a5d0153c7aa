/**
 * @onedoor/department-kit: the department case lifecycle once, pure (no I/O) — open from a routing,
 * accept (partners), decide each programme (grant within bounds / refuse with appeal date), paid by
 * funding or reported paid by the department's own system, deadlines escalated, referred on to
 * another department — plus the generic
 * person-period ledger and the workflow steps. The NestJS shell is `@onedoor/department-kit/shell`.
 */
export * from './domain/ruleViolation';
export * from './domain/state';
export * from './domain/events';
export * from './domain/commands';
export * from './domain/caseOnRecord';
export * from './domain/caseStatus';
export * from './domain/grantAmount';
export * from './domain/openCase';
export * from './domain/acceptCase';
export * from './domain/grantAid';
export * from './domain/grantAidEach';
export * from './domain/refuseAid';
export * from './domain/markPaid';
export * from './domain/reportPayment';
export * from './domain/flagMissedDeadline';
export * from './domain/referCase';
export * from './domain/departmentCase';
export * from './domain/personPeriodLedger';
export * from './domain/workflow';
export * from './domain/recordFormat';
