import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, OpaqueIdPipe, Roles, type Principal } from '@onedoor/service-kit';
import { CATALOGUE_READERS, CatalogueAdmin } from './catalogue.admin';
import { catalogueToGraph, ProgrammeCatalogueModel, programmeFromGraph, ProgrammeModel } from './catalogue.models';
import { GetPolicyPackageQuery } from './policy-package.query';
import { PolicyPackageModel } from './policy-package.models';

/** GraphQL of the programme catalogue (admin) and of the household's policy package, as their REST routes. */
@Resolver()
export class CatalogueResolver {
  constructor(
    private readonly admin: CatalogueAdmin,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => ProgrammeCatalogueModel, { name: 'programmeCatalogue', description: 'the catalogue in force for a jurisdiction within or above yours (default: yours) on a date (default: today in China), as GET /catalogue' })
  @Roles(...CATALOGUE_READERS)
  async programmeCatalogue(@CurrentPrincipal() p: Principal, @Args('jurisdiction', { nullable: true }) jurisdiction?: string, @Args('on', { nullable: true }) on?: string) {
    return catalogueToGraph(await this.admin.inForce(p, jurisdiction ?? undefined, on ?? undefined));
  }

  @Mutation(() => ProgrammeCatalogueModel, { name: 'putProgramme', description: 'adds or replaces a programme in a jurisdiction from a China date, publishing a new catalogue version (as PUT /catalogue/programmes/{programmeId})' })
  @Roles('admin')
  async putProgramme(
    @CurrentPrincipal() p: Principal,
    @Args('jurisdiction') jurisdiction: string,
    @Args('validFrom') validFrom: string,
    // Typed by GraphQL, validated by the catalogue file's rules (unknown here, so the DTO pipe leaves it to them).
    @Args('programme', { type: () => ProgrammeModel }) programme: unknown,
  ) {
    const input = programme as ProgrammeModel;
    const result = await this.admin.putProgramme(p, input.id, { jurisdiction, validFrom, programme: programmeFromGraph(input) });
    return catalogueToGraph(result.body);
  }

  @Query(() => PolicyPackageModel, { name: 'applicationPackage', description: 'the household’s policy package (一户一方案), as GET /applications/{id}/package' })
  @Roles('applicant', 'caseworker', 'officer', 'auditor')
  applicationPackage(@Args('id', OpaqueIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    return this.queries.execute(new GetPolicyPackageQuery(id, p, 'graphql applicationPackage'));
  }
}
