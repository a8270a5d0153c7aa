import { Args, Context, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/jwt';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { ProblemError } from '../http/problem';
import { assertOpaqueId, OPAQUE_ID, OpaqueIdPipe, validateInput } from '../http/validation';
import { CaseDecisionDto, readCaseFile } from '../http/cases.controller';
import { CaseDeskRegistry } from '../runtime/case-desk';
import { RuntimeRegistry } from '../runtime/runtime-registry';
import { CaseStatusEnum, CauseEnum, GraphQLFen, TierEnum } from './graphql-types';

@ObjectType('Case', { description: 'A department case (temporary, medical or education aid).' })
export class CaseModel {
  @Field() caseId: string;
  @Field() applicationId: string;
  @Field() department: string;
  @Field(() => CaseStatusEnum, { description: 'open | granted | refused | paid' }) status: string;
  @Field({ nullable: true, description: 'temporary-aid: small_fast | advance | ordinary' }) track?: string;
  @Field({ nullable: true, description: 'the department that referred the case, if any' }) referredBy?: string;
  @Field(() => [String], { description: 'temporary-aid: departments the case was referred to' }) referredTo: string[];
  @Field() beneficiaryRef: string;
  @Field() jurisdiction: string;
  @Field(() => [CauseEnum]) causes: string[];
  @Field(() => TierEnum) tier: string;
  @Field() openedAt: string;
  @Field() dueBy: string;
  @Field({ nullable: true }) appealBy?: string;
  @Field(() => [String]) reasons: string[];
  @Field({ description: 'JSON array of { grantId, beneficiaryRef, amountFen, fiscalYear, level?, paid, budgetId? }' }) grants: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true, description: 'partner departments: JSON array of the case\u2019s programmes with their bounds and decisions' }) programmes?: string;
  @Field({ nullable: true, description: 'partner departments: who accepted the case' }) acceptedBy?: string;
}

@InputType('DecideCaseInput')
export class DecideCaseInput {
  @Field() @IsString() @Matches(OPAQUE_ID, { message: "caseId must be 1–200 letters, digits, '.', '_', ':' or '-'" }) caseId: string;
  @Field({ description: 'approve | refuse' }) @IsIn(['approve', 'refuse']) decision: 'approve' | 'refuse';
  @Field(() => GraphQLFen, { nullable: true, description: 'integer fen; required to approve (partner departments: absent or 0 in kind)' }) @IsOptional() @IsInt() amountFen?: number;
  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(500, { each: true })
  reasons: string[];
  @Field({ nullable: true }) @IsOptional() @IsBoolean() specialHardship?: boolean;
  @Field(() => Int, { nullable: true, description: 'the case version the officer saw' }) @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @Field({ nullable: true, description: 'partner departments: the programme decided' }) @IsOptional() @IsString() @Matches(OPAQUE_ID) programmeId?: string;
  @Field({ nullable: true, description: 'partner departments: funding | department | in_kind' }) @IsOptional() @IsIn(['funding', 'department', 'in_kind']) paidBy?: 'funding' | 'department' | 'in_kind';
}

/** A desk's case view as the GraphQL type (grants as a JSON string). */
export const toCaseModel = (view: unknown): CaseModel => {
  const v = view as Omit<CaseModel, 'grants' | 'referredTo' | 'programmes'> & { grants: unknown[]; referredTo?: string[]; programmes?: unknown[] };
  return { ...v, referredTo: v.referredTo ?? [], grants: JSON.stringify(v.grants), programmes: v.programmes ? JSON.stringify(v.programmes) : undefined };
};
const toModel = toCaseModel;

/** `case(id)` and `decideCase(input)` for every department, answered by the same desks as REST /cases. */
@Resolver(() => CaseModel)
export class CasesResolver {
  constructor(
    private readonly desks: CaseDeskRegistry,
    private readonly runtimes: RuntimeRegistry,
  ) {}

  @Query(() => CaseModel, { name: 'case' })
  @Roles('officer', 'caseworker', 'auditor')
  async case(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    return toModel(await readCaseFile(this.desks, this.runtimes, id, p, 'graphql case'));
  }

  @Mutation(() => CaseModel)
  @Roles('officer')
  // Typed by GraphQL, checked after who may act (as REST), so the pipe leaves it alone (unknown).
  async decideCase(@Args('input', { type: () => DecideCaseInput }) input: unknown, @CurrentPrincipal() p: Principal, @Context('req') req?: { headers?: Record<string, unknown> }) {
    const key = req?.headers?.['idempotency-key'];
    const raw = (input ?? {}) as Record<string, unknown>;
    if (typeof raw.caseId !== 'string') throw ProblemError.badRequest('caseId is required', [{ field: 'input.caseId', message: 'caseId must be a string' }]);
    const caseId = assertOpaqueId(raw.caseId, 'caseId');
    const desk = this.desks.deskFor(caseId);
    // Who may act first (FORBIDDEN / NOT_FOUND whatever the input holds); then the input as DecideCaseInput,
    // and as REST POST /cases/{caseId}/decisions: amountFen 1–100,000,000 (the partner desk's decidePartnerCase checks it against the programme).
    await desk.assertMayAct?.(caseId, p);
    await validateInput(DecideCaseInput, { ...raw }, 'input');
    const { caseId: _caseId, ...decision } = raw;
    const body = Object.fromEntries(Object.entries(decision).filter(([, v]) => v !== undefined && v !== null)) as Omit<DecideCaseInput, 'caseId'>;
    await validateInput(CaseDecisionDto, body, 'input');
    return toModel(await desk.decide(caseId, body, p, typeof key === 'string' ? key : undefined));
  }
}
