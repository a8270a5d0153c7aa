import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiIdempotencyKey, ApiOp, ApiTraceparent, correlateWithApplication, CurrentPrincipal, LIST_ERRORS, READ_ERRORS, ReadLogPageDto, requestIdsOf, Roles, RuntimeRegistry, WRITE_ERRORS, type Principal,
} from '@onedoor/service-kit';
import { SubmitApplicationDto } from './application.dto';
import { DOSSIER_EXAMPLE, DossierDto, DossierPageDto, SUBMIT_EXAMPLE, SubmitResultDto, TimelineEventDto } from './application.responses';
import { applicationReads, GetDossierQuery, GetTimelineQuery, SearchApplicationsQuery } from './application.queries';
import { DossierStore } from './dossier.store';
import { SubmitApplicationCommand, type SubmitResult } from './submit-application';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

@ApiTags('applications')
@ApiBearerAuth('bearer')
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly dossiers: DossierStore,
    private readonly runtimes: RuntimeRegistry,
  ) {}

  @Post()
  @Roles('applicant', 'caseworker')
  @ApiOp({
    summary: 'Submit one application',
    operationId: 'submitApplication',
    description:
      'Applicant or caseworker. Assesses the household and routes the application to every department that can help. ' +
      '201 with the application id and `Location`; with an `Idempotency-Key` a repeat of the same body gives the same answer (`Idempotent-Replayed: true`).',
    errors: WRITE_ERRORS,
  })
  @ApiBody({ type: SubmitApplicationDto, examples: { nightFire: { summary: 'worked example 1: a night fire (small fast aid)', value: SUBMIT_EXAMPLE } } })
  @ApiCreatedResponse({
    type: SubmitResultDto,
    description: 'accepted; the dossier is at `Location`',
    headers: {
      Location: { description: 'the dossier, /api/v1/applications/{id}', schema: { type: 'string' } },
      'Idempotent-Replayed': { description: '`true` when this answer repeats an earlier one for the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
    },
    example: { applicationId: DOSSIER_EXAMPLE.applicationId, status: 'in_progress' },
  })
  @ApiIdempotencyKey('application')
  @ApiTraceparent()
  async submit(
    @Body() body: SubmitApplicationDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('Idempotency-Key') key?: string,
    @Headers('traceparent') traceparent?: string,
  ): Promise<SubmitResult> {
    // W3C trace context: a malformed traceparent is ignored, as tracing vendors do; the events join
    // the request's trace (the one its log lines name).
    const trace = typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? traceparent : requestIdsOf(res.req)?.traceparent;
    const result = await this.commands.execute(new SubmitApplicationCommand(body, principal, key, trace));
    correlateWithApplication(res, result.body.applicationId);
    res.status(result.status).location(`/api/v1/applications/${result.body.applicationId}`);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @Roles('caseworker', 'officer', 'auditor')
  @ApiOp({
    summary: 'Search applications',
    operationId: 'searchApplications',
    description: 'Caseworker, officer or auditor: dossiers within the caller\u2019s jurisdiction (or a narrower `jurisdiction`), newest change first, paginated.',
    errors: LIST_ERRORS,
  })
  @ApiOkResponse({ type: DossierPageDto, description: 'a page of dossiers' })
  @ApiQuery({ name: 'status', required: false, enum: ['received', 'in_progress', 'settled', 'refused', 'withdrawn'] })
  @ApiQuery({ name: 'jurisdiction', required: false, description: 'a division code within the caller\u2019s', schema: { type: 'string', pattern: '^\\d{6}(\\d{3}){0,2}$' } })
  @ApiQuery({ name: 'overdue', required: false, type: Boolean, description: 'only dossiers with (true) or without (false) a department past its due date' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: 1000000000, default: 0 } })
  search(
    @CurrentPrincipal() principal: Principal,
    @Query('status') status?: string,
    @Query('jurisdiction') jurisdiction?: string,
    @Query('overdue') overdue?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ) {
    return this.queries.execute(new SearchApplicationsQuery(principal, { status, jurisdiction, overdue, limit, offset }, 'GET /api/v1/applications'));
  }

  @Get(':id')
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  @ApiOp({
    summary: 'Read the dossier of an application',
    operationId: 'getApplication',
    description: 'The applicant who submitted it, or staff of its jurisdiction (404 for anyone else). One status across every department; the read is recorded in the read log.',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'id', description: 'the application id' })
  @ApiOkResponse({ type: DossierDto, description: 'the dossier', example: DOSSIER_EXAMPLE })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: the dossier as it stood then', schema: { type: 'string', format: 'date-time' } })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Query('asOf') asOf?: string) {
    return this.queries.execute(new GetDossierQuery(id, principal, asOf, 'GET /api/v1/applications/:id'));
  }

  @Get(':id/events')
  @Roles('caseworker', 'auditor')
  @ApiOp({
    summary: 'Read the timeline of an application',
    operationId: 'getApplicationEvents',
    description: 'Caseworker or auditor: the public events of every service about the application, oldest first.',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'id', description: 'the application id' })
  @ApiOkResponse({ type: [TimelineEventDto], description: 'the timeline' })
  events(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetTimelineQuery(id, principal, 'GET /api/v1/applications/:id/events'));
  }

  /**
   * Who read this application's personal data, when, what and why (PIPL art. 45): the applicant who
   * submitted it, or staff of its jurisdiction; 404 for anyone else.
   */
  @Get(':id/reads')
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  @ApiOp({
    summary: 'Who read this application\u2019s personal data',
    operationId: 'getApplicationReads',
    description: 'The applicant who submitted it, or staff of its jurisdiction: every recorded read, newest first (PIPL art. 45).',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'id', description: 'the application id' })
  @ApiOkResponse({ type: ReadLogPageDto, description: 'a page of reads' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (a day in China) or an ISO date-time; inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (to the end of that day in China) or an ISO date-time; exclusive' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: 100000, default: 0 } })
  reads(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
  ) {
    return applicationReads(this.dossiers, this.runtimes, id, principal, { from, to, limit, offset }, 'GET /api/v1/applications/:id/reads');
  }
}
