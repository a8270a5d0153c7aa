import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Envelope, routedCaseFileOf, type EducationAidCaseFile } from '@onedoor/contracts';
import type { EventStore } from '@onedoor/event-store';
import { CaseDeskRegistry, causedBy, consumeAsDepartment, loadPolicy, runtimeProvider, ServiceRuntime } from '@onedoor/service-kit';
import { AssessCommand, MarkPaidCommand, OpenCaseCommand } from './app/case.commands';
import { CASE_HANDLERS } from './app/case.handlers';
import { EducationAidCases } from './app/education-aid-cases';
import { EducationAidDesk } from './app/education-aid.desk';
import { EDUCATION_AID, EDUCATION_AID_RUNTIME } from './app/education-aid.runtime';
import { educationAidCaseId } from './domain';

const DEPARTMENT = 'education-aid';

/** Education aid per student per school year, decided as soon as the case opens. */
@Module({
  providers: [
    runtimeProvider(EDUCATION_AID_RUNTIME, EDUCATION_AID),
    EducationAidCases,
    EducationAidDesk,
    ...CASE_HANDLERS,
  ],
})
export class EducationAidModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(EDUCATION_AID_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly cases: EducationAidCases,
    private readonly desk: EducationAidDesk,
    private readonly desks: CaseDeskRegistry,
    private readonly commands: CommandBus,
  ) {}

  async onModuleInit() {
    await this.runtime.start();
    this.cases.usePolicy(await loadPolicy(this.runtime.store));
    this.desks.register(this.desk);
  }

  /** Opens the application's case (the second opening is a no-op) and assesses it, in one transaction. */
  private async openAndAssess(source: OpenCaseCommand['source'], envelope: Envelope, store: EventStore) {
    const caseFile = 'routed' in source ? routedCaseFileOf(source.routed, 'education-aid') : (source.referral.caseFile as EducationAidCaseFile);
    const now = new Date().toISOString();
    const metadata = causedBy(DEPARTMENT, envelope, caseFile.registeredJurisdiction);
    await this.commands.execute(new OpenCaseCommand(source, now, metadata, `${envelope.eventId}:open`, store));
    await this.commands.execute(new AssessCommand(educationAidCaseId(caseFile.applicationId), now, metadata, `${envelope.eventId}:assess`, store));
  }

  async onApplicationBootstrap() {
    await consumeAsDepartment(this.runtime, DEPARTMENT, {
      routed: (routed, envelope, store) => this.openAndAssess({ routed }, envelope, store),
      referred: (referral, envelope, store) => this.openAndAssess({ referral }, envelope, store),
      paid: (payment, envelope, store) =>
        this.commands.execute(new MarkPaidCommand(payment, causedBy(DEPARTMENT, envelope, envelope.jurisdiction), `${envelope.eventId}:paid`, store)),
    });
  }
}
