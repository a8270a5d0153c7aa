import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiQuery, ApiSchema, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  ApiIdempotencyKey, ApiOp, CaseDecisionDto, CaseViewDto, CurrentPrincipal, OPAQUE_ID, ProblemError, READ_ERRORS, Roles, RuntimeRegistry, validateInput, WRITE_ERRORS,
  type Principal,
} from '@onedoor/service-kit';
import { MAX_AMOUNT_FEN } from './department-desk';
import { DepartmentDeskRegistry } from './desk-registry';
import { recordCaseListRead } from './read-cases';

@ApiSchema({ name: 'CaseAcceptance', description: 'Take a case on; optionally at the version seen.' })
export class CaseAcceptanceDto {
  @ApiPropertyOptional({ description: 'the case version seen; a newer one gives 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;
}

@ApiSchema({ name: 'CasePaymentReport', description: 'A payment the department\u2019s own system made for a grant decided with paidBy department.' })
export class CasePaymentReportDto {
  @ApiPropertyOptional({ description: 'the programme whose grant was paid (optional when one grant awaits its payment)' })
  @IsOptional()
  @IsString()
  @Matches(OPAQUE_ID)
  programmeId?: string;

  @ApiProperty({ description: 'integer fen; equal to the grant' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @ApiProperty({ description: 'the department system\u2019s reference of the payment' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  paymentReference: string;

  @ApiPropertyOptional({ description: 'the case version seen; a newer one gives 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;
}

/** The shared decision body (documented as CaseDecision) with amountFen checked against the programme by the desk. */
export class PartnerCaseDecisionDto extends CaseDecisionDto {
  // The programme is checked first: its kind and bounds say which amounts fit (0 in kind), up to 100,000,000 fen.
  @IsOptional()
  @IsInt()
  override amountFen?: number;
}

/**
 * A desk write's body, checked after who may act (DepartmentDesk.assertMayAct): an officer of
 * another department, or a case outside the caller's subtree, gets 403 / 404 whatever the body
 * holds; the department's own officers get 400 naming the fields at fault. Absent means {}.
 */
async function bodyFor<T extends object>(dto: new () => T, caseId: string, principal: Principal, desks: DepartmentDeskRegistry, body: unknown): Promise<T> {
  await desks.forCase(caseId).assertMayAct(caseId, principal);
  return deskInput(dto, body === undefined ? {} : body);
}

/**
 * `input` checked against `dto` (validateInput), with one message per field: the first of its
 * constraints that failed, as declared (class-validator lists a field's failures last declared
 * first). Every field at fault is still listed, in the order found.
 * @throws ProblemError 400.
 */
export async function deskInput<T extends object>(dto: new () => T, input: unknown, name?: string): Promise<T> {
  try {
    return await validateInput(dto, input, name);
  } catch (e) {
    const errors = e instanceof ProblemError && e.problem.status === 400 ? e.problem.errors : undefined;
    if (!errors?.length) throw e;
    const byField = new Map<string, { field: string; message: string }>();
    for (const error of errors) byField.set(error.field, error);
    if (byField.size === errors.length) throw e;
    const first = [...byField.values()];
    throw ProblemError.badRequest(`${first.length} field(s) are invalid`, first);
  }
}

const CASE_ID = { name: 'caseId', description: 'the case id: `<department>-<applicationId>`' };

/** The partner desk: a department's cases, accept, decide (programme, amount within bounds, who pays), report a payment. */
@ApiTags('department desk')
@ApiBearerAuth('bearer')
@Controller()
export class DepartmentDeskController {
  constructor(
    private readonly desks: DepartmentDeskRegistry,
    private readonly runtimes: RuntimeRegistry,
  ) {}

  @Get('departments/:department/cases')
  @Roles('officer', 'caseworker', 'auditor')
  @ApiOp({
    summary: 'A department\u2019s cases',
    operationId: 'listDepartmentCases',
    description: 'Officers and the system of the department (and caseworkers, auditors) see its cases within their jurisdiction subtree, oldest first; `status` open | accepted | granted | refused | paid. The read is recorded.',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'department', description: 'housing-aid | employment-aid | disaster-aid' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'accepted', 'granted', 'refused', 'paid'] })
  @ApiOkResponse({ type: [CaseViewDto], description: 'the cases' })
  async list(@Param('department') department: string, @CurrentPrincipal() principal: Principal, @Query('status') status?: unknown) {
    const desk = this.desks.forDepartment(department);
    const views = await desk.list(principal, status);
    const runtime = this.runtimes.all().find((r) => r.spec.service === desk.service)!;
    await recordCaseListRead(runtime, principal, department, views, 'GET /api/v1/departments/:department/cases');
    return views;
  }

  @Post('cases/:caseId/accept')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOp({ summary: 'Accept a partner case', operationId: 'acceptCase', description: 'The department\u2019s officer or system takes the case on (CaseAccepted); accepting again changes nothing.', errors: [...WRITE_ERRORS, 404] })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseViewDto })
  @ApiIdempotencyKey('acceptance')
  @ApiBody({ type: CaseAcceptanceDto })
  // The body is checked after who may act (bodyFor), so it is not bound to its DTO here.
  async accept(@Param('caseId') caseId: string, @Body() raw: unknown, @CurrentPrincipal() principal: Principal, @Headers('Idempotency-Key') key?: string) {
    const body = await bodyFor(CaseAcceptanceDto, caseId, principal, this.desks, raw);
    return this.desks.forCase(caseId).accept(caseId, principal, key, body.expectedVersion);
  }

  @Post('cases/:caseId/decision')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOp({
    summary: 'Decide a programme of a partner case',
    operationId: 'decidePartnerCase',
    description:
      'Approve a programme (`programmeId`) with `amountFen` within its bounds (absent or 0 for in-kind) and `paidBy` (funding by default, department when its own system pays), or refuse it (or every pending programme), with reasons. ' +
      'An amount outside the bounds is a 400 and nothing is recorded; a case changed since `expectedVersion` gives 409.',
    errors: [...WRITE_ERRORS, 404],
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseViewDto })
  @ApiIdempotencyKey('decision')
  @ApiBody({ type: CaseDecisionDto })
  async decide(@Param('caseId') caseId: string, @Body() raw: unknown, @CurrentPrincipal() principal: Principal, @Headers('Idempotency-Key') key?: string) {
    const body = await bodyFor(PartnerCaseDecisionDto, caseId, principal, this.desks, raw);
    return this.desks.forCase(caseId).decide(caseId, body, principal, key);
  }

  @Post('cases/:caseId/payments')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOp({
    summary: 'Report a payment the department made',
    operationId: 'reportCasePayment',
    description: 'The department\u2019s system reports that it paid a grant decided with paidBy department: the amount equals the grant; `paymentReference` is its own. CasePaid (budgetId `department:<department>`).',
    errors: [...WRITE_ERRORS, 404],
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseViewDto })
  @ApiIdempotencyKey('payment report')
  @ApiBody({ type: CasePaymentReportDto })
  async reportPayment(@Param('caseId') caseId: string, @Body() raw: unknown, @CurrentPrincipal() principal: Principal, @Headers('Idempotency-Key') key?: string) {
    const body = await bodyFor(CasePaymentReportDto, caseId, principal, this.desks, raw);
    return this.desks.forCase(caseId).reportPayment(caseId, body, principal, key);
  }
}
