import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { SERVICES, topicOf } from '@onedoor/contracts';
import { PolicyRegistry } from '@onedoor/policy';
import { loadCatalogues, loadPolicy, runtimeProvider, ServiceRuntime } from '@onedoor/service-kit';
import { GetDossierHandler, GetTimelineHandler, SearchApplicationsHandler } from './app/application.queries';
import { ApplicationsController } from './app/applications.controller';
import { ApplicationsResolver } from './app/applications.resolver';
import { CatalogueAdmin } from './app/catalogue.admin';
import { CatalogueController } from './app/catalogue.controller';
import { CatalogueResolver } from './app/catalogue.resolver';
import { PolicyPackageController } from './app/policy-package.controller';
import { GetPolicyPackageHandler } from './app/policy-package.query';
import { DeadlineWatch } from './app/deadline-watch';
import { DossierStore } from './app/dossier.store';
import { DossierUpdates } from './app/dossier.updates';
import { ErasureController, ErasureResolver, SubjectErasure } from './app/erasure.controller';
import { intakeMigrations } from './app/intake.migrations';
import { INTAKE, INTAKE_RUNTIME } from './app/intake.spec';
import { PersonalData } from './app/personal-data';
import { NoticesController } from './app/notices.controller';
import { GetNoticesHandler } from './app/notices.query';
import { NoticesResolver } from './app/notices.resolver';
import { INTAKE_POLICY, SubmitApplicationHandler, type IntakePolicy } from './app/submit-application';

/** The one window: accepts, assesses and routes applications; keeps the dossier of each. */
@Module({
  controllers: [ApplicationsController, ErasureController, NoticesController, CatalogueController, PolicyPackageController],
  providers: [
    runtimeProvider(INTAKE_RUNTIME, INTAKE),
    { provide: INTAKE_POLICY, useValue: { registry: PolicyRegistry.empty() } },
    PersonalData,
    DossierUpdates,
    DossierStore,
    SubmitApplicationHandler,
    GetDossierHandler,
    GetTimelineHandler,
    SearchApplicationsHandler,
    GetNoticesHandler,
    NoticesResolver,
    ApplicationsResolver,
    DeadlineWatch,
    SubjectErasure,
    ErasureResolver,
    CatalogueAdmin,
    CatalogueResolver,
    GetPolicyPackageHandler,
  ],
})
export class IntakeModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(INTAKE_POLICY) private readonly policy: IntakePolicy,
    private readonly dossiers: DossierStore,
  ) {}

  async onModuleInit() {
    await this.runtime.start(intakeMigrations);
    this.policy.registry = await loadPolicy(this.runtime.store);
    this.policy.catalogues = await loadCatalogues(this.runtime.store);
  }

  /** The dossier follows every service's topic, intake's own included. */
  onApplicationBootstrap() {
    const serviceOfTopic = new Map(SERVICES.map((s) => [topicOf(s), s]));
    return this.runtime.consume({
      name: 'intake.dossier',
      topics: SERVICES.map((s) => topicOf(s)),
      handle: async (envelope, store, message) => {
        await this.dossiers.apply(store, serviceOfTopic.get(message.topic) ?? message.topic, envelope);
      },
      handleBatch: async (items, store) => {
        await this.dossiers.applyAll(store, items.map(({ envelope, message }) => ({ service: serviceOfTopic.get(message.topic) ?? message.topic, envelope })));
      },
    });
  }
}
