import { Args, Context, Field, InputType, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  assertOpaqueId, CaseModel, CurrentPrincipal, DecideCaseInput, GraphQLFen, OPAQUE_ID, OpaqueIdPipe, ProblemError, Roles, RuntimeRegistry, toCaseModel, type Principal,
} from '@onedoor/service-kit';
import { MAX_AMOUNT_FEN } from './department-desk';
import { CasePaymentReportDto, deskInput, PartnerCaseDecisionDto } from './desk.controller';
import { DepartmentDeskRegistry } from './desk-registry';
import { recordCaseListRead } from './read-cases';

@InputType('ReportCasePaymentInput', { description: 'As POST /cases/{caseId}/payments.' })
export class ReportCasePaymentInput {
  @Field() @IsString() @Matches(OPAQUE_ID, { message: "caseId must be 1–200 letters, digits, '.', '_', ':' or '-'" }) caseId: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Matches(OPAQUE_ID) programmeId?: string;
  @Field(() => GraphQLFen, { description: 'integer fen; equal to the grant' }) @IsInt() @Min(1) @Max(MAX_AMOUNT_FEN) amountFen: number;
  @Field() @IsString() @MinLength(1) @MaxLength(200) paymentReference: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) expectedVersion?: number;
}

type Req = { headers?: Record<string, unknown> };
const keyOf = (req?: Req) => (typeof req?.headers?.['idempotency-key'] === 'string' ? (req.headers['idempotency-key'] as string) : undefined);
const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/**
 * A desk mutation's input, checked after who may act (as REST): its `caseId` names the case, an
 * officer of another department or outside the case's subtree gets FORBIDDEN / NOT_FOUND whatever
 * else the input holds, then the rest is checked against `dto` (BAD_USER_INPUT naming the fields).
 */
async function inputFor<T extends object>(dto: new () => T, input: unknown, p: Principal, desks: DepartmentDeskRegistry): Promise<{ caseId: string; rest: T }> {
  const raw = (input ?? {}) as Record<string, unknown>;
  if (typeof raw.caseId !== 'string') throw ProblemError.badRequest('caseId is required', [{ field: 'input.caseId', message: 'caseId must be a string' }]);
  const caseId = assertOpaqueId(raw.caseId, 'caseId');
  await desks.forCase(caseId).assertMayAct(caseId, p);
  const { caseId: _c, ...rest } = raw;
  return { caseId, rest: await deskInput(dto, defined({ ...rest }), 'input') };
}

/** The partner desk in GraphQL: `departmentCases`, `acceptCase`, `decidePartnerCase`, `reportCasePayment` (REST's rules and idempotency). */
@Resolver(() => CaseModel)
export class DepartmentDeskResolver {
  constructor(
    private readonly desks: DepartmentDeskRegistry,
    private readonly runtimes: RuntimeRegistry,
  ) {}

  @Query(() => [CaseModel], { description: 'A department\u2019s cases within the caller\u2019s subtree (as GET /departments/{department}/cases).' })
  @Roles('officer', 'caseworker', 'auditor')
  async departmentCases(
    @Args('department', OpaqueIdPipe) department: string,
    @CurrentPrincipal() p: Principal,
    @Args('status', { nullable: true, description: 'open | accepted | granted | refused | paid' }) status?: string,
  ) {
    const desk = this.desks.forDepartment(department);
    const views = await desk.list(p, status ?? undefined);
    await recordCaseListRead(this.runtimes.all().find((r) => r.spec.service === desk.service)!, p, department, views, 'graphql departmentCases');
    return views.map(toCaseModel);
  }

  @Mutation(() => CaseModel, { description: 'The department takes the case on (as POST /cases/{caseId}/accept).' })
  @Roles('officer', 'admin')
  async acceptCase(@Args('caseId', OpaqueIdPipe) caseId: string, @CurrentPrincipal() p: Principal, @Context('req') req?: Req) {
    return toCaseModel(await this.desks.forCase(caseId).accept(caseId, p, keyOf(req)));
  }

  @Mutation(() => CaseModel, { description: 'Decide a programme of a partner case (as POST /cases/{caseId}/decision).' })
  @Roles('officer', 'admin')
  // Typed by GraphQL, checked after who may act (inputFor), so the pipe leaves it alone (unknown).
  async decidePartnerCase(@Args('input', { type: () => DecideCaseInput }) input: unknown, @CurrentPrincipal() p: Principal, @Context('req') req?: Req) {
    const { caseId, rest } = await inputFor(PartnerCaseDecisionDto, input, p, this.desks);
    return toCaseModel(await this.desks.forCase(caseId).decide(caseId, rest, p, keyOf(req)));
  }

  @Mutation(() => CaseModel, { description: 'Report a payment the department\u2019s own system made (as POST /cases/{caseId}/payments).' })
  @Roles('officer', 'admin')
  async reportCasePayment(@Args('input', { type: () => ReportCasePaymentInput }) input: unknown, @CurrentPrincipal() p: Principal, @Context('req') req?: Req) {
    const { caseId, rest } = await inputFor(CasePaymentReportDto, input, p, this.desks);
    return toCaseModel(await this.desks.forCase(caseId).reportPayment(caseId, rest, p, keyOf(req)));
  }
}

export const DESK_GRAPHQL_FIELDS = ['departmentCases', 'acceptCase', 'decidePartnerCase', 'reportCasePayment'] as const;
