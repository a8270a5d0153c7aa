import type { DepartmentOutcome, SettleApplication } from './commands';
import type { IntakeEvent } from './events';
import { RuleViolation } from './rule-violation';
import type { ApplicationState, Route } from './state';

/**
 * Why the application cannot be settled yet, or null. Settled = every routed department has decided
 * and every approved grant is paid (api-contract: dossier). Shells may call this before sending the
 * command, to settle only when it will succeed.
 */
export function whyNotSettled(routes: Route[], outcomes: DepartmentOutcome[]): RuleViolation | null {
  const seen = new Set<string>();
  for (const o of outcomes) {
    if (seen.has(o.caseId)) return new RuleViolation('settlement.oneOutcomePerCase', `case ${o.caseId} has more than one outcome`, 'outcomes');
    seen.add(o.caseId);
    for (const [field, v] of [['grantedFen', o.grantedFen], ['paidFen', o.paidFen]] as const) {
      if (!Number.isSafeInteger(v) || v < 0) return new RuleViolation('money.integerFen', `case ${o.caseId}: ${field} must be non-negative integer fen, got ${v}`, 'outcomes');
    }
  }
  for (const r of routes) {
    if (!seen.has(r.caseId)) return new RuleViolation('settlement.everyDepartmentDecided', `no outcome yet for case ${r.caseId} (${r.department})`, 'outcomes');
  }
  for (const o of outcomes) {
    if (o.status !== 'refused' && o.status !== 'paid') {
      return new RuleViolation('settlement.everyDepartmentDecided', `case ${o.caseId} (${o.department}) is ${o.status}, not decided and paid`, 'outcomes');
    }
    if (o.status === 'paid' && o.paidFen !== o.grantedFen) {
      return new RuleViolation('settlement.everyGrantPaid', `case ${o.caseId} (${o.department}): paid ${o.paidFen} fen of ${o.grantedFen} fen granted`, 'outcomes');
    }
  }
  return null;
}

/** SettleApplication → ApplicationSettled once every department outcome is final. */
export function settleApplication(c: SettleApplication['data'], state: ApplicationState): IntakeEvent[] {
  switch (state.status) {
    case 'none':
      throw new RuleViolation('application.exists', `application ${c.applicationId} was not submitted`, 'applicationId');
    case 'settled':
      return []; // already settled: a repeated command changes nothing
    case 'refused':
      throw new RuleViolation('settlement.notRefused', `application ${c.applicationId} was refused; a refusal is final and is not settled`);
    case 'submitted':
      throw new RuleViolation('settlement.routedFirst', `application ${c.applicationId} has not been routed yet`);
    case 'routed': {
      const blocker = whyNotSettled(state.routes, c.outcomes);
      if (blocker) throw blocker;
      const grantedFen = c.outcomes.filter((o) => o.status === 'paid').reduce((sum, o) => sum + o.grantedFen, 0);
      const paidFen = c.outcomes.reduce((sum, o) => sum + o.paidFen, 0);
      return [{ type: 'ApplicationSettled', data: { applicationId: state.applicationId, grantedFen, paidFen, settledAt: c.now } }];
    }
  }
}
