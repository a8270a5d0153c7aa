import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, IsDefined, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches,
  Max, MaxLength, Min, MinLength, registerDecorator, ValidateIf, type ValidationOptions,
} from 'class-validator';
import { CAUSES, DISASTER_KINDS, EMPLOYMENT_STATUSES, HOME_DAMAGES } from '@onedoor/contracts';
import { HOUSEHOLD_MAX_MEMBERS, PROGRAMME_ID } from '@onedoor/policy';
import { ValidateNestedObject } from '@onedoor/service-kit';
import { idNumberProblem } from '../domain/gb11643';

const MAX_FEN = 10_000_000_00; // ten million yuan: far above any household figure, blocks overflow games

/** 18-character resident ID with a valid GB 11643 (ISO 7064 MOD 11-2) check digit. */
function IsResidentIdNumber(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isResidentIdNumber',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && idNumberProblem(value) === null,
        defaultMessage: (args) => {
          const problem = typeof args?.value === 'string' ? idNumberProblem(args.value) : 'id.gb11643.format';
          return problem === 'id.gb11643.checkDigit'
            ? `${args?.property} has a wrong check digit (GB 11643)`
            : problem === 'id.gb11643.birthDate'
              ? `${args?.property} holds an impossible birth date`
              : `${args?.property} must be an 18-character resident ID number`;
        },
      },
    });
}

/** The first value an array lists twice, if any. */
const firstDuplicate = (values: unknown): unknown => {
  if (!Array.isArray(values)) return undefined;
  const seen = new Set<unknown>();
  return values.find((v) => (seen.has(v) ? true : (seen.add(v), false)));
};

/** Each value once: a value listed twice is a field error naming it (e.g. a programme requested twice). */
function EachOnce(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'eachOnce',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => firstDuplicate(value) === undefined,
        defaultMessage: (args) => `${args?.property} lists ${String(firstDuplicate(args?.value))} more than once`,
      },
    });
}

/**
 * An optional field that may be left out but not given as null (null is a field error, as for a
 * nested object): the field's own rules run whenever it is present.
 */
const OmittableNotNull = () => ValidateIf((_o: object, value: unknown) => value !== undefined);

const DIVISION = /^(\d{6}|\d{9}|\d{12})$/;
/** Calendar dates in the extended ISO 8601 form only (the basic form 20261120 is refused). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

@ApiSchema({ name: 'Applicant' })
export class ApplicantDto {
  @ApiProperty({ example: '321323198001010012' }) @IsResidentIdNumber() idNumber: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?\d{6,15}$/, { message: 'phone must be 6–15 digits' }) phone?: string;
}

@ApiSchema({ name: 'Member', description: 'A member of the household (the applicant too, as `self`).' })
export class MemberDto {
  @ApiProperty() @IsResidentIdNumber() idNumber: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ enum: ['self', 'spouse', 'child', 'parent', 'sibling', 'other'] })
  @IsIn(['self', 'spouse', 'child', 'parent', 'sibling', 'other'])
  relation: string;
  @ApiProperty({ example: '1980-01-01' }) @Matches(ISO_DATE, { message: 'birthDate must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) birthDate: string;
  @ApiProperty({ description: 'integer fen per month' }) @IsInt() @Min(0, { message: 'monthlyIncomeFen must not be negative' }) @Max(MAX_FEN) monthlyIncomeFen: number;
  @ApiProperty({ enum: ['none', 'grade1', 'grade2', 'grade3', 'grade4'] })
  @IsIn(['none', 'grade1', 'grade2', 'grade3', 'grade4'])
  disability: string;
  @ApiProperty() @IsBoolean() seriousIllness: boolean;
  @ApiProperty() @IsBoolean() laborCapacity: boolean;
  @ApiProperty() @IsBoolean() hasSupporter: boolean;
  @ApiPropertyOptional({ type: String, enum: ['preschool', 'primary', 'junior', 'senior', 'vocational', 'university', null], nullable: true })
  @IsOptional()
  @IsIn(['preschool', 'primary', 'junior', 'senior', 'vocational', 'university'])
  schoolStage?: string | null;
  @ApiPropertyOptional() @OmittableNotNull() @IsBoolean() boarding?: boolean;
  @ApiPropertyOptional({ enum: EMPLOYMENT_STATUSES, description: "the member's work situation (employment aid, policy-rules §11)" })
  @OmittableNotNull()
  @IsIn(EMPLOYMENT_STATUSES as string[], { message: `employment must be one of ${EMPLOYMENT_STATUSES.join(', ')}` })
  employment?: string;
}

@ApiSchema({ name: 'Assets' })
export class AssetsDto {
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_FEN) depositsFen: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100) vehicles: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100) extraHomes: number;
}

@ApiSchema({ name: 'Housing', description: "The household's housing situation, the routing facts of housing aid (policy-rules §11)." })
export class HousingDto {
  @ApiProperty({ enum: ['owned', 'rented', 'none'] }) @IsIn(['owned', 'rented', 'none'], { message: 'tenure must be one of owned, rented, none' }) tenure: string;
  @ApiProperty({ description: 'living floor area of the whole household, square metres' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'floorAreaM2 must be a number of square metres' })
  @Min(0, { message: 'floorAreaM2 must not be negative' })
  @Max(100_000)
  floorAreaM2: number;
  @ApiPropertyOptional({ enum: ['A', 'B', 'C', 'D'], description: 'rating of the household\'s own rural home: C needs repair, D rebuilding (农村危房)' })
  @OmittableNotNull()
  @IsIn(['A', 'B', 'C', 'D'], { message: 'dilapidation must be one of A, B, C, D' })
  dilapidation?: string;
}

@ApiSchema({ name: 'Household' })
export class HouseholdDto {
  @ApiProperty({ example: '321323100201' }) @Matches(DIVISION, { message: 'registeredJurisdiction must be a 6, 9 or 12 digit division code' }) registeredJurisdiction: string;
  @ApiProperty({ type: [MemberDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(HOUSEHOLD_MAX_MEMBERS) @ValidateNestedObject(() => MemberDto, { each: true })
  members: MemberDto[];
  @ApiProperty({ type: AssetsDto }) @IsDefined({ message: 'assets is required' }) @ValidateNestedObject(() => AssetsDto) assets: AssetsDto;
  @ApiPropertyOptional({ description: 'monthly medical and education spending, integer fen' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN)
  monthlyRigidSpendingFen?: number;
  @ApiPropertyOptional({ type: HousingDto }) @OmittableNotNull() @ValidateNestedObject(() => HousingDto) housing?: HousingDto;
  @ApiPropertyOptional({ description: 'extreme-poverty persons supported at home (分散供养), not in an institution (housing aid)' })
  @OmittableNotNull() @IsBoolean()
  supportedAtHome?: boolean;
}

@ApiSchema({ name: 'Medical', description: 'Required when the causes include illness.' })
export class MedicalDto {
  @ApiProperty() @IsResidentIdNumber() patientIdNumber: string;
  @ApiProperty({ description: 'in-policy cost left after insurance, integer fen' }) @IsInt() @Min(0) @Max(MAX_FEN) residualCostFen: number;
}

@ApiSchema({ name: 'Disaster', description: 'A natural disaster that hit the household, the routing facts of disaster-victim aid (policy-rules §11).' })
export class DisasterDto {
  @ApiProperty({ enum: DISASTER_KINDS }) @IsIn(DISASTER_KINDS as string[], { message: `kind must be one of ${DISASTER_KINDS.join(', ')}` }) kind: string;
  @ApiProperty({ enum: HOME_DAMAGES, description: '`collapsed` and `badly_damaged` open transitional living aid' })
  @IsIn(HOME_DAMAGES as string[], { message: `homeDamage must be one of ${HOME_DAMAGES.join(', ')}` })
  homeDamage: string;
}

@ApiSchema({ name: 'Incident' })
export class IncidentDto {
  @ApiProperty({ example: '321323100' }) @Matches(DIVISION, { message: 'jurisdiction must be a 6, 9 or 12 digit division code' }) jurisdiction: string;
  @ApiProperty({ example: '2026-11-20' }) @Matches(ISO_DATE, { message: 'occurredOn must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) occurredOn: string;
  @ApiProperty({ enum: CAUSES, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @IsIn(CAUSES as string[], { each: true, message: `each cause must be one of ${CAUSES.join(', ')}` })
  causes: string[];
  @ApiProperty() @IsBoolean() urgent: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: MedicalDto })
  @ValidateIf((o) => o.medical !== undefined || (Array.isArray(o.causes) && o.causes.includes('illness')))
  @ValidateNestedObject(() => MedicalDto)
  medical?: MedicalDto;
  @ApiPropertyOptional({ type: DisasterDto }) @OmittableNotNull() @ValidateNestedObject(() => DisasterDto) disaster?: DisasterDto;
}

@ApiSchema({ name: 'Consent' })
export class ConsentDto {
  /** False: only emergency aid without an economic check is possible (policy-rules §4); the decider refuses other applications. */
  @ApiProperty({ description: 'every member authorised the household economic check; without it only emergency aid (small fast aid) is possible' })
  @IsBoolean()
  economicCheck: boolean;
  @ApiProperty() @IsBoolean() dataSharing: boolean;
}

@ApiSchema({ name: 'Application', description: 'One application: the applicant, the household, what happened, and consent.' })
export class SubmitApplicationDto {
  @ApiProperty({ type: ApplicantDto }) @IsDefined({ message: 'applicant is required' }) @ValidateNestedObject(() => ApplicantDto) applicant: ApplicantDto;
  @ApiProperty({ type: HouseholdDto }) @IsDefined({ message: 'household is required' }) @ValidateNestedObject(() => HouseholdDto) household: HouseholdDto;
  @ApiProperty({ type: IncidentDto }) @IsDefined({ message: 'incident is required' }) @ValidateNestedObject(() => IncidentDto) incident: IncidentDto;
  @ApiProperty({ type: ConsentDto }) @IsDefined({ message: 'consent is required' }) @ValidateNestedObject(() => ConsentDto) consent: ConsentDto;
  @ApiPropertyOptional({ type: [String], description: 'programmes of the catalogue the applicant asks for by id (e.g. housing-aid.rental-subsidy), besides those the causes and facts ask for' })
  @OmittableNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @EachOnce()
  @Matches(PROGRAMME_ID, { each: true, message: 'each requested programme must be a programme id like housing-aid.rental-subsidy' })
  requestedProgrammes?: string[];
}
