import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AssessCommand, GetCaseQuery, MarkPaidCommand, OpenCaseCommand } from './case.commands';
import { EducationAidCases } from './education-aid-cases';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(private readonly cases: EducationAidCases) {}
  execute(command: OpenCaseCommand) {
    return this.cases.open(command);
  }
}

@CommandHandler(AssessCommand)
export class AssessHandler implements ICommandHandler<AssessCommand> {
  constructor(private readonly cases: EducationAidCases) {}
  execute({ caseId, now, metadata, commandId, store }: AssessCommand) {
    return this.cases.assess(caseId, now, metadata, commandId, store);
  }
}

@CommandHandler(MarkPaidCommand)
export class MarkPaidHandler implements ICommandHandler<MarkPaidCommand> {
  constructor(private readonly cases: EducationAidCases) {}
  execute({ payment, metadata, commandId, store }: MarkPaidCommand) {
    return this.cases.markPaid(payment, metadata, commandId, store);
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(private readonly cases: EducationAidCases) {}
  execute({ caseId }: GetCaseQuery) {
    return this.cases.view(caseId);
  }
}

export const CASE_HANDLERS = [OpenCaseHandler, AssessHandler, MarkPaidHandler, GetCaseHandler];
