import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProblemError, type Principal, type ServiceRuntime } from '@onedoor/service-kit';
import { applicationStreamId, policyPackageOf, type PolicyPackage, type ProgrammesAssessed } from '../domain';
import { readable, recordDossierRead } from './application.queries';
import { DossierStore } from './dossier.store';
import { packagePart } from './need-to-know';
import { INTAKE_RUNTIME } from './intake.spec';

export class GetPolicyPackageQuery {
  /** purpose: the route or operation asking, recorded in the read log. */
  constructor(readonly applicationId: string, readonly principal: Principal, readonly purpose = 'query policy package') {}
}

/**
 * The household's policy package (一户一方案): the programmes assessed at submission
 * (ProgrammesAssessed, intake's own stream) with the dossier's cases. Whoever may see the dossier
 * may see its package (404 otherwise), as far as readScopeOf allows: a department officer only
 * their department's programmes (packagePart). The read is recorded in the read log. An
 * application routed before the catalogue has none (404).
 */
@QueryHandler(GetPolicyPackageQuery)
export class GetPolicyPackageHandler implements IQueryHandler<GetPolicyPackageQuery, PolicyPackage> {
  constructor(
    @Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly dossiers: DossierStore,
  ) {}

  async execute({ applicationId, principal, purpose }: GetPolicyPackageQuery): Promise<PolicyPackage> {
    const found = await readable(this.dossiers, applicationId, principal);
    const events = await this.runtime.store.readStream(applicationStreamId(applicationId));
    const assessed = events.find((e) => e.type === 'ProgrammesAssessed');
    if (!assessed) throw ProblemError.notFound(`application ${applicationId} was routed before the programme catalogue: it has no policy package`);
    const pkg = packagePart(policyPackageOf(assessed.data as ProgrammesAssessed, found.dossier.departments), found.scope);
    await recordDossierRead(this.dossiers, principal, found.dossier, { programmes: pkg.programmes }, purpose, 'package');
    return pkg;
  }
}
