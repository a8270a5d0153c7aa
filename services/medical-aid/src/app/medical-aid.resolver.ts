import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CaseDeskRegistry, CurrentPrincipal, Roles, type Principal } from '@onedoor/service-kit';

@ObjectType('MedicalAidCase', { description: 'A medical-aid case; the beneficiary is the patient.' })
export class MedicalAidCaseModel {
  @Field() caseId: string;
  @Field() applicationId: string;
  @Field() department: string;
  @Field({ description: 'open | granted | refused | paid' }) status: string;
  @Field({ nullable: true, description: 'temporary-aid: small_fast | advance | ordinary' }) track?: string;
  @Field({ nullable: true, description: 'the department that referred the case, if any' }) referredBy?: string;
  @Field(() => [String], { description: 'temporary-aid: departments the case was referred to' }) referredTo: string[];
  @Field() beneficiaryRef: string;
  @Field() jurisdiction: string;
  @Field(() => [String]) causes: string[];
  @Field() tier: string;
  @Field() openedAt: string;
  @Field() dueBy: string;
  @Field({ nullable: true }) appealBy?: string;
  @Field(() => [String]) reasons: string[];
  @Field({ description: 'JSON array of { grantId, beneficiaryRef, amountFen, fiscalYear, level?, paid, budgetId? }' }) grants: string;
  @Field(() => Int) version: number;
}

/**
 * Any department's case view as the GraphQL type. Every aid service's case type has these same fields:
 * in a process hosting several of them only one `case` query survives, and it answers for all desks.
 */
const toModel = (view: unknown): MedicalAidCaseModel => {
  const v = view as Omit<MedicalAidCaseModel, 'grants' | 'referredTo'> & { grants: unknown[]; referredTo?: string[] };
  return { ...v, referredTo: v.referredTo ?? [], grants: JSON.stringify(v.grants) };
};

/** `case(id)`, answered by the same case desk as REST /cases. */
@Resolver(() => MedicalAidCaseModel)
export class MedicalAidCasesResolver {
  constructor(private readonly desks: CaseDeskRegistry) {}

  @Query(() => MedicalAidCaseModel, { name: 'case' })
  @Roles('officer', 'caseworker', 'auditor')
  async case(@Args('id') id: string, @CurrentPrincipal() p: Principal) {
    return toModel(await this.desks.deskFor(id).getCase(id, p));
  }
}
