import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import { ApiOp, CurrentPrincipal, READ_ERRORS, Roles, type Principal } from '@onedoor/service-kit';
import { GetPolicyPackageQuery } from './policy-package.query';

@ApiSchema({ name: 'PolicyPackage', description: 'The household’s policy package (一户一方案).' })
export class PolicyPackageDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' } }, description: 'the catalogue the application was assessed by' })
  catalogue: { id: string; version: number };
  @ApiProperty({
    type: 'array',
    description:
      'every programme of that catalogue: programmeId, name {zh, en}, department, category, qualifies, reasons, ruleIds, ' +
      'amount (kind rule | bounds {minFen, maxFen} | in_kind | department_system), status (not_qualified | offer | routed) and, when routed, ' +
      'case {caseId, status, grantedFen, paidFen} for this programme alone: status open or accepted (the case\u2019s, while the programme is not decided), ' +
      'approved, awaiting_funds, paid (with paymentReference when the department paid), in_kind, or refused (with reasons and appealBy); paidBy when recorded',
    items: { type: 'object' },
  })
  programmes: object[];
  @ApiProperty({ type: 'object', properties: { routed: { type: 'integer' }, offer: { type: 'integer' }, not_qualified: { type: 'integer' } } })
  counts: Record<string, number>;
}

@ApiTags('applications')
@ApiBearerAuth('bearer')
@Controller('applications')
export class PolicyPackageController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/package')
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  @ApiOp({
    summary: 'The household’s policy package (一户一方案)',
    operationId: 'getApplicationPackage',
    description:
      'Whoever may read the dossier: every programme of the catalogue in force when the application was handled, with whether the household qualifies ' +
      'and why, the department, the expected amount or bounds (fen), and the status — not qualified, an offer (qualified, not asked) or routed with the case. ' +
      'The read is recorded in the read log.',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'id', description: 'the application id' })
  @ApiOkResponse({ type: PolicyPackageDto })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetPolicyPackageQuery(id, principal, 'GET /api/v1/applications/:id/package'));
  }
}
