/**
 * What intake's REST operations answer, as OpenAPI schemas (the answers themselves are built by
 * the read model: dossierView, the timeline, the search page).
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { DEPARTMENTS } from '@onedoor/contracts';

const DOSSIER_STATUSES = ['received', 'in_progress', 'settled', 'refused', 'withdrawn'];
const DEPARTMENT_STATUSES = ['open', 'accepted', 'approved', 'refused', 'awaiting_funds', 'paid'];
const TIERS = ['tekun', 'dibao', 'edge', 'rigid', 'none', null];

@ApiSchema({ name: 'SubmitResult', description: 'The application as accepted (201; `Location` names its dossier).' })
export class SubmitResultDto {
  @ApiProperty({ example: '0b5c3f0e-7d0f-5c2e-9a7e-4f3b2a1c9d8e' }) applicationId: string;
  @ApiProperty({ enum: ['in_progress', 'refused'], description: '`refused` when no department can help (the dossier says why)', example: 'in_progress' })
  status: string;
}

@ApiSchema({ name: 'DossierGrant' })
export class DossierGrantDto {
  @ApiProperty() grantId: string;
  @ApiProperty({ description: 'integer fen', example: 80000 }) amountFen: number;
  @ApiProperty({ enum: ['approved', 'awaiting_funds', 'paid'] }) status: string;
  @ApiProperty({ type: [String], description: 'the reasons of the decision that granted it' }) reasons: string[];
  @ApiPropertyOptional({ description: 'the catalogue programme granted, when the department named it' }) programmeId?: string;
  @ApiPropertyOptional({ enum: ['funding', 'department', 'in_kind'], description: 'who pays: funding, the department\u2019s own system, or nobody (in kind)' }) paidBy?: string;
  @ApiPropertyOptional({ description: 'the department system\u2019s reference of the payment it made' }) paymentReference?: string;
}

@ApiSchema({ name: 'DossierProgramme', description: 'One routed programme of a partner department\u2019s case, as its events recorded it.' })
export class DossierProgrammeDto {
  @ApiProperty({ example: 'employment-aid.training-subsidy' }) programmeId: string;
  @ApiProperty({
    enum: ['open', 'accepted', 'approved', 'awaiting_funds', 'paid', 'in_kind', 'refused'],
    description: 'open or accepted (the case\u2019s status) until the department grants or refuses the programme',
  })
  status: string;
  @ApiProperty({ description: 'integer fen' }) grantedFen: number;
  @ApiProperty({ description: 'integer fen' }) paidFen: number;
  @ApiPropertyOptional({ enum: ['funding', 'department', 'in_kind'] }) paidBy?: string;
  @ApiPropertyOptional() paymentReference?: string;
  @ApiPropertyOptional({ type: [String], description: 'the refusal\u2019s reasons' }) reasons?: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'last day to apply for administrative reconsideration of the refusal (China date)' }) appealBy?: string | null;
}

@ApiSchema({ name: 'DossierDepartment', description: 'One department\u2019s part of the application.' })
export class DossierDepartmentDto {
  @ApiProperty({ enum: DEPARTMENTS }) department: string;
  @ApiProperty({ example: 'temporary-aid-0b5c3f0e-7d0f-5c2e-9a7e-4f3b2a1c9d8e' }) caseId: string;
  @ApiProperty({
    enum: DEPARTMENT_STATUSES,
    description: 'open (accepted, once a partner department took the case on) until the department decided: a partner department, once every routed programme is granted or refused',
  })
  status: string;
  @ApiProperty({ description: 'integer fen' }) grantedFen: number;
  @ApiProperty({ description: 'integer fen' }) paidFen: number;
  @ApiProperty({ type: [String], description: 'every grant\u2019s reasons in grant order, or the refusal\u2019s' }) reasons: string[];
  @ApiProperty({ type: String, nullable: true, description: 'the date the department must decide by (China date)', example: '2026-11-27' })
  dueBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'last day to apply for administrative reconsideration of a refusal (China date)' })
  appealBy: string | null;
  @ApiProperty({ type: [DossierGrantDto] }) grants: DossierGrantDto[];
  @ApiPropertyOptional({ type: [DossierProgrammeDto], description: 'a partner department\u2019s routed programmes, each with its own status' }) programmes?: DossierProgrammeDto[];
}

@ApiSchema({ name: 'NotRouted', description: 'A department the application was not passed to, and why.' })
export class NotRoutedDto {
  @ApiProperty({ enum: DEPARTMENTS }) department: string;
  @ApiProperty({ type: [String] }) reasons: string[];
}

@ApiSchema({ name: 'Totals' })
export class TotalsDto {
  @ApiProperty({ description: 'integer fen' }) grantedFen: number;
  @ApiProperty({ description: 'integer fen' }) paidFen: number;
}

@ApiSchema({
  name: 'Dossier',
  description: 'One status across departments. `settled`: every routed department has decided and every approved grant is paid.',
})
export class DossierDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: DOSSIER_STATUSES }) status: string;
  @ApiProperty({ type: String, enum: TIERS, nullable: true, description: 'the household\u2019s assistance tier' }) tier: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'where the application is handled (division code)', example: '321323100' })
  jurisdiction: string | null;
  @ApiProperty({ type: [DossierDepartmentDto] }) departments: DossierDepartmentDto[];
  @ApiProperty({ type: [NotRoutedDto] }) notRouted: NotRoutedDto[];
  @ApiProperty({ type: TotalsDto }) totals: TotalsDto;
  @ApiPropertyOptional({ type: [String], description: 'why intake refused the application (refused only)' }) reasons?: string[];
  @ApiPropertyOptional({ description: 'last day to appeal intake\u2019s refusal (refused only, China date)' }) appealBy?: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) settledAt: string | null;
  @ApiProperty({ description: 'the number of events folded into the dossier', example: 7 }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'the instant asked for with `asOf`' }) asOf?: string;
}

@ApiSchema({ name: 'DossierPage' })
export class DossierPageDto {
  @ApiProperty({ description: 'dossiers matching the filter' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [DossierDto], description: 'newest change first' }) items: DossierDto[];
}

@ApiSchema({ name: 'Actor' })
export class ActorDto {
  @ApiProperty() sub: string;
  @ApiProperty({ example: 'caseworker' }) role: string;
}

@ApiSchema({
  name: 'TimelineEvent',
  description: 'One public event of any service about the application; `data` is the payload as the timeline shows it (no member ages, incomes or illnesses).',
})
export class TimelineEventDto {
  @ApiProperty({ example: 'intake' }) service: string;
  @ApiProperty({ example: 'ApplicationRouted' }) type: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() streamId: string;
  @ApiProperty() streamVersion: number;
  @ApiProperty({ type: ActorDto, nullable: true }) actor: ActorDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event\u2019s payload (see the AsyncAPI document)' })
  data: Record<string, unknown>;
}

@ApiSchema({ name: 'Erasure', description: 'An erasure as recorded (`PersonalDataErased`), with its event id and the note kept off the event.' })
export class ErasureRecordDto {
  @ApiProperty({ example: 'p_3q2-7wEJzXbQ0nYk9mLsAA' }) personRef: string;
  @ApiProperty({ example: 'PIPL art. 47' }) legalBasis: string;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
  @ApiProperty({ description: 'the token subject of the admin' }) erasedBy: string;
  @ApiProperty() eventId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note?: string | null;
}

/** Worked example 1 (a night fire), as a request body of POST /applications. */
export const SUBMIT_EXAMPLE = {
  applicant: { idNumber: '510122199103150015', name: '李强', phone: '13800000001' },
  household: {
    registeredJurisdiction: '510122100201',
    members: [
      {
        idNumber: '510122199103150015', name: '李强', relation: 'self', birthDate: '1991-03-15', monthlyIncomeFen: 450000, disability: 'none',
        seriousIllness: false, laborCapacity: true, hasSupporter: true, schoolStage: null, boarding: false,
      },
    ],
    assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
  },
  incident: { jurisdiction: '321323100', occurredOn: '2026-11-20', causes: ['fire'], urgent: true, description: 'a night fire destroyed his rented room' },
  consent: { economicCheck: true, dataSharing: true },
};

/** The dossier of the night fire once the small fast aid is paid. */
export const DOSSIER_EXAMPLE = {
  applicationId: '0b5c3f0e-7d0f-5c2e-9a7e-4f3b2a1c9d8e',
  status: 'settled',
  tier: 'none',
  jurisdiction: '321323100',
  departments: [
    {
      department: 'temporary-aid',
      caseId: 'temporary-aid-0b5c3f0e-7d0f-5c2e-9a7e-4f3b2a1c9d8e',
      status: 'paid',
      grantedFen: 80000,
      paidFen: 80000,
      reasons: ['小额先行救助：突发火灾，急难情形'],
      dueBy: '2026-11-23',
      appealBy: null,
      grants: [{ grantId: 'temporary-aid-0b5c3f0e-7d0f-5c2e-9a7e-4f3b2a1c9d8e-1', amountFen: 80000, status: 'paid', reasons: ['小额先行救助：突发火灾，急难情形'] }],
    },
  ],
  notRouted: [
    { department: 'medical-aid', reasons: ['no illness among the causes'] },
    { department: 'education-aid', reasons: ['no student in the household'] },
  ],
  totals: { grantedFen: 80000, paidFen: 80000 },
  settledAt: '2026-11-21T02:14:09.512Z',
  version: 6,
  updatedAt: '2026-11-21T02:14:09.512Z',
};
