import { Args, Context, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { assertInSubtree, CurrentPrincipal, GraphQLFen, OpaqueIdPipe, parseAsOf, Roles, validateInput, type Principal } from '@onedoor/service-kit';
import { GetBudgetQuery } from './budget.commands';
import { allocateBudget, topUpBudget } from './budget.writes';
import { Budgets } from './budgets';
import { AllocateBudgetDto, TopUpDto } from './budgets.controller';

@ObjectType('Budget')
export class BudgetModel {
  @Field() budgetId: string;
  @Field({ description: 'temporary-aid | medical-aid | education-aid | housing-aid | employment-aid | disaster-aid' }) programme: string;
  @Field(() => Int) fiscalYear: number;
  @Field() jurisdiction: string;
  @Field() reserveFund: boolean;
  @Field(() => GraphQLFen) allocatedFen: number;
  @Field(() => GraphQLFen) reservedFen: number;
  @Field(() => GraphQLFen) disbursedFen: number;
  @Field(() => GraphQLFen) availableFen: number;
  @Field(() => Int) awaitingGrants: number;
  @Field(() => GraphQLFen) awaitingFen: number;
}

@InputType('AllocateBudgetInput', { description: 'A budget per programme, fiscal year and jurisdiction (or a township reserve fund), as POST /budgets.' })
export class AllocateBudgetInput {
  @Field({ description: 'temporary-aid | medical-aid | education-aid | housing-aid | employment-aid | disaster-aid' }) programme: string;
  @Field(() => Int) fiscalYear: number;
  @Field({ description: '6 or 9 digit division code' }) jurisdiction: string;
  @Field(() => GraphQLFen) amountFen: number;
  @Field({ nullable: true, description: 'a township reserve fund (备用金)' }) reserveFund?: boolean;
}

type Request = { headers?: Record<string, unknown> };
/** The idempotency key: the argument, else the Idempotency-Key header (as REST). */
const keyOf = (arg: string | undefined | null, req?: Request) => {
  const header = req?.headers?.['idempotency-key'];
  return arg ?? (typeof header === 'string' ? header : undefined);
};
const asBody = (input: unknown): unknown => JSON.parse(JSON.stringify(input ?? null));

@Resolver(() => BudgetModel)
export class BudgetsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly budgets: Budgets,
  ) {}

  @Query(() => BudgetModel, { name: 'budget' })
  @Roles('finance', 'auditor')
  async budget(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal, @Args('asOf', { nullable: true }) asOf?: string) {
    const view = await this.queries.execute(new GetBudgetQuery(id, parseAsOf(asOf)));
    assertInSubtree(p, view.jurisdiction, `budget ${id}`);
    return view;
  }

  /** As POST /budgets: finance within its jurisdiction, the same rules and Idempotency-Key. */
  @Mutation(() => BudgetModel, { description: 'allocate a budget (as POST /api/v1/budgets)' })
  @Roles('finance')
  async allocateBudget(
    @Args('input', { type: () => AllocateBudgetInput }) input: unknown,
    @CurrentPrincipal() p: Principal,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey?: string | null,
    @Context('req') req?: Request,
  ) {
    const body = await validateInput(AllocateBudgetDto, asBody(input), 'input');
    return (await allocateBudget(this.commands, this.budgets, body, p, keyOf(idempotencyKey, req))).body;
  }

  /** As POST /budgets/{id}/top-ups: grants waiting for funds are paid in grant order. */
  @Mutation(() => BudgetModel, { description: 'top up a budget (as POST /api/v1/budgets/{budgetId}/top-ups)' })
  @Roles('finance')
  async topUpBudget(
    @Args('budgetId', OpaqueIdPipe) budgetId: string,
    @Args('amountFen', { type: () => GraphQLFen }) amountFen: number,
    @CurrentPrincipal() p: Principal,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey?: string | null,
    @Context('req') req?: Request,
  ) {
    const body = await validateInput(TopUpDto, { amountFen }, 'input');
    return (await topUpBudget(this.commands, this.budgets, budgetId, body, p, keyOf(idempotencyKey, req))).body;
  }
}
