import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/jwt';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { CaseDeskRegistry } from '../runtime/case-desk';

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
  expectedVersion?: number;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly desks: CaseDeskRegistry) {}

  @Get(':caseId')
  @Roles('officer', 'caseworker', 'auditor')
  getCase(@Param('caseId') caseId: string, @CurrentPrincipal() principal: Principal) {
    return this.desks.deskFor(caseId).getCase(caseId, principal);
  }

  @Post(':caseId/decisions')
  @HttpCode(200)
  @Roles('officer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  decide(
    @Param('caseId') caseId: string,
    @Body() body: CaseDecisionDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.desks.deskFor(caseId).decide(caseId, body, principal, idempotencyKey);
  }
}
