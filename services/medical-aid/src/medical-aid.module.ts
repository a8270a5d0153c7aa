import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Envelope, routedCaseFileOf, type MedicalAidCaseFile } from '@onedoor/contracts';
import type { EventStore } from '@onedoor/event-store';
import { CaseDeskRegistry, causedBy, consumeAsDepartment, loadPolicy, runtimeProvider, ServiceRuntime } from '@onedoor/service-kit';
import { AssessCommand, MarkPaidCommand, OpenCaseCommand } from './app/case.commands';
import { CASE_HANDLERS } from './app/case.handlers';
import { MedicalAidCases } from './app/medical-aid-cases';
import { MedicalAidDesk } from './app/medical-aid.desk';
import { MEDICAL_AID, MEDICAL_AID_RUNTIME } from './app/medical-aid.runtime';
import { medicalAidCaseId } from './domain';

const DEPARTMENT = 'medical-aid';

/** Medical aid by the table of the registered jurisdiction, decided as soon as the case opens. */
@Module({
  providers: [
    runtimeProvider(MEDICAL_AID_RUNTIME, MEDICAL_AID),
    MedicalAidCases,
    MedicalAidDesk,
    ...CASE_HANDLERS,
  ],
})
export class MedicalAidModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(MEDICAL_AID_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly cases: MedicalAidCases,
    private readonly desk: MedicalAidDesk,
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
    const caseFile = 'routed' in source ? routedCaseFileOf(source.routed, 'medical-aid') : (source.referral.caseFile as MedicalAidCaseFile);
    const now = new Date().toISOString();
    const metadata = causedBy(DEPARTMENT, envelope, caseFile.registeredJurisdiction);
    await this.commands.execute(new OpenCaseCommand(source, now, metadata, `${envelope.eventId}:open`, store));
    await this.commands.execute(new AssessCommand(medicalAidCaseId(caseFile.applicationId), now, metadata, `${envelope.eventId}:assess`, store));
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
