import type { AnyDepartment as Department, DivisionCode, GrantRef } from '@onedoor/contracts';
import { budgetCandidates } from './budgetCandidates';
import { RuleViolation } from './ruleViolation';

/**
 * Grants for which no budget exists yet (policy-rules §7: nothing is dropped; a grant waits for its
 * money): one stream per programme and fiscal year, `awaiting-budget-${programme}:${fiscalYear}`.
 * A grant whose programme, fiscal year and jurisdiction have no budget at any level (township
 * reserve fund, county, city, province) is recorded as waiting (BudgetAwaited, with its place in
 * the order grants arrived); when a budget that may pay it is allocated or topped up, the waiting
 * grants it covers are handed to it in that order (AwaitedBudgetFound), each once, and the budget
 * pays or queues them as any grant. Both events stay in funding's store (not published).
 */

/** A grant as funding learns it from AidGranted (amount in fen), before a budget is chosen. */
export interface UnbudgetedGrant extends Omit<GrantRef, 'budgetId'> {
  programme: Department;
  fiscalYear: number;
  jurisdiction: DivisionCode;
}

/** No budget covers the grant yet: it waits, `queuePosition` among the grants waiting for this programme and year (1 = first). */
export interface BudgetAwaited extends UnbudgetedGrant {
  queuePosition: number;
  /** The budgets that may pay it, most specific first (budgetCandidates). */
  candidates: string[];
}
/** A budget that may pay the waiting grant exists now: it is handed to `budgetId` (RequestFunds there). */
export interface AwaitedBudgetFound {
  grantId: string;
  budgetId: string;
}

export type AwaitingBudgetEvent = { type: 'BudgetAwaited'; data: BudgetAwaited } | { type: 'AwaitedBudgetFound'; data: AwaitedBudgetFound };

/** Record a grant no budget covers. Idempotent by grantId. */
export type AwaitBudget = { type: 'AwaitBudget'; data: UnbudgetedGrant };
/** Hand waiting grants to the budget found for each (a map grantId → budgetId), in the order they waited. */
export type HandToBudgets = { type: 'HandToBudgets'; data: { budgets: Readonly<Record<string, string>> } };
export type AwaitingBudgetCommand = AwaitBudget | HandToBudgets;

export interface AwaitingBudgetState {
  /** Every grant that ever waited here, by grantId (nothing dropped). */
  grants: ReadonlyMap<string, { grant: BudgetAwaited; budgetId?: string }>;
  /** grantIds still waiting, in the order they arrived. */
  waiting: readonly string[];
}

export const initialAwaitingBudgetState: AwaitingBudgetState = { grants: new Map(), waiting: [] };

export const awaitingBudgetStreamId = (programme: Department, fiscalYear: number): string => `awaiting-budget-${programme}:${fiscalYear}`;

/** The grants still waiting, in order. */
export const waitingGrants = (state: AwaitingBudgetState): BudgetAwaited[] => state.waiting.map((id) => state.grants.get(id)!.grant);

export function decideAwaitingBudget(command: AwaitingBudgetCommand, state: AwaitingBudgetState): AwaitingBudgetEvent[] {
  if (command.type === 'AwaitBudget') {
    const g = command.data;
    const known = state.grants.get(g.grantId);
    if (known) {
      if (known.grant.amountFen !== g.amountFen || known.grant.caseId !== g.caseId) {
        throw new RuleViolation('grantIdentity', `grant ${g.grantId} is already on record for ${known.grant.amountFen} fen (case ${known.grant.caseId}); it cannot change`);
      }
      return [];
    }
    if (!Number.isSafeInteger(g.amountFen) || g.amountFen <= 0) throw new RuleViolation('validCommand', `amountFen must be a positive integer of fen, got ${g.amountFen}`);
    const candidates = budgetCandidates(g.programme, g.fiscalYear, g.jurisdiction);
    return [{ type: 'BudgetAwaited', data: { ...g, queuePosition: state.waiting.length + 1, candidates } }];
  }
  const events: AwaitingBudgetEvent[] = [];
  for (const grantId of state.waiting) {
    const budgetId = command.data.budgets[grantId];
    if (budgetId === undefined) continue;
    if (!state.grants.get(grantId)!.grant.candidates.includes(budgetId)) {
      throw new RuleViolation('programmeMatches', `budget ${budgetId} may not pay grant ${grantId}`);
    }
    events.push({ type: 'AwaitedBudgetFound', data: { grantId, budgetId } });
  }
  return events;
}

export function evolveAwaitingBudget(state: AwaitingBudgetState, event: AwaitingBudgetEvent): AwaitingBudgetState {
  switch (event.type) {
    case 'BudgetAwaited': {
      const grants = new Map(state.grants);
      grants.set(event.data.grantId, { grant: event.data });
      return { grants, waiting: [...state.waiting, event.data.grantId] };
    }
    case 'AwaitedBudgetFound': {
      const known = state.grants.get(event.data.grantId);
      if (!known) return state;
      const grants = new Map(state.grants);
      grants.set(event.data.grantId, { ...known, budgetId: event.data.budgetId });
      return { grants, waiting: state.waiting.filter((id) => id !== event.data.grantId) };
    }
    default:
      return state;
  }
}

export const awaitingBudgetDecider = {
  decide: decideAwaitingBudget,
  evolve: evolveAwaitingBudget,
  initialState: initialAwaitingBudgetState,
};

/** The GrantRef of a waiting grant charged to `budgetId`. */
export const grantRefFor = (g: UnbudgetedGrant, budgetId: string): GrantRef => ({
  budgetId, grantId: g.grantId, caseId: g.caseId, applicationId: g.applicationId, department: g.department, amountFen: g.amountFen,
});
