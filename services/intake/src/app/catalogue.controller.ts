import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiParam, ApiProperty, ApiQuery, ApiSchema, ApiTags } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import type { Response } from 'express';
import { SIYANG_CATALOGUE_2025 } from '@onedoor/policy';
import { ApiIdempotencyKey, ApiOp, CurrentPrincipal, READ_ERRORS, Roles, WRITE_ERRORS, type Principal } from '@onedoor/service-kit';
import { CATALOGUE_READERS, CatalogueAdmin, type PutProgrammeRequest } from './catalogue.admin';

const RENTAL_SUBSIDY = SIYANG_CATALOGUE_2025.programmes.find((p) => p.id === 'housing-aid.rental-subsidy');

@ApiSchema({ name: 'ProgrammeCatalogue', description: 'The programmes of a jurisdiction for a validity period (the catalogue file format).' })
export class ProgrammeCatalogueDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'division code' }) jurisdiction: string;
  @ApiProperty({ description: 'China date YYYY-MM-DD' }) validFrom: string;
  @ApiProperty({ required: false, description: 'China date, inclusive' }) validTo?: string;
  @ApiProperty({ required: false }) source?: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'each programme: id, department, category, name {zh, en}, eligibility, askedBy, amount, decisionWorkingDays, budgetProgramme (README: Add a programme)',
  })
  programmes: object[];
}

@ApiSchema({ name: 'PutProgramme', description: 'A programme offered in a jurisdiction from a date.' })
export class PutProgrammeDto implements PutProgrammeRequest {
  // Checked by CatalogueAdmin.putProgramme with the catalogue file's rules (each error names its field).
  @ApiProperty({ example: '321323', description: 'division code where the programme is offered (its subtree too)' }) @Allow() jurisdiction: string;
  @ApiProperty({ example: '2026-12-01', description: 'China date from which it is offered: today or later' }) @Allow() validFrom: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the programme, as in a catalogue file; its id is the path’s', example: RENTAL_SUBSIDY }) @Allow() programme: unknown;
}

/** Admin API of the programme catalogue: read the catalogue in force, add or replace a programme (no restart). */
@ApiTags('catalogue')
@ApiBearerAuth('bearer')
@Controller('catalogue')
export class CatalogueController {
  constructor(private readonly admin: CatalogueAdmin) {}

  @Get()
  @Roles(...CATALOGUE_READERS)
  @ApiOp({
    summary: 'The programme catalogue in force',
    operationId: 'getCatalogue',
    description: 'Staff (caseworker, officer, auditor, admin): the catalogue in force for a jurisdiction within or above theirs on a date (most specific level first); 403 elsewhere.',
    errors: READ_ERRORS,
  })
  @ApiQuery({ name: 'jurisdiction', required: false, description: 'division code; default the caller’s', schema: { type: 'string', pattern: '^\\d{6}(\\d{3}){0,2}$' } })
  @ApiQuery({ name: 'on', required: false, description: 'YYYY-MM-DD (China) or an ISO instant; default today', schema: { type: 'string' } })
  @ApiOkResponse({ type: ProgrammeCatalogueDto })
  get(@CurrentPrincipal() principal: Principal, @Query('jurisdiction') jurisdiction?: unknown, @Query('on') on?: unknown) {
    return this.admin.inForce(principal, jurisdiction, on);
  }

  @Put('programmes/:programmeId')
  @Roles('admin')
  @ApiOp({
    summary: 'Add or replace a programme',
    operationId: 'putProgramme',
    description:
      'Admin of the jurisdiction: offers the programme there from `validFrom`, publishing a new catalogue version (ProgrammeCataloguePublished). ' +
      'The next application handled there is routed by it, without a restart. Answers the catalogue.',
    errors: [...WRITE_ERRORS, 403],
  })
  @ApiParam({ name: 'programmeId', description: 'e.g. housing-aid.rental-subsidy' })
  @ApiBody({ type: PutProgrammeDto })
  @ApiOkResponse({ type: ProgrammeCatalogueDto })
  @ApiIdempotencyKey('catalogue')
  async put(
    @Param('programmeId') programmeId: string,
    @Body() body: PutProgrammeDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('Idempotency-Key') key?: string,
  ) {
    const result = await this.admin.putProgramme(principal, programmeId, body, key);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }
}
