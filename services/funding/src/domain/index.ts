/**
 * Funding domain: pure deciders, no I/O.
 *
 * The budget aggregate (`budgetDecider`, stream `budget-${budgetId}`) pays each grant exactly once,
 * never overspends (allocated = available + reserved + disbursed) and never drops a grant: when money is
 * short the grant waits (FundsAwaiting) and is paid, in grant order, when the budget is topped up.
 *
 * Suggested orchestration in the shell: on AidGranted, take the first existing budget of
 * `budgetCandidates(programme, fiscalYear, jurisdiction)` — and keep that choice per grantId, so a
 * redelivered AidGranted asks the same budget — then RequestFunds with the GrantRef. When none
 * exists the grant waits for one (`awaitingBudgetDecider`, stream `awaiting-budget-${programme}:${fiscalYear}`)
 * and is handed, in order, to the budget allocated or topped up for it.
 */
export * from './ruleViolation';
export * from './budgetCandidates';
export * from './events';
export * from './commands';
export * from './state';
export * from './payInGrantOrder';
export * from './budget';
export * from './awaitingBudget';
