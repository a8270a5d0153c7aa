/**
 * What the shared REST operations answer (cases, read log, health), as OpenAPI schemas.
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ALL_DEPARTMENTS } from '@onedoor/contracts';

const DEPARTMENTS = [...ALL_DEPARTMENTS];

@ApiSchema({ name: 'CaseGrant' })
export class CaseGrantDto {
  @ApiProperty() grantId: string;
  @ApiProperty({ description: 'the person or household the grant is for (pseudonymous reference)' }) beneficiaryRef: string;
  @ApiProperty({ description: 'integer fen' }) amountFen: number;
  @ApiProperty({ example: 2026 }) fiscalYear: number;
  @ApiPropertyOptional({ description: 'who approved it (temporary aid): system, township or county' }) level?: string;
  @ApiProperty() paid: boolean;
  @ApiPropertyOptional({ description: 'the budget it was paid from (`department:<department>` when the department\u2019s own system paid)' }) budgetId?: string;
  @ApiPropertyOptional({ description: 'partner departments: the programme granted' }) programmeId?: string;
  @ApiPropertyOptional({ enum: ['funding', 'department', 'in_kind'], description: 'partner departments: who pays' }) paidBy?: string;
  @ApiPropertyOptional({ description: 'partner departments: the department system\u2019s payment reference' }) paymentReference?: string;
}

@ApiSchema({ name: 'Case', description: 'A department\u2019s case of an application, as officers see it.' })
export class CaseViewDto {
  @ApiProperty({ example: 'temporary-aid-0b5c3f0e-7d0f-5c2e-9a7e-4f3b2a1c9d8e' }) caseId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: DEPARTMENTS }) department: string;
  @ApiProperty({ enum: ['open', 'granted', 'refused', 'paid', 'accepted'], description: '`accepted`: a partner department took the case on' }) status: string;
  @ApiPropertyOptional({ enum: ['small_fast', 'advance', 'ordinary'], description: 'temporary aid: the track the case is on' }) track?: string;
  @ApiPropertyOptional({ enum: DEPARTMENTS, description: 'the department that referred the case' }) referredBy?: string;
  @ApiProperty() beneficiaryRef: string;
  @ApiProperty({ example: '321323100' }) jurisdiction: string;
  @ApiProperty({ type: [String] }) causes: string[];
  @ApiProperty({ example: 'edge' }) tier: string;
  @ApiProperty({ description: 'China date' }) openedAt: string;
  @ApiProperty({ description: 'China date: the decision is due by then' }) dueBy: string;
  @ApiProperty({ type: [CaseGrantDto] }) grants: CaseGrantDto[];
  @ApiProperty({ type: [String], description: 'the decision\u2019s reasons (while open: why the case is on its track)' }) reasons: string[];
  @ApiPropertyOptional({ description: 'last day to appeal a refusal (China date)' }) appealBy?: string;
  @ApiPropertyOptional({ enum: DEPARTMENTS, isArray: true, description: 'temporary aid: the departments it referred causes to' }) referredTo?: string[];
  @ApiProperty({ description: 'give it back as `expectedVersion` with a decision' }) version: number;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'partner departments: the catalogue programmes (bounds in fen, decision days, budget programme) with each one\u2019s decision' }) programmes?: unknown[];
  @ApiPropertyOptional({ description: 'partner departments: who accepted the case' }) acceptedBy?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'partner departments: the department\u2019s least-data case file' }) caseFile?: unknown;
}

@ApiSchema({ name: 'Reader' })
export class ReaderDto {
  @ApiProperty() sub: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty() jurisdiction: string;
  @ApiProperty({ type: String, nullable: true }) department: string | null;
}

@ApiSchema({ name: 'ReadLogEntry', description: 'One recorded read of personal data (or of the read log itself).' })
export class ReadLogRowDto {
  @ApiProperty({ description: 'the service whose log holds the row' }) service: string;
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: '`at` as a date in China (UTC+8)' }) date: string;
  @ApiProperty({ type: ReaderDto }) reader: ReaderDto;
  @ApiProperty({ description: 'the route or command, e.g. `GET /api/v1/applications/:id`' }) purpose: string;
  @ApiProperty({ description: 'dossier, timeline, case, search, events, subscription, personal-data or read-log' }) resource: string;
  @ApiProperty({ type: String, nullable: true }) resourceId: string | null;
  @ApiProperty({ type: [String] }) fields: string[];
  @ApiProperty({ type: [String] }) applicationIds: string[];
  @ApiProperty({ type: [String] }) subjectRefs: string[];
  @ApiProperty({ type: [String] }) scope: string[];
  @ApiProperty({ description: 'the row\u2019s link in the log\u2019s hash chain' }) hash: string;
}

@ApiSchema({ name: 'ReadLogPage' })
export class ReadLogPageDto {
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [ReadLogRowDto], description: 'newest first' }) items: ReadLogRowDto[];
}

@ApiSchema({ name: 'Liveness' })
export class LivenessDto {
  @ApiProperty({ enum: ['live'] }) status: string;
  @ApiProperty() uptimeSeconds: number;
}

@ApiSchema({ name: 'Readiness', description: 'Each component (database, broker, relays, consumers) with ok, state, since and reason.' })
export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not ready'] }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) components: Record<string, unknown>;
}

@ApiSchema({ name: 'Health', description: 'The detail: database, broker, each service\u2019s relay and consumers, and the readiness components.' })
export class HealthDto {
  @ApiProperty({ enum: ['up', 'degraded'] }) status: string;
  @ApiProperty({ enum: ['embedded', 'distributed'] }) mode: string;
  @ApiProperty({ enum: ['up', 'down'] }) database: string;
  @ApiProperty({ example: 'kafka' }) transport: string;
  @ApiPropertyOptional({ enum: ['up', 'down'] }) broker?: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) services: Record<string, unknown>[];
  @ApiProperty({ type: 'object', additionalProperties: true }) components: Record<string, unknown>;
}
