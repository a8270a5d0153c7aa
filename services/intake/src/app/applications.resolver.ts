import { Args, Context, Field, Int, Mutation, ObjectType, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GraphQLJSON } from '../graphql-json';
import {
  ApplicationStatusEnum, correlateWithApplication, CurrentPrincipal, DepartmentCaseStatusEnum, GraphQLFen, GrantStatusEnum, OpaqueIdPipe, ReadLogPageModel, requestIdsOf, Roles, RuntimeRegistry,
  TierEnum, validateInput, type Principal,
} from '@onedoor/service-kit';
import { dossierView } from '../read-model/dossier';
import { SubmitApplicationDto } from './application.dto';
import { asBody, SubmitApplicationInput } from './application.inputs';
import { applicationReads, GetDossierQuery, GetTimelineQuery, readable, recordDossierRead, SearchApplicationsQuery } from './application.queries';
import { DossierStore } from './dossier.store';
import { DossierUpdates } from './dossier.updates';
import { dossierPart, type DossierView } from './need-to-know';
import { SubmitApplicationCommand } from './submit-application';

@ObjectType('DepartmentGrant')
export class GrantModel {
  @Field() grantId: string;
  @Field(() => GraphQLFen, { description: 'integer fen' }) amountFen: number;
  @Field(() => GrantStatusEnum, { description: 'approved | awaiting_funds | paid' }) status: string;
  @Field(() => [String]) reasons: string[];
}

@ObjectType('DepartmentNotRouted')
export class NotRoutedModel {
  @Field() department: string;
  @Field(() => [String]) reasons: string[];
}

@ObjectType('DepartmentCase')
export class DepartmentCaseModel {
  @Field() department: string;
  @Field() caseId: string;
  @Field(() => DepartmentCaseStatusEnum) status: string;
  @Field(() => GraphQLFen) grantedFen: number;
  @Field(() => GraphQLFen) paidFen: number;
  @Field(() => [String]) reasons: string[];
  @Field(() => String, { nullable: true }) dueBy: string | null;
  @Field(() => String, { nullable: true, description: 'last day to apply for administrative reconsideration of a refusal (China date)' }) appealBy: string | null;
  @Field(() => [GrantModel]) grants: GrantModel[];
}

@ObjectType('Totals')
export class TotalsModel {
  @Field(() => GraphQLFen) grantedFen: number;
  @Field(() => GraphQLFen) paidFen: number;
}

@ObjectType('Application')
export class ApplicationModel {
  @Field() applicationId: string;
  @Field(() => ApplicationStatusEnum) status: string;
  @Field(() => TierEnum, { nullable: true }) tier: string | null;
  @Field(() => String, { nullable: true }) jurisdiction: string | null;
  @Field(() => [DepartmentCaseModel]) departments: DepartmentCaseModel[];
  @Field(() => TotalsModel) totals: TotalsModel;
  @Field(() => [NotRoutedModel], { nullable: true }) notRouted?: NotRoutedModel[];
  @Field(() => [String], { nullable: true, description: 'reasons of a refusal at intake' }) reasons?: string[];
  @Field(() => String, { nullable: true, description: 'appeal date of a refusal at intake (China date)' }) appealBy?: string | null;
  @Field(() => String, { nullable: true }) settledAt?: string | null;
  @Field(() => Int) version: number;
  @Field() updatedAt: string;
}

@ObjectType('ApplicationPage')
export class ApplicationPageModel {
  @Field(() => Int) total: number;
  @Field(() => [ApplicationModel]) items: ApplicationModel[];
}

@ObjectType('Submission')
export class SubmissionModel {
  @Field() applicationId: string;
  @Field() status: string;
}

@ObjectType('TimelineActor')
export class TimelineActorModel {
  @Field() sub: string;
  @Field() role: string;
}

@ObjectType('TimelineEvent', { description: 'One public event of any service about the application; `data` is the payload as the timeline shows it.' })
export class TimelineEventModel {
  @Field() service: string;
  @Field() type: string;
  @Field() eventId: string;
  @Field() occurredAt: string;
  @Field() streamId: string;
  @Field(() => Int) streamVersion: number;
  @Field(() => TimelineActorModel, { nullable: true }) actor: TimelineActorModel | null;
  @Field(() => GraphQLJSON, { description: 'the event’s payload (see the AsyncAPI document)' }) data: Record<string, unknown>;
}

/** Each update of `updates` as `part` makes it; ends when the subscriber leaves. */
async function* partsOf(updates: AsyncGenerator<unknown>, part: (view: unknown) => unknown): AsyncGenerator<unknown> {
  try {
    for await (const view of updates) yield part(view);
  } finally {
    await updates.return(undefined);
  }
}

@Resolver(() => ApplicationModel)
export class ApplicationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly dossiers: DossierStore,
    private readonly updates: DossierUpdates,
    private readonly runtimes: RuntimeRegistry,
  ) {}

  @Query(() => ApplicationModel, { name: 'application' })
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  application(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal, @Args('asOf', { nullable: true }) asOf?: string) {
    return this.queries.execute(new GetDossierQuery(id, p, asOf, 'graphql application'));
  }

  @Query(() => ReadLogPageModel, { name: 'applicationReads', description: 'who read this application’s personal data, when, what and why (PIPL art. 45)' })
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  applicationReads(
    @Args('id', OpaqueIdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Args('from', { nullable: true }) from?: string,
    @Args('to', { nullable: true }) to?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    return applicationReads(this.dossiers, this.runtimes, id, p, { from: text(from), to: text(to), limit: text(limit), offset: text(offset) }, 'graphql applicationReads');
  }

  @Query(() => [TimelineEventModel], { name: 'applicationEvents', description: 'the public events of every service about the application, oldest first (as GET /applications/{id}/events)' })
  @Roles('caseworker', 'auditor')
  applicationEvents(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    return this.queries.execute(new GetTimelineQuery(id, p, 'graphql applicationEvents'));
  }

  @Query(() => ApplicationPageModel, { name: 'applications' })
  @Roles('caseworker', 'officer', 'auditor')
  applications(
    @CurrentPrincipal() p: Principal,
    @Args('status', { nullable: true }) status?: string,
    @Args('jurisdiction', { nullable: true }) jurisdiction?: string,
    @Args('overdue', { nullable: true }) overdue?: boolean,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.queries.execute(
      new SearchApplicationsQuery(p, {
        status,
        jurisdiction,
        overdue: overdue === undefined ? undefined : String(overdue),
        limit: limit === undefined ? undefined : String(limit),
        offset: offset === undefined ? undefined : String(offset),
      }),
    );
  }

  /** One application: the REST body as typed input, its values validated by the same rules as REST. */
  @Mutation(() => SubmissionModel, { description: 'one application (the REST body of POST /applications, typed), validated by the REST rules; once per idempotency key' })
  @Roles('applicant', 'caseworker')
  async submitApplication(
    @Args('input', { type: () => SubmitApplicationInput }) input: unknown,
    @CurrentPrincipal() p: Principal,
    @Context('req') req: unknown,
    @Args('idempotencyKey', { nullable: true }) idempotencyKey?: string,
  ) {
    const dto = await validateInput(SubmitApplicationDto, asBody(input), 'input');
    // The events join the request's trace; their correlation id is the application's.
    const result = await this.commands.execute(new SubmitApplicationCommand(dto, p, idempotencyKey, requestIdsOf(req)?.traceparent));
    const res = (req as { res?: Parameters<typeof correlateWithApplication>[0] } | undefined)?.res;
    if (res) correlateWithApplication(res, result.body.applicationId);
    return result.body;
  }

  /** The former name of the typed submitApplication, kept for clients that use it. */
  @Mutation(() => SubmissionModel, { description: 'submitApplication under its former name', deprecationReason: 'Use submitApplication, which takes the same SubmitApplicationInput.' })
  @Roles('applicant', 'caseworker')
  async submitTypedApplication(
    @Args('input', { type: () => SubmitApplicationInput }) input: unknown,
    @CurrentPrincipal() p: Principal,
    @Context('req') req: unknown,
    @Args('idempotencyKey', { nullable: true }) idempotencyKey?: string,
  ) {
    return this.submitApplication(input, p, req, idempotencyKey);
  }

  @Subscription(() => ApplicationModel, {
    name: 'applicationUpdated',
    resolve: (payload: unknown) => payload,
  })
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  async applicationUpdated(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    const { dossier, scope } = await readable(this.dossiers, id, p);
    // The subscription hands out the dossier as it changes, as far as the reader may see it
    // (readScopeOf): recorded once, when it starts.
    await recordDossierRead(this.dossiers, p, dossier, dossierPart(dossierView(dossier), scope), 'graphql subscription applicationUpdated', 'subscription');
    return partsOf(this.updates.watch(id), (view) => dossierPart(view as DossierView, scope));
  }
}
