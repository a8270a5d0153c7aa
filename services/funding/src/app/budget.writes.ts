import type { CommandBus } from '@nestjs/cqrs';
import { assertInSubtree, idempotent, uuidFromName, type Principal, type StoredResponse } from '@onedoor/service-kit';
import type { Budgets } from './budgets';
import { AllocateBudgetCommand, TopUpBudgetCommand } from './budget.commands';
import type { AllocateBudgetDto, TopUpDto } from './budgets.controller';

const meta = (p: Principal, jurisdiction: string) => ({
  correlationId: uuidFromName(`budget|${jurisdiction}|${Date.now()}|${Math.random()}`),
  actor: { sub: p.sub, role: 'finance' },
  jurisdiction,
});

/** Allocates a budget (finance, within its jurisdiction), once per Idempotency-Key; REST and GraphQL alike. */
export function allocateBudget(commands: CommandBus, budgets: Budgets, body: AllocateBudgetDto, p: Principal, key?: string): Promise<StoredResponse<{ budgetId: string }>> {
  assertInSubtree(p, body.jurisdiction, 'jurisdiction');
  const input = { ...body, reserveFund: body.reserveFund ?? false };
  return idempotent(budgets.runtime.store, `allocate:${p.sub}`, key, input, async () => ({
    status: 201,
    body: await commands.execute(new AllocateBudgetCommand(input, meta(p, body.jurisdiction), key && `allocate:${p.sub}:${key}`)),
  }));
}

/** Tops up a budget (finance, within the budget's jurisdiction), once per Idempotency-Key; REST and GraphQL alike. */
export async function topUpBudget(commands: CommandBus, budgets: Budgets, budgetId: string, body: TopUpDto, p: Principal, key?: string): Promise<StoredResponse<unknown>> {
  const current = await budgets.view(budgetId);
  assertInSubtree(p, current.jurisdiction, `budget ${budgetId}`);
  return idempotent(budgets.runtime.store, `top-up:${budgetId}`, key, body, async () => ({
    status: 200,
    body: await commands.execute(new TopUpBudgetCommand(budgetId, body.amountFen, meta(p, current.jurisdiction), key && `top-up:${budgetId}:${key}`)),
  }));
}
