import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { DEPARTMENTS, type Department } from '@onedoor/contracts';
import { assertInSubtree, CurrentPrincipal, idempotent, parseAsOf, Roles, uuidFromName, type Principal } from '@onedoor/service-kit';
import { Budgets } from './budgets';
import { AllocateBudgetCommand, GetBudgetQuery, TopUpBudgetCommand } from './budget.commands';

const MAX_BUDGET_FEN = 1_000_000_000_000; // ten billion yuan

export class AllocateBudgetDto {
  @ApiProperty({ enum: DEPARTMENTS }) @IsIn(DEPARTMENTS as string[]) programme: Department;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @ApiProperty({ example: '321323' }) @Matches(/^(\d{6}|\d{9})$/, { message: 'jurisdiction must be a 6 or 9 digit division code' }) jurisdiction: string;
  @ApiProperty({ description: 'integer fen' }) @IsInt() @Min(1) @Max(MAX_BUDGET_FEN) amountFen: number;
  @ApiPropertyOptional({ description: 'a township reserve fund (备用金)' }) @IsOptional() @IsBoolean() reserveFund?: boolean;
}

export class TopUpDto {
  @ApiProperty({ description: 'integer fen' }) @IsInt() @Min(1) @Max(MAX_BUDGET_FEN) amountFen: number;
}

const meta = (p: Principal, jurisdiction: string) => ({
  correlationId: uuidFromName(`budget|${jurisdiction}|${Date.now()}|${Math.random()}`),
  actor: { sub: p.sub, role: 'finance' },
  jurisdiction,
});

@ApiTags('budgets')
@ApiBearerAuth()
@Controller('budgets')
export class BudgetsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly budgets: Budgets,
  ) {}

  @Post()
  @Roles('finance')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async allocate(
    @Body() body: AllocateBudgetDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    assertInSubtree(p, body.jurisdiction, 'jurisdiction');
    const input = { ...body, reserveFund: body.reserveFund ?? false };
    const r = await idempotent(this.budgets.runtime.store, `allocate:${p.sub}`, key, input, async () => ({
      status: 201,
      body: await this.commands.execute(new AllocateBudgetCommand(input, meta(p, body.jurisdiction), key && `allocate:${p.sub}:${key}`)),
    }));
    res.status(r.status).location(`/api/v1/budgets/${encodeURIComponent((r.body as { budgetId: string }).budgetId)}`);
    return r.body;
  }

  @Post(':budgetId/top-ups')
  @HttpCode(200)
  @Roles('finance')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async topUp(
    @Param('budgetId') budgetId: string,
    @Body() body: TopUpDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key?: string,
  ) {
    const current = await this.budgets.view(budgetId);
    assertInSubtree(p, current.jurisdiction, `budget ${budgetId}`);
    const r = await idempotent(this.budgets.runtime.store, `top-up:${budgetId}`, key, body, async () => ({
      status: 200,
      body: await this.commands.execute(new TopUpBudgetCommand(budgetId, body.amountFen, meta(p, current.jurisdiction), key && `top-up:${budgetId}:${key}`)),
    }));
    return r.body;
  }

  @Get(':budgetId')
  @Roles('finance', 'auditor')
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: the budget as it stood then' })
  async get(@Param('budgetId') budgetId: string, @CurrentPrincipal() p: Principal, @Query('asOf') asOf?: string) {
    const view = await this.queries.execute(new GetBudgetQuery(budgetId, parseAsOf(asOf)));
    assertInSubtree(p, view.jurisdiction, `budget ${budgetId}`);
    return view;
  }
}
