import type { GrantRef } from '@onedoor/contracts';
import { given } from '@onedoor/testing';
import { budgetDecider as decider } from './budget';
import type { BudgetCommand } from './commands';
import type { BudgetEvent } from './events';
import { RuleViolation } from './ruleViolation';
import { budgetView } from './state';

const BUDGET = 'temporary-aid:2026:321323';
const allocated = (amountFen: number): BudgetEvent => ({
  type: 'BudgetAllocated',
  data: { budgetId: BUDGET, programme: 'temporary-aid', fiscalYear: 2026, jurisdiction: '321323', amountFen, reserveFund: false },
});
const grant = (n: number, amountFen = 80_000): GrantRef => ({
  budgetId: BUDGET,
  grantId: `ta-${n}:1`,
  caseId: `ta-${n}`,
  applicationId: `app-${n}`,
  department: 'temporary-aid',
  amountFen,
});
const request = (ref: GrantRef): BudgetCommand => ({ type: 'RequestFunds', data: ref });
const paid = (ref: GrantRef): BudgetEvent[] => [
  { type: 'FundsReserved', data: ref },
  { type: 'FundsDisbursed', data: ref },
];
const awaiting = (ref: GrantRef, availableFen: number, queuePosition: number): BudgetEvent => ({
  type: 'FundsAwaiting',
  data: { ...ref, availableFen, queuePosition },
});
const topUp = (amountFen: number): BudgetCommand => ({ type: 'TopUp', data: { budgetId: BUDGET, amountFen } });
const cancel = (ref: GrantRef, reason = 'case withdrawn'): BudgetCommand => ({ type: 'CancelGrant', data: { budgetId: BUDGET, grantId: ref.grantId, reason } });

describe('budget: AllocateBudget', () => {
  const allocate = (amountFen: number, reserveFund = false, jurisdiction = '321323'): BudgetCommand => ({
    type: 'AllocateBudget',
    data: { programme: 'temporary-aid', fiscalYear: 2026, jurisdiction, amountFen, reserveFund },
  });

  it('allocates a budget named by programme, fiscal year and jurisdiction', () => {
    given(decider).when(allocate(1_000_000_000)).then([allocated(1_000_000_000)]);
  });

  it('the same allocation again is a no-op; another one is refused', () => {
    given(decider, [allocated(100)]).when(allocate(100)).then([]);
    given(decider, [allocated(100), { type: 'BudgetToppedUp', data: { budgetId: BUDGET, amountFen: 5 } }]).when(allocate(100)).then([]);
    given(decider, [allocated(100)]).when(allocate(200)).thenFails(/top it up instead/);
  });

  it('a reserve fund belongs to a township', () => {
    given(decider)
      .when(allocate(2_000_000, true, '321323100'))
      .then([
        {
          type: 'BudgetAllocated',
          data: { budgetId: 'temporary-aid:2026:321323100', programme: 'temporary-aid', fiscalYear: 2026, jurisdiction: '321323100', amountFen: 2_000_000, reserveFund: true },
        },
      ]);
    given(decider).when(allocate(2_000_000, true)).thenFails(/township/);
  });

  it('refuses a negative or fractional amount', () => {
    given(decider).when(allocate(-1)).thenFails(RuleViolation);
    given(decider).when(allocate(1.5)).thenFails(/non-negative integer/);
  });
});

describe('budget: RequestFunds', () => {
  it('reserves and disburses a grant the available money covers', () => {
    given(decider, [allocated(100_000)]).when(request(grant(1))).then(paid(grant(1)));
  });

  it('pays a grant once, however often it is requested', () => {
    const history = [allocated(200_000), ...paid(grant(1))];
    given(decider, history).when(request(grant(1))).then([]);
    expect(budgetView(given(decider, history).state as any)).toMatchObject({ disbursedFen: 80_000, availableFen: 120_000 });
    given(decider, [allocated(0), awaiting(grant(1), 0, 1)]).when(request(grant(1))).then([]);
  });

  it('a grant id cannot change its amount', () => {
    given(decider, [allocated(200_000), ...paid(grant(1))]).when(request(grant(1, 1))).thenFails(/cannot change/);
  });

  it('worked example 4: 1,000 yuan left, two grants of 800 — one paid, the other waits, a top-up pays it', () => {
    const first = given(decider, [allocated(100_000)]).when(request(grant(1))).then(paid(grant(1)));
    const second = given(decider, [allocated(100_000), ...first]).when(request(grant(2))).then([awaiting(grant(2), 20_000, 1)]);
    const history = [allocated(100_000), ...first, ...second];
    given(decider, history)
      .when(topUp(100_000))
      .then([{ type: 'BudgetToppedUp', data: { budgetId: BUDGET, amountFen: 100_000 } }, ...paid(grant(2))]);
    const end = given(decider, [...history, { type: 'BudgetToppedUp', data: { budgetId: BUDGET, amountFen: 100_000 } }, ...paid(grant(2))]).state;
    expect(budgetView(end as any)).toEqual({
      budgetId: BUDGET,
      allocatedFen: 200_000,
      reservedFen: 0,
      disbursedFen: 160_000,
      availableFen: 40_000,
      awaitingGrants: 0,
      awaitingFen: 0,
    });
  });

  it('grants are paid in grant order: a smaller later grant does not overtake a waiting one', () => {
    const history = [allocated(100_000), ...paid(grant(1)), awaiting(grant(2), 20_000, 1)];
    given(decider, history).when(request(grant(3, 10_000))).then([awaiting(grant(3, 10_000), 20_000, 2)]);
  });

  it('a top-up pays the queue in order while the money suffices', () => {
    const history = [allocated(0), awaiting(grant(1), 0, 1), awaiting(grant(2, 50_000), 0, 2), awaiting(grant(3, 10_000), 0, 3)];
    given(decider, history)
      .when(topUp(100_000))
      .then([{ type: 'BudgetToppedUp', data: { budgetId: BUDGET, amountFen: 100_000 } }, ...paid(grant(1))]);
    given(decider, history)
      .when(topUp(130_000))
      .then([{ type: 'BudgetToppedUp', data: { budgetId: BUDGET, amountFen: 130_000 } }, ...paid(grant(1)), ...paid(grant(2, 50_000))]);
  });

  it('refuses grants of another programme or budget, and a budget not allocated', () => {
    given(decider, [allocated(100_000)]).when(request({ ...grant(1), department: 'medical-aid' })).thenFails(/cannot be paid from the temporary-aid budget/);
    given(decider, [allocated(100_000)]).when(request({ ...grant(1), budgetId: 'temporary-aid:2026:321300' })).thenFails(/not temporary-aid:2026:321300/);
    given(decider).when(request(grant(1))).thenFails(/has not been allocated/);
    given(decider, [allocated(100_000)]).when(request(grant(1, 0))).thenFails(/positive integer/);
  });
});

describe('budget: TopUp', () => {
  it('adds to the budget', () => {
    given(decider, [allocated(100)]).when(topUp(50)).then([{ type: 'BudgetToppedUp', data: { budgetId: BUDGET, amountFen: 50 } }]);
  });

  it('refuses a top-up that is not a positive amount', () => {
    given(decider, [allocated(100)]).when(topUp(0)).thenFails(RuleViolation);
  });
});

describe('budget: CancelGrant', () => {
  it('takes a waiting grant off the queue and pays the next ones the money now covers', () => {
    const history = [allocated(100_000), ...paid(grant(1)), awaiting(grant(2), 20_000, 1), awaiting(grant(3, 10_000), 20_000, 2)];
    given(decider, history)
      .when(cancel(grant(2)))
      .then([{ type: 'FundsReleased', data: { ...grant(2), reason: 'case withdrawn' } }, ...paid(grant(3, 10_000))]);
  });

  it('releases a reservation back to the available money', () => {
    const history: BudgetEvent[] = [allocated(100_000), { type: 'FundsReserved', data: grant(1) }];
    const events = given(decider, history).when(cancel(grant(1))).then([{ type: 'FundsReleased', data: { ...grant(1), reason: 'case withdrawn' } }]);
    expect(budgetView(given(decider, [...history, ...events]).state as any)).toMatchObject({ availableFen: 100_000, reservedFen: 0 });
  });

  it('a disbursed grant stays paid; an unknown grant cannot be cancelled; cancelling twice is a no-op', () => {
    given(decider, [allocated(100_000), ...paid(grant(1))]).when(cancel(grant(1))).thenFails(/already disbursed/);
    given(decider, [allocated(100_000)]).when(cancel(grant(9))).thenFails(/has no grant/);
    const released: BudgetEvent = { type: 'FundsReleased', data: { ...grant(1), reason: 'x' } };
    given(decider, [allocated(0), awaiting(grant(1), 0, 1), released]).when(cancel(grant(1))).then([]);
    given(decider, [allocated(0), awaiting(grant(1), 0, 1), released]).when(request(grant(1))).then([]);
  });

  it('needs a reason', () => {
    given(decider, [allocated(0), awaiting(grant(1), 0, 1)]).when(cancel(grant(1), ' ')).thenFails(/reason/);
  });
});
