import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiOp, CurrentPrincipal, localeOfRequest, READ_ERRORS, Roles, type Principal } from '@onedoor/service-kit';
import { GetNoticesQuery, type NoticesView } from './notices.query';

class NoticeReasonDto {
  @ApiProperty({ description: 'the reason in the notice language' }) text: string;
  @ApiProperty({ description: 'the reason as recorded in the event (English)' }) recorded: string;
  @ApiProperty({ nullable: true, type: String, description: 'catalogue message whose English template produced it; null: shown as recorded' }) messageId: string | null;
}

class NoticeDto {
  @ApiProperty({ enum: ['acceptance', 'grant', 'refusal', 'application-refusal'] }) kind: string;
  @ApiProperty({ example: '给付决定书' }) title: string;
  @ApiProperty({ description: 'China date (UTC+8) of the decision', example: '2026-11-20' }) decidedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) department: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) caseId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) grantId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'catalogue programme, when recorded' }) programmeId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'integer fen' }) amountFen: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the amount in yuan, two decimals', example: '2,400.00' }) amountYuan: string | null;
  @ApiProperty({ type: [NoticeReasonDto] }) reasons: NoticeReasonDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'last China date to apply for administrative reconsideration (refusals)' }) appealBy: string | null;
  @ApiProperty({ type: [String], description: 'rule ids of the decision' }) ruleIds: string[];
  @ApiProperty({ description: 'the whole notice as text, one paragraph a line' }) text: string;
}

export class NoticesDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: ['zh-CN', 'en'] }) locale: string;
  @ApiProperty({ type: [NoticeDto] }) notices: NoticeDto[];
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class NoticesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/notices')
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  @ApiOp({
    summary: 'Read the written notices of an application',
    operationId: 'getApplicationNotices',
    description:
      'Who may read the dossier: one notice per recorded decision (acceptance and transfer, each grant, each refusal with its appeal notice, the refusal of the application), in Chinese (zh-CN) unless Accept-Language prefers English; Content-Language says which.',
    errors: READ_ERRORS,
  })
  @ApiParam({ name: 'id', description: 'the application id' })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
  @ApiOkResponse({ type: NoticesDto, description: 'the notices' })
  async notices(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const view: NoticesView = await this.queries.execute(new GetNoticesQuery(id, principal, localeOfRequest(req), 'GET /api/v1/applications/:id/notices'));
    res.setHeader('Content-Language', view.locale);
    return view;
  }
}
