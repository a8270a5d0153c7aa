/**
 * Property-style test: random sequences of commands against one budget; after every command the
 * invariant holds (allocated = available + reserved + disbursed, none negative), each grant is
 * disbursed at most once, no grant is ever dropped, and the queue never holds a grant the money covers.
 */
import type { GrantRef } from '@onedoor/contracts';
import { budgetDecider as decider } from './budget';
import type { BudgetCommand } from './commands';
import type { BudgetEvent } from './events';
import { isRuleViolation } from './ruleViolation';
import type { ActiveBudget, BudgetState } from './state';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUDGET = 'temporary-aid:2026:321323';

function randomCommand(rand: () => number, amounts: Map<string, number>): BudgetCommand {
  const int = (max: number) => Math.floor(rand() * max);
  const grantId = `g-${int(25)}`;
  if (!amounts.has(grantId)) amounts.set(grantId, 1 + int(150_000));
  const ref: GrantRef = {
    budgetId: BUDGET,
    grantId,
    caseId: `case-${grantId}`,
    applicationId: `app-${grantId}`,
    department: 'temporary-aid',
    amountFen: amounts.get(grantId)!,
  };
  const roll = rand();
  if (roll < 0.55) return { type: 'RequestFunds', data: ref };
  if (roll < 0.75) return { type: 'TopUp', data: { budgetId: BUDGET, amountFen: int(200_000) } }; // 0 is refused
  if (roll < 0.95) return { type: 'CancelGrant', data: { budgetId: BUDGET, grantId, reason: 'random cancel' } };
  // now and then a bad request: wrong amount for a known grant, or a negative one
  return { type: 'RequestFunds', data: { ...ref, amountFen: rand() < 0.5 ? ref.amountFen + 1 : -5 } };
}

/** Plain checks (cheap enough for thousands of steps); throws with the broken invariant. */
function violatedInvariant(state: ActiveBudget, disbursements: Map<string, number>, requested: Set<string>): string | undefined {
  const { allocatedFen, availableFen, reservedFen, disbursedFen } = state;
  if (allocatedFen !== availableFen + reservedFen + disbursedFen) return 'allocated = available + reserved + disbursed';
  if ([allocatedFen, availableFen, reservedFen, disbursedFen].some((n) => !Number.isSafeInteger(n) || n < 0)) return 'money never negative';
  if ([...disbursements.values()].some((count) => count > 1)) return 'a grant is disbursed at most once';
  const grants = [...state.grants.values()];
  const sum = (status: string) => grants.filter((g) => g.status === status).reduce((s, g) => s + g.ref.amountFen, 0);
  if (reservedFen !== sum('reserved')) return 'reserved = sum of reserved grants';
  if (disbursedFen !== sum('disbursed')) return 'disbursed = sum of disbursed grants';
  // nothing dropped: every accepted request is on record, and the queue is exactly the waiting grants
  if ([...requested].some((id) => !state.grants.has(id))) return 'every requested grant is on record';
  const waiting = grants.filter((g) => g.status === 'awaiting').map((g) => g.ref.grantId).sort();
  if (JSON.stringify([...state.queue].sort()) !== JSON.stringify(waiting)) return 'the queue holds exactly the waiting grants';
  // liveness: the head of the queue waits only because the money does not cover it
  if (state.queue.length && state.grants.get(state.queue[0])!.ref.amountFen <= availableFen) return 'a covered grant is never left waiting';
  return undefined;
}

describe('budget invariant under random command sequences', () => {
  const stats = { events: 0, outcomes: new Set<string>() };
  it.each(Array.from({ length: 50 }, (_, i) => 1000 + i))('seed %i', (seed) => {
    const rand = prng(seed);
    const amounts = new Map<string, number>();
    const disbursements = new Map<string, number>();
    const requested = new Set<string>();
    let state: BudgetState = decider.initialState;
    const apply = (events: BudgetEvent[]) => {
      for (const e of events) {
        stats.outcomes.add(e.type);
        if (e.type === 'FundsDisbursed') disbursements.set(e.data.grantId, (disbursements.get(e.data.grantId) ?? 0) + 1);
        state = decider.evolve(state, e);
      }
    };
    apply(decider.decide({ type: 'AllocateBudget', data: { programme: 'temporary-aid', fiscalYear: 2026, jurisdiction: '321323', amountFen: Math.floor(rand() * 300_000), reserveFund: false } }, state));
    for (let step = 0; step < 200; step++) {
      const command = randomCommand(rand, amounts);
      const before = state;
      let events: BudgetEvent[] = [];
      try {
        events = decider.decide(command, state);
      } catch (e) {
        if (!isRuleViolation(e)) throw e;
        if (state !== before) throw new Error('a refused command changed the state');
        continue;
      }
      if (command.type === 'RequestFunds') requested.add(command.data.grantId);
      apply(events);
      const broken = violatedInvariant(state as ActiveBudget, disbursements, requested);
      if (broken) throw new Error(`seed ${seed}, step ${step} (${command.type}): ${broken}`);
      stats.events += events.length;
    }
    expect(stats.events).toBeGreaterThan(0);
  });

  afterAll(() => {
    // the random runs exercised every outcome
    expect(stats.outcomes).toEqual(new Set(['FundsReserved', 'FundsDisbursed', 'FundsAwaiting', 'FundsReleased', 'BudgetToppedUp', 'BudgetAllocated']));
  });

  it('replaying the events from scratch rebuilds the same state', () => {
    const rand = prng(7);
    const amounts = new Map<string, number>();
    const log: BudgetEvent[] = [];
    let state: BudgetState = decider.initialState;
    const record = (events: BudgetEvent[]) => {
      log.push(...events);
      state = events.reduce(decider.evolve, state);
    };
    record(decider.decide({ type: 'AllocateBudget', data: { programme: 'temporary-aid', fiscalYear: 2026, jurisdiction: '321323', amountFen: 100_000, reserveFund: false } }, state));
    for (let i = 0; i < 300; i++) {
      try {
        record(decider.decide(randomCommand(rand, amounts), state));
      } catch (e) {
        if (!isRuleViolation(e)) throw e;
      }
    }
    expect(log.reduce(decider.evolve, decider.initialState)).toEqual(state);
  });
});
