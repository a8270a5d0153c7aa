import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, RuntimeRegistry, type Principal } from '@onedoor/service-kit';
import { SubmitApplicationDto } from './application.dto';
import { applicationReads, GetDossierQuery, GetTimelineQuery, SearchApplicationsQuery } from './application.queries';
import { DossierStore } from './dossier.store';
import { SubmitApplicationCommand, type SubmitResult } from './submit-application';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

@ApiTags('applications')
@ApiBearerAuth()
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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key and body give the same application, once' })
  async submit(
    @Body() body: SubmitApplicationDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('traceparent') traceparent?: string,
  ): Promise<SubmitResult> {
    // W3C trace context: a malformed traceparent is ignored, as tracing vendors do.
    const trace = typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? traceparent : undefined;
    const result = await this.commands.execute(new SubmitApplicationCommand(body, principal, key, trace));
    res.status(result.status).location(`/api/v1/applications/${result.body.applicationId}`);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @Roles('caseworker', 'officer', 'auditor')
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'jurisdiction', required: false })
  @ApiQuery({ name: 'overdue', required: false, type: Boolean })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
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
  @ApiQuery({ name: 'asOf', required: false })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Query('asOf') asOf?: string) {
    return this.queries.execute(new GetDossierQuery(id, principal, asOf, 'GET /api/v1/applications/:id'));
  }

  @Get(':id/events')
  @Roles('caseworker', 'auditor')
  events(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetTimelineQuery(id, principal, 'GET /api/v1/applications/:id/events'));
  }

  /**
   * Who read this application's personal data, when, what and why (PIPL art. 45): the applicant who
   * submitted it, or staff of its jurisdiction; 404 for anyone else.
   */
  @Get(':id/reads')
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (a day in China) or an ISO date-time; inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (to the end of that day in China) or an ISO date-time; exclusive' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
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
