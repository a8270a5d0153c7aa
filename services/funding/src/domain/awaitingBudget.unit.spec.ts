import { awaitingBudgetDecider as decider, waitingGrants, type AwaitingBudgetEvent, type AwaitingBudgetState, type UnbudgetedGrant } from './awaitingBudget';

const grant = (n: number, amountFen = 80_000): UnbudgetedGrant => ({
  grantId: `ta-${n}:1`, caseId: `ta-${n}`, applicationId: `app-${n}`, department: 'temporary-aid', amountFen, programme: 'temporary-aid', fiscalYear: 2026, jurisdiction: '321323100201',
});
const CANDIDATES = ['temporary-aid:2026:321323100', 'temporary-aid:2026:321323', 'temporary-aid:2026:321300', 'temporary-aid:2026:320000'];
const fold = (events: AwaitingBudgetEvent[]): AwaitingBudgetState => events.reduce(decider.evolve, decider.initialState);
const awaited = (n: number, queuePosition: number, amountFen?: number): AwaitingBudgetEvent => ({ type: 'BudgetAwaited', data: { ...grant(n, amountFen), queuePosition, candidates: CANDIDATES } });

describe('grants awaiting a budget (policy-rules §7)', () => {
  it('records a grant no budget covers, with its place and the budgets that may pay it; once however often it comes', () => {
    expect(decider.decide({ type: 'AwaitBudget', data: grant(1) }, decider.initialState)).toEqual([awaited(1, 1)]);
    expect(decider.decide({ type: 'AwaitBudget', data: grant(2) }, fold([awaited(1, 1)]))).toEqual([awaited(2, 2)]);
    expect(decider.decide({ type: 'AwaitBudget', data: grant(1) }, fold([awaited(1, 1)]))).toEqual([]);
  });

  it('refuses the same grant id with another amount, and an amount that is not positive', () => {
    expect(() => decider.decide({ type: 'AwaitBudget', data: grant(1, 5) }, fold([awaited(1, 1)]))).toThrow(/cannot change/);
    expect(() => decider.decide({ type: 'AwaitBudget', data: grant(1, 0) }, decider.initialState)).toThrow(/positive integer/);
  });

  it('hands the waiting grants a budget covers to it in the order they waited, each once', () => {
    const state = fold([awaited(1, 1), awaited(2, 2), awaited(3, 3)]);
    const budgets = { 'ta-3:1': CANDIDATES[1], 'ta-1:1': CANDIDATES[1] };
    const events = decider.decide({ type: 'HandToBudgets', data: { budgets } }, state);
    expect(events).toEqual([
      { type: 'AwaitedBudgetFound', data: { grantId: 'ta-1:1', budgetId: CANDIDATES[1] } },
      { type: 'AwaitedBudgetFound', data: { grantId: 'ta-3:1', budgetId: CANDIDATES[1] } },
    ]);
    const after = events.reduce(decider.evolve, state);
    expect(waitingGrants(after).map((g) => g.grantId)).toEqual(['ta-2:1']);
    expect(decider.decide({ type: 'HandToBudgets', data: { budgets } }, after)).toEqual([]);
    expect(decider.decide({ type: 'AwaitBudget', data: grant(1) }, after)).toEqual([]);
  });

  it('never hands a grant to a budget that may not pay it', () => {
    expect(() => decider.decide({ type: 'HandToBudgets', data: { budgets: { 'ta-1:1': 'medical-aid:2026:321323' } } }, fold([awaited(1, 1)]))).toThrow(/may not pay/);
  });
});
