import { QueryBus } from '@nestjs/cqrs';
import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { currentLocale, CurrentPrincipal, OpaqueIdPipe, Roles, type Principal } from '@onedoor/service-kit';
import { GetNoticesQuery, type NoticesView } from './notices.query';

@ObjectType('NoticeReason')
class NoticeReasonModel {
  @Field({ description: 'the reason in the notice language' }) text: string;
  @Field({ description: 'the reason as recorded (English)' }) recorded: string;
  @Field(() => String, { nullable: true, description: 'catalogue message that produced it; null: shown as recorded' }) messageId: string | null;
}

@ObjectType('Notice')
class NoticeModel {
  @Field({ description: 'acceptance, grant, refusal or application-refusal' }) kind: string;
  @Field() title: string;
  @Field({ description: 'China date of the decision' }) decidedOn: string;
  @Field(() => String, { nullable: true }) department: string | null;
  @Field(() => String, { nullable: true }) caseId: string | null;
  @Field(() => String, { nullable: true }) grantId: string | null;
  @Field(() => String, { nullable: true }) programmeId: string | null;
  @Field(() => Int, { nullable: true, description: 'integer fen (a grant fits in Int)' }) amountFen: number | null;
  @Field(() => String, { nullable: true, description: 'yuan, two decimals' }) amountYuan: string | null;
  @Field(() => [NoticeReasonModel]) reasons: NoticeReasonModel[];
  @Field(() => String, { nullable: true, description: 'last China date to apply for administrative reconsideration' }) appealBy: string | null;
  @Field(() => [String]) ruleIds: string[];
  @Field() text: string;
}

@ObjectType('ApplicationNotices')
class NoticesModel {
  @Field(() => ID) applicationId: string;
  @Field({ description: 'zh-CN or en (from Accept-Language)' }) locale: string;
  @Field(() => [NoticeModel]) notices: NoticeModel[];
}

@Resolver()
export class NoticesResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => NoticesModel, { name: 'applicationNotices', description: 'the written notices of an application (as GET /applications/{id}/notices), in the language of Accept-Language (zh-CN by default)' })
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  applicationNotices(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal): Promise<NoticesView> {
    return this.queries.execute(new GetNoticesQuery(id, p, currentLocale(), 'graphql applicationNotices'));
  }
}
