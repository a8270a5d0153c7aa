import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CaseDeskRegistry, causedBy, consumeAsDepartment, loadPolicy, runtimeProvider, ServiceRuntime } from '@onedoor/service-kit';
import { EducationAidCases } from './app/education-aid-cases';
import { EducationAidDesk } from './app/education-aid.desk';
import { EDUCATION_AID, EDUCATION_AID_RUNTIME } from './app/education-aid.runtime';

const DEPARTMENT = 'education-aid';

/** Education aid per student per school year, decided as soon as the case opens. */
@Module({
  providers: [runtimeProvider(EDUCATION_AID_RUNTIME, EDUCATION_AID), EducationAidCases, EducationAidDesk],
})
export class EducationAidModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(EDUCATION_AID_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly cases: EducationAidCases,
    private readonly desk: EducationAidDesk,
    private readonly desks: CaseDeskRegistry,
  ) {}

  async onModuleInit() {
    await this.runtime.start();
    this.cases.usePolicy(await loadPolicy(this.runtime.store));
    this.desks.register(this.desk);
  }

  /** Consumers `education-aid.from-intake`, `.from-temporary-aid` and `.from-funding`, each in its inbox transaction. */
  async onApplicationBootstrap() {
    await consumeAsDepartment(this.runtime, DEPARTMENT, {
      routed: (routed, envelope, store) => this.cases.openAndAssess({ routed }, envelope, store),
      referred: (referral, envelope, store) => this.cases.openAndAssess({ referral }, envelope, store),
      paid: (payment, envelope, store) => this.cases.markPaid(payment, causedBy(DEPARTMENT, envelope, envelope.jurisdiction), `${envelope.eventId}:paid`, store),
    });
  }
}
