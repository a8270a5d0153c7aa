import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { CauseEnum, DisabilityEnum, GraphQLFen, RelationEnum, SchoolStageEnum } from '@onedoor/service-kit';
import { DilapidationGradeEnum, DisasterKindEnum, EmploymentStatusEnum, HomeDamageEnum, HousingTenureEnum } from './programme-enums';

/*
 * The REST body of POST /applications as GraphQL input types. GraphQL checks the shape and the
 * enums; the values are then validated by the same rules as REST (SubmitApplicationDto).
 */

@InputType('ApplicantInput')
export class ApplicantInput {
  @Field({ description: '18-character resident ID number (GB 11643)' }) idNumber: string;
  @Field() name: string;
  @Field({ nullable: true }) phone?: string;
}

@InputType('MemberInput', { description: 'A member of the household (the applicant too, as `self`).' })
export class MemberInput {
  @Field() idNumber: string;
  @Field() name: string;
  @Field(() => RelationEnum) relation: string;
  @Field({ description: 'YYYY-MM-DD' }) birthDate: string;
  @Field(() => GraphQLFen, { description: 'integer fen per month' }) monthlyIncomeFen: number;
  @Field(() => DisabilityEnum) disability: string;
  @Field() seriousIllness: boolean;
  @Field() laborCapacity: boolean;
  @Field() hasSupporter: boolean;
  @Field(() => SchoolStageEnum, { nullable: true }) schoolStage?: string | null;
  @Field({ nullable: true }) boarding?: boolean;
  @Field(() => EmploymentStatusEnum, { nullable: true, description: "the member's work situation (employment aid)" }) employment?: string;
}

@InputType('AssetsInput')
export class AssetsInput {
  @Field(() => GraphQLFen) depositsFen: number;
  @Field(() => Int) vehicles: number;
  @Field(() => Int) extraHomes: number;
}

@InputType('HousingInput', { description: "The household's housing situation (housing aid)." })
export class HousingInput {
  @Field(() => HousingTenureEnum) tenure: string;
  @Field(() => Float, { description: 'living floor area of the whole household, square metres' }) floorAreaM2: number;
  @Field(() => DilapidationGradeEnum, { nullable: true }) dilapidation?: string;
}

@InputType('HouseholdInput')
export class HouseholdInput {
  @Field({ description: '6, 9 or 12 digit division code' }) registeredJurisdiction: string;
  @Field(() => [MemberInput]) members: MemberInput[];
  @Field(() => AssetsInput) assets: AssetsInput;
  @Field(() => GraphQLFen, { nullable: true, description: 'monthly medical and education spending, integer fen' }) monthlyRigidSpendingFen?: number;
  @Field(() => HousingInput, { nullable: true }) housing?: HousingInput;
  @Field({ nullable: true, description: 'extreme-poverty persons supported at home (分散供养), not in an institution' }) supportedAtHome?: boolean;
}

@InputType('MedicalInput', { description: 'Required when the causes include illness.' })
export class MedicalInput {
  @Field() patientIdNumber: string;
  @Field(() => GraphQLFen, { description: 'in-policy cost left after insurance, integer fen' }) residualCostFen: number;
}

@InputType('DisasterInput', { description: 'A natural disaster that hit the household (disaster-victim aid).' })
export class DisasterInput {
  @Field(() => DisasterKindEnum) kind: string;
  @Field(() => HomeDamageEnum) homeDamage: string;
}

@InputType('IncidentInput')
export class IncidentInput {
  @Field({ description: '6, 9 or 12 digit division code' }) jurisdiction: string;
  @Field({ description: 'YYYY-MM-DD' }) occurredOn: string;
  @Field(() => [CauseEnum]) causes: string[];
  @Field() urgent: boolean;
  @Field({ nullable: true }) description?: string;
  @Field(() => MedicalInput, { nullable: true }) medical?: MedicalInput;
  @Field(() => DisasterInput, { nullable: true }) disaster?: DisasterInput;
}

@InputType('ConsentInput')
export class ConsentInput {
  @Field({ description: 'every member authorised the household economic check; without it only emergency aid is possible' }) economicCheck: boolean;
  @Field() dataSharing: boolean;
}

@InputType('SubmitApplicationInput', { description: 'One application: the applicant, the household, what happened, and consent (the REST body).' })
export class SubmitApplicationInput {
  @Field(() => ApplicantInput) applicant: ApplicantInput;
  @Field(() => HouseholdInput) household: HouseholdInput;
  @Field(() => IncidentInput) incident: IncidentInput;
  @Field(() => ConsentInput) consent: ConsentInput;
  @Field(() => [String], { nullable: true, description: 'programmes of the catalogue asked for by id, e.g. housing-aid.rental-subsidy' }) requestedProgrammes?: string[];
}

/** The typed input as the JSON body REST receives (absent optional fields left out). */
export const asBody = (input: unknown): unknown => JSON.parse(JSON.stringify(input ?? null));
