import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DecideCaseCommand, GetCaseQuery, GrantAutomaticallyCommand, IssueReferralsCommand, MarkPaidCommand, OpenCaseCommand } from './case.commands';
import { TemporaryAidCases } from './temporary-aid-cases';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(private readonly cases: TemporaryAidCases) {}
  execute({ caseId, caseFile, now, metadata, commandId, store }: OpenCaseCommand) {
    return this.cases.open(caseId, caseFile, now, metadata, commandId, store);
  }
}

@CommandHandler(GrantAutomaticallyCommand)
export class GrantAutomaticallyHandler implements ICommandHandler<GrantAutomaticallyCommand> {
  constructor(private readonly cases: TemporaryAidCases) {}
  execute({ caseId, now, metadata, commandId, store }: GrantAutomaticallyCommand) {
    return this.cases.grantAutomatically(caseId, now, metadata, commandId, store);
  }
}

@CommandHandler(IssueReferralsCommand)
export class IssueReferralsHandler implements ICommandHandler<IssueReferralsCommand> {
  constructor(private readonly cases: TemporaryAidCases) {}
  execute({ caseId, metadata, commandId, store }: IssueReferralsCommand) {
    return this.cases.issueReferrals(caseId, metadata, commandId, store);
  }
}

@CommandHandler(DecideCaseCommand)
export class DecideCaseHandler implements ICommandHandler<DecideCaseCommand> {
  constructor(private readonly cases: TemporaryAidCases) {}
  execute({ caseId, input, officer, expectedVersion, metadata, commandId }: DecideCaseCommand) {
    return this.cases.decideByOfficer(caseId, input, officer, expectedVersion, metadata, commandId);
  }
}

@CommandHandler(MarkPaidCommand)
export class MarkPaidHandler implements ICommandHandler<MarkPaidCommand> {
  constructor(private readonly cases: TemporaryAidCases) {}
  execute({ payment, metadata, commandId, store }: MarkPaidCommand) {
    return this.cases.markPaid(payment, metadata, commandId, store);
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(private readonly cases: TemporaryAidCases) {}
  execute({ caseId }: GetCaseQuery) {
    return this.cases.view(caseId);
  }
}

export const CASE_HANDLERS = [OpenCaseHandler, GrantAutomaticallyHandler, IssueReferralsHandler, DecideCaseHandler, MarkPaidHandler, GetCaseHandler];
