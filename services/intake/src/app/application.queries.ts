import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { hasRole, isWithinJurisdiction, parseAsOf, ProblemError, significantPrefix, type Principal } from '@onedoor/service-kit';
import { dossierView, type Dossier } from '../read-model/dossier';
import { DossierStore } from './dossier.store';

const STATUSES = ['received', 'in_progress', 'settled', 'refused', 'withdrawn'];

export class GetDossierQuery {
  /** asOf: the dossier as it was at that instant, folded from the events known then. */
  constructor(readonly applicationId: string, readonly principal: Principal, readonly asOf?: string) {}
}
export class GetTimelineQuery {
  constructor(readonly applicationId: string, readonly principal: Principal) {}
}
export class SearchApplicationsQuery {
  constructor(
    readonly principal: Principal,
    readonly filter: { status?: string; jurisdiction?: string; overdue?: string; limit?: string; offset?: string },
  ) {}
}

/**
 * Who may see a dossier: the applicant who submitted it, or staff whose jurisdiction contains
 * where it is handled or where the household is registered. Others get 404, not 403, so that
 * dossiers outside one's subtree cannot be probed.
 */
export function canSee(p: Principal, d: Dossier, submittedBy: string | null): boolean {
  if (hasRole(p, 'admin') && p.jurisdiction === '000000') return true;
  if (hasRole(p, 'caseworker', 'officer', 'auditor', 'admin')) {
    return [d.jurisdiction, d.registeredJurisdiction].some((j) => j && isWithinJurisdiction(j, p.jurisdiction));
  }
  return hasRole(p, 'applicant') && submittedBy === p.sub;
}

async function visible(dossiers: DossierStore, id: string, p: Principal) {
  const found = await dossiers.get(id);
  if (!found || !canSee(p, found.dossier, found.submittedBy)) throw ProblemError.notFound(`application ${id} not found`);
  return found.dossier;
}

@QueryHandler(GetDossierQuery)
export class GetDossierHandler implements IQueryHandler<GetDossierQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ applicationId, principal, asOf }: GetDossierQuery) {
    const current = await visible(this.dossiers, applicationId, principal);
    if (asOf === undefined) return dossierView(current);
    const at = parseAsOf(asOf)!;
    const past = await this.dossiers.asOf(applicationId, at);
    if (!past) throw ProblemError.notFound(`application ${applicationId} did not exist at ${at.toISOString()}`);
    return { ...dossierView(past), asOf: at.toISOString() };
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ applicationId, principal }: GetTimelineQuery) {
    await visible(this.dossiers, applicationId, principal);
    return this.dossiers.timeline(applicationId);
  }
}

@QueryHandler(SearchApplicationsQuery)
export class SearchApplicationsHandler implements IQueryHandler<SearchApplicationsQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ principal, filter }: SearchApplicationsQuery) {
    const errors: { field: string; message: string }[] = [];
    if (filter.status && !STATUSES.includes(filter.status)) errors.push({ field: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
    if (filter.jurisdiction && !/^\d{6}(\d{3}){0,2}$/.test(filter.jurisdiction)) errors.push({ field: 'jurisdiction', message: 'jurisdiction must be a division code' });
    if (filter.overdue && !['true', 'false'].includes(filter.overdue)) errors.push({ field: 'overdue', message: 'overdue must be true or false' });
    const limit = filter.limit === undefined ? 50 : Number(filter.limit);
    const offset = filter.offset === undefined ? 0 : Number(filter.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) errors.push({ field: 'limit', message: 'limit must be an integer from 1 to 500' });
    if (!Number.isInteger(offset) || offset < 0) errors.push({ field: 'offset', message: 'offset must be a non-negative integer' });
    if (errors.length) throw ProblemError.badRequest(`${errors.length} query parameter(s) are invalid`, errors);
    // Searching is confined to the caller's subtree; a narrower jurisdiction filter must lie in it.
    const root = filter.jurisdiction ?? principal.jurisdiction;
    if (!isWithinJurisdiction(root, principal.jurisdiction)) throw ProblemError.forbidden(`jurisdiction ${root} is outside your jurisdiction`);
    const page = await this.dossiers.search({
      status: filter.status,
      jurisdictionPrefix: significantPrefix(root),
      overdue: filter.overdue === undefined ? undefined : filter.overdue === 'true',
      limit,
      offset,
    });
    return { ...page, limit, offset };
  }
}
