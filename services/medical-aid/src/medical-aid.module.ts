import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CaseDeskRegistry, causedBy, consumeAsDepartment, loadPolicy, runtimeProvider, ServiceRuntime } from '@onedoor/service-kit';
import { MedicalAidCases } from './app/medical-aid-cases';
import { MedicalAidDesk } from './app/medical-aid.desk';
import { MEDICAL_AID, MEDICAL_AID_RUNTIME } from './app/medical-aid.runtime';

const DEPARTMENT = 'medical-aid';

/** Medical aid by the table of the registered jurisdiction, decided as soon as the case opens. */
@Module({
  providers: [runtimeProvider(MEDICAL_AID_RUNTIME, MEDICAL_AID), MedicalAidCases, MedicalAidDesk],
})
export class MedicalAidModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(MEDICAL_AID_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly cases: MedicalAidCases,
    private readonly desk: MedicalAidDesk,
    private readonly desks: CaseDeskRegistry,
  ) {}

  async onModuleInit() {
    await this.runtime.start();
    this.cases.usePolicy(await loadPolicy(this.runtime.store));
    this.desks.register(this.desk);
  }

  /** Consumers `medical-aid.from-intake`, `.from-temporary-aid` and `.from-funding`, each in its inbox transaction. */
  async onApplicationBootstrap() {
    await consumeAsDepartment(this.runtime, DEPARTMENT, {
      routed: (routed, envelope, store) => this.cases.openAndAssess({ routed }, envelope, store),
      referred: (referral, envelope, store) => this.cases.openAndAssess({ referral }, envelope, store),
      paid: (payment, envelope, store) => this.cases.markPaid(payment, causedBy(DEPARTMENT, envelope, envelope.jurisdiction), `${envelope.eventId}:paid`, store),
    });
  }
}
