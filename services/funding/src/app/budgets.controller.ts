import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiQuery, ApiSchema, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { ALL_DEPARTMENTS, type AnyDepartment } from '@onedoor/contracts';
import {
  ApiIdempotencyKey, ApiOp, assertInSubtree, CurrentPrincipal, parseAsOf, READ_ERRORS, Roles, WRITE_ERRORS, type Principal,
} from '@onedoor/service-kit';
import { Budgets } from './budgets';
import { GetBudgetQuery } from './budget.commands';
import { allocateBudget, topUpBudget } from './budget.writes';

const MAX_BUDGET_FEN = 1_000_000_000_000; // ten billion yuan

@ApiSchema({ name: 'BudgetAllocation' })
export class AllocateBudgetDto {
  @ApiProperty({ enum: ALL_DEPARTMENTS, description: 'the budget programme: a rule department or a partner department (policy-rules §11)' }) @IsIn(ALL_DEPARTMENTS as string[]) programme: AnyDepartment;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @ApiProperty({ example: '321323' }) @Matches(/^(\d{6}|\d{9})$/, { message: 'jurisdiction must be a 6 or 9 digit division code' }) jurisdiction: string;
  @ApiProperty({ description: 'integer fen' }) @IsInt() @Min(1) @Max(MAX_BUDGET_FEN) amountFen: number;
  @ApiPropertyOptional({ description: 'a township reserve fund (备用金)' }) @IsOptional() @IsBoolean() reserveFund?: boolean;
}

@ApiSchema({ name: 'TopUp' })
export class TopUpDto {
  @ApiProperty({ description: 'integer fen' }) @IsInt() @Min(1) @Max(MAX_BUDGET_FEN) amountFen: number;
}

@ApiSchema({ name: 'Budget', description: '`allocatedFen = availableFen + reservedFen + disbursedFen` always.' })
export class BudgetDto {
  @ApiProperty({ example: 'temporary-aid-2026-321323' }) budgetId: string;
  @ApiProperty({ description: 'integer fen' }) allocatedFen: number;
  @ApiProperty({ description: 'integer fen: held for grants not yet paid' }) reservedFen: number;
  @ApiProperty({ description: 'integer fen: paid out' }) disbursedFen: number;
  @ApiProperty({ description: 'integer fen' }) availableFen: number;
  @ApiProperty({ description: 'grants waiting for a top-up, paid in grant order' }) awaitingGrants: number;
  @ApiProperty({ description: 'integer fen: what the waiting grants need' }) awaitingFen: number;
  @ApiProperty({ enum: ALL_DEPARTMENTS }) programme: string;
  @ApiProperty({ example: 2026 }) fiscalYear: number;
  @ApiProperty({ example: '321323' }) jurisdiction: string;
  @ApiProperty({ description: 'a township reserve fund (备用金)' }) reserveFund: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'the instant asked for with `asOf`' }) asOf?: string;
}

@ApiTags('budgets')
@ApiBearerAuth('bearer')
@Controller('budgets')
export class BudgetsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly budgets: Budgets,
  ) {}

  @Post()
  @Roles('finance')
  @ApiOp({
    summary: 'Allocate a budget',
    operationId: 'allocateBudget',
    description: 'Finance, within its jurisdiction: a budget per programme, fiscal year and jurisdiction (or a township reserve fund). 201 with `Location`.',
    errors: WRITE_ERRORS,
  })
  @ApiCreatedResponse({ type: BudgetDto, description: 'the budget', headers: { Location: { description: 'the budget, /api/v1/budgets/{budgetId}', schema: { type: 'string' } } } })
  @ApiIdempotencyKey('budget')
  async allocate(
    @Body() body: AllocateBudgetDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('Idempotency-Key') key?: string,
  ) {
    const r = await allocateBudget(this.commands, this.budgets, body, p, key);
    res.status(r.status).location(`/api/v1/budgets/${encodeURIComponent((r.body as { budgetId: string }).budgetId)}`);
    return r.body;
  }

  @Post(':budgetId/top-ups')
  @HttpCode(200)
  @Roles('finance')
  @ApiOp({
    summary: 'Top up a budget',
    operationId: 'topUpBudget',
    description: 'Finance, within its jurisdiction: adds to the allocation; grants waiting for funds are paid in grant order.',
    errors: [...WRITE_ERRORS, 404],
  })
  @ApiParam({ name: 'budgetId', description: 'the budget id' })
  @ApiOkResponse({ type: BudgetDto, description: 'the budget after the top-up' })
  @ApiIdempotencyKey('top-up')
  async topUp(
    @Param('budgetId') budgetId: string,
    @Body() body: TopUpDto,
    @CurrentPrincipal() p: Principal,
    @Headers('Idempotency-Key') key?: string,
  ) {
    const r = await topUpBudget(this.commands, this.budgets, budgetId, body, p, key);
    return r.body;
  }

  @Get(':budgetId')
  @Roles('finance', 'auditor')
  @ApiOp({ summary: 'Read a budget', operationId: 'getBudget', description: 'Finance or auditor, within their jurisdiction.', errors: READ_ERRORS })
  @ApiParam({ name: 'budgetId', description: 'the budget id' })
  @ApiOkResponse({ type: BudgetDto, description: 'the budget' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: the budget as it stood then', schema: { type: 'string', format: 'date-time' } })
  async get(@Param('budgetId') budgetId: string, @CurrentPrincipal() p: Principal, @Query('asOf') asOf?: string) {
    const view = await this.queries.execute(new GetBudgetQuery(budgetId, parseAsOf(asOf)));
    assertInSubtree(p, view.jurisdiction, `budget ${budgetId}`);
    return view;
  }
}
