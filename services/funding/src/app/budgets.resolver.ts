import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { assertInSubtree, CurrentPrincipal, OpaqueIdPipe, parseAsOf, Roles, type Principal } from '@onedoor/service-kit';
import { GetBudgetQuery } from './budget.commands';

@ObjectType('Budget')
export class BudgetModel {
  @Field() budgetId: string;
  @Field() programme: string;
  @Field(() => Int) fiscalYear: number;
  @Field() jurisdiction: string;
  @Field() reserveFund: boolean;
  @Field(() => Number) allocatedFen: number;
  @Field(() => Number) reservedFen: number;
  @Field(() => Number) disbursedFen: number;
  @Field(() => Number) availableFen: number;
  @Field(() => Int) awaitingGrants: number;
  @Field(() => Number) awaitingFen: number;
}

@Resolver(() => BudgetModel)
export class BudgetsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => BudgetModel, { name: 'budget' })
  @Roles('finance', 'auditor')
  async budget(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal, @Args('asOf', { nullable: true }) asOf?: string) {
    const view = await this.queries.execute(new GetBudgetQuery(id, parseAsOf(asOf)));
    assertInSubtree(p, view.jurisdiction, `budget ${id}`);
    return view;
  }
}
