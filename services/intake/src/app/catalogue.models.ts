import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AmountRule, Programme, ProgrammeCatalogue } from '@onedoor/policy';
import { CauseEnum, DisabilityEnum, GraphQLFen, SchoolStageEnum, TierEnum } from '@onedoor/service-kit';
import { AssistanceCategoryEnum, DilapidationGradeEnum, EmploymentStatusEnum, HomeDamageEnum, HousingTenureEnum } from './programme-enums';

/*
 * The programme catalogue in GraphQL: each class is both the output type and (named …Input) the
 * input type, so a programme read from `programmeCatalogue` can be sent back to `putProgramme`.
 * The shape is the catalogue file's, except that an amount table's row names its home directly
 * (`dilapidation`, `homeDamage`) instead of under `when`.
 */

const values = <T extends string>(names: readonly T[]) => Object.fromEntries(names.map((n) => [n, n])) as Record<T, T>;
export const RoutingFactEnum = values(['housing', 'employment', 'disaster'] as const);
export const AmountKindEnum = values(['rule', 'bounds', 'table', 'in_kind', 'department_system'] as const);
export const AmountPerEnum = values(['household', 'person', 'qualifying_member'] as const);
export const AmountPeriodUnitEnum = values(['month', 'day'] as const);
registerEnumType(RoutingFactEnum, { name: 'RoutingFact', description: 'facts an application states that programmes route on' });
registerEnumType(AmountKindEnum, { name: 'AmountKind', description: 'how a programme’s amount is set' });
registerEnumType(AmountPerEnum, { name: 'AmountPer', description: 'who an amount is counted for' });
registerEnumType(AmountPeriodUnitEnum, { name: 'AmountPeriodUnit' });

@InputType('ProgrammeNameInput')
@ObjectType('ProgrammeName')
export class ProgrammeNameModel {
  @Field() zh: string;
  @Field() en: string;
}

@InputType('MemberConditionInput')
@ObjectType('MemberCondition', { description: 'at least one member meets every part; ages in years, minAge included, underAge excluded' })
export class MemberConditionModel {
  @Field(() => Int, { nullable: true }) minAge?: number;
  @Field(() => Int, { nullable: true }) underAge?: number;
  @Field(() => [DisabilityEnum], { nullable: true }) disabilities?: string[];
  @Field(() => [SchoolStageEnum], { nullable: true }) schoolStages?: string[];
  @Field(() => [EmploymentStatusEnum], { nullable: true }) employment?: string[];
}

@InputType('HousingConditionInput')
@ObjectType('HousingCondition', { description: 'tenure (when stated) and at least one housing difficulty' })
export class HousingConditionModel {
  @Field(() => [HousingTenureEnum], { nullable: true }) tenures?: string[];
  @Field(() => Int, { nullable: true, description: 'square metres per person' }) floorAreaPerPersonBelowM2?: number;
  @Field(() => [DilapidationGradeEnum], { nullable: true }) dilapidation?: string[];
  @Field(() => [HomeDamageEnum], { nullable: true }) homeDamage?: string[];
}

@InputType('DisasterConditionInput')
@ObjectType('DisasterCondition')
export class DisasterConditionModel {
  @Field(() => [HomeDamageEnum]) homeDamage: string[];
}

@InputType('EligibilityInput')
@ObjectType('Eligibility', { description: 'who a programme is for: every part present must hold; `rule` names a department rule that decides alone' })
export class EligibilityModel {
  @Field({ nullable: true }) rule?: string;
  @Field(() => [TierEnum], { nullable: true }) tiers?: string[];
  @Field(() => [TierEnum], { nullable: true }) supportedAtHomeTiers?: string[];
  @Field(() => MemberConditionModel, { nullable: true }) members?: MemberConditionModel;
  @Field({ nullable: true }) noMemberEmployed?: boolean;
  @Field(() => HousingConditionModel, { nullable: true }) housing?: HousingConditionModel;
  @Field(() => DisasterConditionModel, { nullable: true }) disaster?: DisasterConditionModel;
}

@InputType('AskedByInput')
@ObjectType('AskedBy', { description: 'the causes and stated facts that ask for a programme' })
export class AskedByModel {
  @Field(() => [CauseEnum], { nullable: true }) causes?: string[];
  @Field(() => [RoutingFactEnum], { nullable: true }) facts?: string[];
}

@InputType('AmountPeriodInput')
@ObjectType('AmountPeriod')
export class AmountPeriodModel {
  @Field(() => AmountPeriodUnitEnum) unit: string;
  @Field(() => Int) count: number;
}

@InputType('AmountRowInput')
@ObjectType('AmountRow', { description: 'bounds (fen) for a home of this dilapidation grade or disaster damage' })
export class AmountRowModel {
  @Field(() => DilapidationGradeEnum, { nullable: true }) dilapidation?: string;
  @Field(() => HomeDamageEnum, { nullable: true }) homeDamage?: string;
  @Field(() => GraphQLFen) minFen: number;
  @Field(() => GraphQLFen) maxFen: number;
}

@InputType('AmountRuleInput')
@ObjectType('AmountRule', { description: 'rule | bounds (minFen…maxFen, per, period) | table (rows) | in_kind | department_system' })
export class AmountRuleModel {
  @Field(() => AmountKindEnum) kind: string;
  @Field({ nullable: true }) rule?: string;
  @Field(() => GraphQLFen, { nullable: true }) minFen?: number;
  @Field(() => GraphQLFen, { nullable: true }) maxFen?: number;
  @Field(() => AmountPerEnum, { nullable: true }) per?: string;
  @Field(() => AmountPeriodModel, { nullable: true }) period?: AmountPeriodModel;
  @Field(() => [AmountRowModel], { nullable: true }) rows?: AmountRowModel[];
}

@InputType('ProgrammeInput')
@ObjectType('Programme', { description: 'a programme of the catalogue' })
export class ProgrammeModel {
  @Field({ description: 'e.g. housing-aid.rental-subsidy' }) id: string;
  @Field() department: string;
  @Field(() => AssistanceCategoryEnum) category: string;
  @Field(() => ProgrammeNameModel) name: ProgrammeNameModel;
  @Field(() => EligibilityModel) eligibility: EligibilityModel;
  @Field(() => AskedByModel, { nullable: true }) askedBy?: AskedByModel;
  @Field(() => AmountRuleModel) amount: AmountRuleModel;
  @Field(() => Int, { description: 'working days the department has to decide' }) decisionWorkingDays: number;
  @Field() budgetProgramme: string;
}

@ObjectType('ProgrammeCatalogue', { description: 'the programmes of a jurisdiction for a validity period' })
export class ProgrammeCatalogueModel {
  @Field() id: string;
  @Field(() => Int) version: number;
  @Field() jurisdiction: string;
  @Field({ description: 'China date' }) validFrom: string;
  @Field({ nullable: true, description: 'China date, inclusive' }) validTo?: string;
  @Field({ nullable: true }) source?: string;
  @Field(() => [ProgrammeModel]) programmes: ProgrammeModel[];
}

const withoutNulls = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null, (_k, x) => (x === null ? undefined : x)));

function amountToGraph(a: AmountRule): AmountRuleModel {
  if (a.kind !== 'table') return a as AmountRuleModel;
  return { ...a, rows: a.rows.map((r) => ({ ...r.when, minFen: r.minFen, maxFen: r.maxFen })) };
}

/** A programme as GraphQL shows it (table rows flattened). */
export const programmeToGraph = (p: Programme): ProgrammeModel => ({ ...p, amount: amountToGraph(p.amount) });
export const catalogueToGraph = (c: ProgrammeCatalogue): ProgrammeCatalogueModel => ({ ...c, programmes: c.programmes.map(programmeToGraph) });

/** A ProgrammeInput in the catalogue file's shape (nulls dropped, table rows under `when`), to be validated as a file's programme. */
export function programmeFromGraph(input: ProgrammeModel): unknown {
  const p = withoutNulls(input) as Record<string, any>;
  if (p.amount?.rows) {
    p.amount.rows = p.amount.rows.map(({ dilapidation, homeDamage, ...r }: Record<string, unknown>) => ({
      when: { ...(dilapidation !== undefined ? { dilapidation } : {}), ...(homeDamage !== undefined ? { homeDamage } : {}) },
      ...r,
    }));
  }
  return p;
}
