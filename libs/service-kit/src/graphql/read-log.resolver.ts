import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/jwt';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { auditReadLog } from '../http/read-log.controller';
import { RuntimeRegistry } from '../runtime/runtime-registry';

@ObjectType('Reader', { description: 'Who read: the bearer token’s subject, roles, jurisdiction and department.' })
export class ReaderModel {
  @Field() sub: string;
  @Field(() => [String]) roles: string[];
  @Field() jurisdiction: string;
  @Field(() => String, { nullable: true }) department: string | null;
}

@ObjectType('ReadLogEntry', { description: 'One read of personal data (or of the read log itself), as recorded.' })
export class ReadLogEntryModel {
  @Field({ description: 'the service whose store holds the row' }) service: string;
  @Field(() => Number, { description: 'position in that store’s hash chain' }) seq: number;
  @Field({ description: 'ISO instant' }) at: string;
  @Field({ description: 'the day in China (UTC+8)' }) date: string;
  @Field(() => ReaderModel) reader: ReaderModel;
  @Field({ description: 'why: the route or command, e.g. GET /api/v1/applications/:id' }) purpose: string;
  @Field({ description: 'dossier | timeline | case | search | events | subscription | read-log' }) resource: string;
  @Field(() => String, { nullable: true }) resourceId: string | null;
  @Field(() => [String], { description: 'the fields or kinds of personal data read' }) fields: string[];
  @Field(() => [String]) applicationIds: string[];
  @Field(() => [String], { description: 'person and household references (pseudonyms)' }) subjectRefs: string[];
  @Field({ description: 'SHA-256 of the previous row’s hash and this row’s content (hex)' }) hash: string;
}

@ObjectType('ReadLogPage')
export class ReadLogPageModel {
  @Field(() => Int) total: number;
  @Field(() => Int) limit: number;
  @Field(() => Int) offset: number;
  @Field(() => [ReadLogEntryModel]) items: ReadLogEntryModel[];
}

/** `readLog(subject | reader, from, to, limit, offset)`: the auditor's view, as GET /read-log. */
@Resolver(() => ReadLogEntryModel)
export class ReadLogResolver {
  constructor(private readonly runtimes: RuntimeRegistry) {}

  @Query(() => ReadLogPageModel, { name: 'readLog', description: 'reads of personal data by subject (application id or person reference) or by reader; auditors' })
  @Roles('auditor')
  readLog(
    @CurrentPrincipal() p: Principal,
    @Args('subject', { nullable: true }) subject?: string,
    @Args('reader', { nullable: true }) reader?: string,
    @Args('from', { nullable: true, description: 'YYYY-MM-DD (a day in China) or an ISO date-time; inclusive' }) from?: string,
    @Args('to', { nullable: true, description: 'YYYY-MM-DD (to the end of that day in China) or an ISO date-time; exclusive' }) to?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    return auditReadLog(
      this.runtimes,
      p,
      { subject: text(subject), reader: text(reader), from: text(from), to: text(to), limit: text(limit), offset: text(offset) },
      'graphql readLog',
    );
  }
}
