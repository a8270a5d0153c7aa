import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { hasRole, isWithinJurisdiction, parseAsOf, ProblemError, queryInteger, queryText, significantPrefix, type Principal } from '@onedoor/service-kit';
import { dossierView, type Dossier } from '../read-model/dossier';
import { DossierStore } from './dossier.store';

const STATUSES = ['received', 'in_progress', 'settled', 'refused', 'withdrawn'];
/** Largest `offset` of a search page. */
const MAX_OFFSET = 1_000_000_000;

export class GetDossierQuery {
  /** asOf: the dossier as it was at that instant, folded from the events known then. */
  constructor(readonly applicationId: string, readonly principal: Principal, readonly asOf?: string) {}
}
export class GetTimelineQuery {
  constructor(readonly applicationId: string, readonly principal: Principal) {}
}
export class SearchApplicationsQuery {
  /** filter: query parameters as received (text, or an array when repeated); the handler validates them. */
  constructor(
    readonly principal: Principal,
    readonly filter: { status?: unknown; jurisdiction?: unknown; overdue?: unknown; limit?: unknown; offset?: unknown },
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
    const status = queryText(filter.status, 'status', errors);
    const jurisdiction = queryText(filter.jurisdiction, 'jurisdiction', errors);
    const overdue = queryText(filter.overdue, 'overdue', errors);
    if (status && !STATUSES.includes(status)) errors.push({ field: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
    if (jurisdiction && !/^\d{6}(\d{3}){0,2}$/.test(jurisdiction)) errors.push({ field: 'jurisdiction', message: 'jurisdiction must be a division code' });
    if (overdue && !['true', 'false'].includes(overdue)) errors.push({ field: 'overdue', message: 'overdue must be true or false' });
    const limit = queryInteger(filter.limit, 'limit', { min: 1, max: 500, fallback: 50 }, errors);
    const offset = queryInteger(filter.offset, 'offset', { min: 0, max: MAX_OFFSET, fallback: 0 }, errors);
    if (errors.length) throw ProblemError.badRequest(`${errors.length} query parameter(s) are invalid`, errors);
    // Searching is confined to the caller's subtree; a narrower jurisdiction filter must lie in it.
    const root = jurisdiction || principal.jurisdiction;
    if (!isWithinJurisdiction(root, principal.jurisdiction)) throw ProblemError.forbidden(`jurisdiction ${root} is outside your jurisdiction`);
    const page = await this.dossiers.search({
      status: status || undefined,
      jurisdictionPrefix: significantPrefix(root),
      overdue: overdue ? overdue === 'true' : undefined,
      limit,
      offset,
    });
    return { ...page, limit, offset };
  }
}
