import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLFen } from '@onedoor/service-kit';
import { AmountKindEnum, ProgrammeNameModel } from './catalogue.models';
import { AssistanceCategoryEnum } from './programme-enums';

export const PackageStatusEnum = { not_qualified: 'not_qualified', offer: 'offer', routed: 'routed' } as const;
registerEnumType(PackageStatusEnum, { name: 'PackageStatus', description: 'not_qualified | offer (qualified, not asked: for the caseworker) | routed' });

@ObjectType('ExpectedAmount', { description: 'the amount expected for this household: bounds in fen, in kind, by rule or by the department’s own system' })
export class ExpectedAmountModel {
  @Field(() => AmountKindEnum) kind: string;
  @Field(() => GraphQLFen, { nullable: true }) minFen?: number;
  @Field(() => GraphQLFen, { nullable: true }) maxFen?: number;
}

@ObjectType('PackageCase', {
  description: 'the department’s case as far as a routed programme goes: open | accepted (not decided yet) | approved | awaiting_funds | paid | in_kind | refused, with what was granted and paid for it',
})
export class PackageCaseModel {
  @Field() caseId: string;
  @Field() status: string;
  @Field(() => GraphQLFen) grantedFen: number;
  @Field(() => GraphQLFen) paidFen: number;
  @Field({ nullable: true, description: 'funding | department | in_kind, when the department said who pays' }) paidBy?: string;
  @Field({ nullable: true, description: 'the department system’s reference of the payment' }) paymentReference?: string;
  @Field(() => [String], { nullable: true, description: 'a refusal’s reasons' }) reasons?: string[];
  @Field(() => String, { nullable: true, description: 'last day to appeal a refusal (China date)' }) appealBy?: string | null;
}

@ObjectType('PackageProgramme')
export class PackageProgrammeModel {
  @Field() programmeId: string;
  @Field(() => ProgrammeNameModel) name: ProgrammeNameModel;
  @Field() department: string;
  @Field(() => AssistanceCategoryEnum) category: string;
  @Field() qualifies: boolean;
  @Field(() => [String]) reasons: string[];
  @Field(() => [String]) ruleIds: string[];
  @Field(() => ExpectedAmountModel) amount: ExpectedAmountModel;
  @Field(() => PackageStatusEnum) status: string;
  @Field(() => PackageCaseModel, { nullable: true }) case: PackageCaseModel | null;
}

@ObjectType('PackageCounts')
export class PackageCountsModel {
  @Field(() => Int) routed: number;
  @Field(() => Int) offer: number;
  @Field(() => Int, { name: 'notQualified' }) not_qualified: number;
}

@ObjectType('CatalogueRef')
export class CatalogueRefModel {
  @Field() id: string;
  @Field(() => Int) version: number;
}

@ObjectType('PolicyPackage', { description: 'the household’s policy package (一户一方案): every programme of the catalogue the application was assessed by' })
export class PolicyPackageModel {
  @Field() applicationId: string;
  @Field(() => CatalogueRefModel) catalogue: CatalogueRefModel;
  @Field(() => [PackageProgrammeModel]) programmes: PackageProgrammeModel[];
  @Field(() => PackageCountsModel) counts: PackageCountsModel;
}
