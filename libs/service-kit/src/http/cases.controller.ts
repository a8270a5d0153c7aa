import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiSchema, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/jwt';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { CaseDeskRegistry, type CaseDesk } from '../runtime/case-desk';
import { readerOf, subjectRefsIn } from '../runtime/read-log';
import { RuntimeRegistry } from '../runtime/runtime-registry';
import { CaseViewDto } from './api-models';
import { ApiIdempotencyKey, ApiOp, READ_ERRORS, WRITE_ERRORS } from './openapi';
import { ProblemError } from './problem';
import { OPAQUE_ID, validateInput } from './validation';

/** Keys of a case view that identify the case rather than the person: not listed as fields read. */
const CASE_NOT_PERSONAL = new Set(['caseId', 'applicationId', 'department', 'version']);

/**
 * Reads a case file through its department's desk and records the read in that department's read
 * log (its own store) before answering (PIPL art. 45). purpose: the route or operation.
 * @throws ProblemError 404/403 from the desk; 503 when the read cannot be recorded (nothing is answered).
 */
export async function readCaseFile(desks: CaseDeskRegistry, runtimes: RuntimeRegistry, caseId: string, principal: Principal, purpose: string): Promise<unknown> {
  const desk: CaseDesk = desks.deskFor(caseId);
  const view = (await desk.getCase(caseId, principal)) as Record<string, unknown>;
  const service = desk.service ?? desk.department;
  const runtime = runtimes.all().find((r) => r.spec.service === service);
  if (!runtime) throw ProblemError.serviceUnavailable(`the ${service} read log is not available; nothing was read`);
  const applicationId = typeof view.applicationId === 'string' ? view.applicationId : undefined;
  await runtime.readLog.record({
    reader: readerOf(principal),
    purpose,
    resource: 'case',
    resourceId: caseId,
    fields: Object.keys(view).filter((k) => !CASE_NOT_PERSONAL.has(k)),
    applicationIds: applicationId ? [applicationId] : [],
    subjectRefs: subjectRefsIn(view),
    scope: [typeof view.jurisdiction === 'string' ? view.jurisdiction : principal.jurisdiction],
  });
  return view;
}

@ApiSchema({ name: 'CaseDecision', description: 'Approve with `amountFen`, or refuse; reasons either way.' })
export class CaseDecisionDto {
  @ApiProperty({ enum: ['approve', 'refuse'] })
  @IsIn(['approve', 'refuse'])
  decision: 'approve' | 'refuse';

  @ApiPropertyOptional({ description: 'integer fen; required to approve' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountFen?: number;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(500, { each: true })
  reasons: string[];

  @ApiPropertyOptional({ description: 'special hardship allows up to 12 × the standard' })
  @IsOptional()
  @IsBoolean()
  specialHardship?: boolean;

  @ApiPropertyOptional({ description: 'the case version the officer saw; a newer one gives 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'partner departments: the programme of the case decided (required when several are pending to approve; absent to refuse them all)' })
  @IsOptional()
  @IsString()
  @Matches(OPAQUE_ID)
  programmeId?: string;

  @ApiPropertyOptional({ enum: ['funding', 'department', 'in_kind'], description: 'partner departments: who pays the grant (funding by default; in_kind for a home or a job, amountFen absent or 0)' })
  @IsOptional()
  @IsIn(['funding', 'department', 'in_kind'])
  paidBy?: 'funding' | 'department' | 'in_kind';
}

/**
 * A decision's body, checked once who may act is (CaseDesk.assertMayAct), with the 400 of the global
 * pipe: absent means {}, anything but an object is refused, the fields at fault are listed.
 */
export function decisionBody(raw: unknown): Promise<CaseDecisionDto> {
  const body = raw === undefined ? {} : raw;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw ProblemError.badRequest('the body must be a JSON object', [{ field: 'body', message: 'the body must be a JSON object' }]);
  }
  return validateInput(CaseDecisionDto, body);
}

@ApiTags('cases')
@ApiBearerAuth('bearer')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly desks: CaseDeskRegistry,
    private readonly runtimes: RuntimeRegistry,
  ) {}

  @Get(':caseId')
  @Roles('officer', 'caseworker', 'auditor')
  @ApiOp({
    summary: 'Read a department case',
    operationId: 'getCase',
    description: 'Officer, caseworker or auditor of the case\u2019s jurisdiction; the read is recorded in the department\u2019s read log.',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'caseId', description: 'the case id: `<department>-<applicationId>`' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the case' })
  getCase(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return readCaseFile(this.desks, this.runtimes, caseId, principal, 'GET /api/v1/cases/:caseId');
  }

  @Post(':caseId/decisions')
  @HttpCode(200)
  @Roles('officer')
  @ApiOp({
    summary: 'Decide a department case',
    operationId: 'decideCase',
    description:
      'Officer of the case\u2019s department and jurisdiction: approve with `amountFen` (within the cap of the track and the officer\u2019s level) or refuse, with reasons. ' +
      'A case changed since `expectedVersion` gives 409.',
    errors: [...WRITE_ERRORS, 404],
  })
  @ApiParam({ name: 'caseId', description: 'the case id: `<department>-<applicationId>`' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the case after the decision' })
  @ApiIdempotencyKey('decision')
  @ApiBody({ type: CaseDecisionDto })
  // The body is checked after who may act (decisionBody), so it is not bound to its DTO here.
  async decide(
    @Param('caseId') caseId: string,
    @Body() raw: unknown,
    @CurrentPrincipal() principal: Principal,
    @Headers('Idempotency-Key') idempotencyKey?: string,
  ) {
    // Who may act first (403 / 404 whatever the body holds), then the body (400).
    const desk = this.desks.deskFor(caseId);
    await desk.assertMayAct?.(caseId, principal);
    return desk.decide(caseId, await decisionBody(raw), principal, idempotencyKey);
  }
}
