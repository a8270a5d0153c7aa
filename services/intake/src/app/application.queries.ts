import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  isWithinJurisdiction, parseAsOf, parseReadLogParams, ProblemError, queryInteger, queryReadLogs, queryText, readerOf, recordLogRead,
  significantPrefix, subjectRefsIn, type Principal, type ReadLogPage, type ReadLogParams, type RuntimeRegistry,
} from '@onedoor/service-kit';
import { dossierView, type Dossier } from '../read-model/dossier';
import { DossierStore, subjectOf } from './dossier.store';
import { dossierPart, listScopeOf, readScopeOf, type ReadScope } from './need-to-know';

const STATUSES = ['received', 'in_progress', 'settled', 'refused', 'withdrawn'];
/** Largest `offset` of a search page. */
const MAX_OFFSET = 1_000_000_000;

export class GetDossierQuery {
  /**
   * asOf: the dossier as it was at that instant, folded from the events known then.
   * purpose: the route or operation asking, recorded in the read log (e.g. `GET /api/v1/applications/:id`).
   */
  constructor(readonly applicationId: string, readonly principal: Principal, readonly asOf?: string, readonly purpose = 'query dossier') {}
}
export class GetTimelineQuery {
  /** purpose: the route or operation asking, recorded in the read log. */
  constructor(readonly applicationId: string, readonly principal: Principal, readonly purpose = 'query timeline') {}
}
export class SearchApplicationsQuery {
  /**
   * filter: query parameters as received (text, or an array when repeated); the handler validates them.
   * purpose: the route or operation asking, recorded in the read log.
   */
  constructor(
    readonly principal: Principal,
    readonly filter: { status?: unknown; jurisdiction?: unknown; overdue?: unknown; limit?: unknown; offset?: unknown },
    readonly purpose = 'query applications',
  ) {}
}

/**
 * Whether `p` may see the application at all (readScopeOf is not null): the applicant who
 * submitted it, staff whose jurisdiction contains where it is handled or where the household is
 * registered — officers only when their department has a case for it. Others get 404, not 403,
 * so that dossiers outside one's reach cannot be probed.
 */
export function canSee(p: Principal, d: Dossier, submittedBy: string | null): boolean {
  return readScopeOf(p, d, submittedBy) !== null;
}

/**
 * The stored dossier and what `p` may see of it (readScopeOf).
 * @throws ProblemError 404 when the application does not exist or `p` may see none of it.
 */
export async function readable(dossiers: DossierStore, id: string, p: Principal): Promise<{ dossier: Dossier; scope: ReadScope }> {
  const found = await dossiers.get(id);
  const scope = found ? readScopeOf(p, found.dossier, found.submittedBy) : null;
  if (!found || !scope) throw ProblemError.notFound(`application ${id} not found`);
  return { dossier: found.dossier, scope };
}

async function visible(dossiers: DossierStore, id: string, p: Principal) {
  return (await readable(dossiers, id, p)).dossier;
}

/** Keys of an answer that describe the application rather than the person: not listed as fields read. */
const NOT_PERSONAL = new Set(['applicationId', 'version', 'updatedAt', 'asOf']);
const fieldsOf = (view: object) => Object.keys(view).filter((k) => !NOT_PERSONAL.has(k));

/**
 * Records a read of a dossier (its view's fields) in intake's read log before it is answered
 * (PIPL art. 45). `dossier` is the stored one: its references and jurisdictions name the subject.
 * @throws ProblemError 503 when the read cannot be recorded.
 */
export async function recordDossierRead(dossiers: DossierStore, p: Principal, dossier: Dossier, view: object, purpose: string, resource = 'dossier') {
  const subject = subjectOf(dossier);
  await dossiers.recordRead({
    reader: readerOf(p),
    purpose,
    resource,
    resourceId: dossier.applicationId,
    fields: fieldsOf(view),
    applicationIds: [dossier.applicationId],
    subjectRefs: subject.refs,
    scope: subject.scope.length ? subject.scope : [p.jurisdiction],
  });
}

@QueryHandler(GetDossierQuery)
export class GetDossierHandler implements IQueryHandler<GetDossierQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ applicationId, principal, asOf, purpose }: GetDossierQuery) {
    const { dossier: current, scope } = await readable(this.dossiers, applicationId, principal);
    if (asOf === undefined) {
      const view = dossierPart(dossierView(current), scope);
      await recordDossierRead(this.dossiers, principal, current, view, purpose);
      return view;
    }
    const at = parseAsOf(asOf)!;
    const past = await this.dossiers.asOf(applicationId, at);
    if (!past) throw ProblemError.notFound(`application ${applicationId} did not exist at ${at.toISOString()}`);
    const view = dossierPart({ ...dossierView(past), asOf: at.toISOString() }, scope);
    await recordDossierRead(this.dossiers, principal, current, view, `${purpose} asOf`);
    return view;
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ applicationId, principal, purpose }: GetTimelineQuery) {
    const dossier = await visible(this.dossiers, applicationId, principal);
    const events = await this.dossiers.timeline(applicationId);
    const subject = subjectOf(dossier);
    // What was read: the kinds of events (their data), and every person they name.
    await this.dossiers.recordRead({
      reader: readerOf(principal),
      purpose,
      resource: 'timeline',
      resourceId: applicationId,
      fields: [...new Set(events.map((e: { type: string }) => e.type))].sort(),
      applicationIds: [applicationId],
      subjectRefs: [...subject.refs, ...subjectRefsIn(events.map((e: { data: unknown }) => e.data))],
      scope: subject.scope.length ? subject.scope : [principal.jurisdiction],
    });
    return events;
  }
}

@QueryHandler(SearchApplicationsQuery)
export class SearchApplicationsHandler implements IQueryHandler<SearchApplicationsQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ principal, filter, purpose }: SearchApplicationsQuery) {
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
    // Officers list only the applications their department has a case for, each as their part.
    const scope = listScopeOf(principal);
    if (!scope) return { total: 0, items: [], limit, offset };
    const { subjects, ...found } = await this.dossiers.search({
      department: scope.kind === 'department' ? scope.department : undefined,
      status: status || undefined,
      jurisdictionPrefix: significantPrefix(root),
      overdue: overdue ? overdue === 'true' : undefined,
      limit,
      offset,
    });
    const page = { ...found, items: found.items.map((view) => dossierPart(view, scope)) };
    // A page that shows dossiers is a read of each of them: one row names them all.
    if (page.items.length) {
      await this.dossiers.recordRead({
        reader: readerOf(principal),
        purpose,
        resource: 'search',
        resourceId: [`jurisdiction=${root}`, status && `status=${status}`, overdue && `overdue=${overdue}`, `limit=${limit}`, `offset=${offset}`].filter(Boolean).join('&'),
        fields: fieldsOf(page.items[0]),
        applicationIds: subjects.map((s) => s.applicationId),
        subjectRefs: subjects.flatMap((s) => s.refs),
        scope: [root],
      });
    }
    return { ...page, limit, offset };
  }
}

/**
 * "Who read my data" (PIPL art. 45): the reads recorded about one application — by anyone, through
 * any route — newest first, from the read logs of every store in this process (in the distributed
 * deployment: intake's; each department's log is on its own service). The applicant who submitted
 * it and staff of its jurisdiction may ask; anyone else gets 404. The question is itself recorded,
 * as a read of the read log (not of personal data: it names no application).
 * raw: from, to, limit, offset as received (see parseReadLogParams).
 * @throws ProblemError 400 (bad parameter), 404 (not visible), 503 (the log cannot be written).
 */
export async function applicationReads(
  dossiers: DossierStore,
  runtimes: RuntimeRegistry,
  applicationId: string,
  principal: Principal,
  raw: Omit<ReadLogParams, 'subject' | 'reader'>,
  purpose: string,
): Promise<ReadLogPage> {
  const dossier = await visible(dossiers, applicationId, principal);
  const filter = parseReadLogParams(raw, { subjectFixed: applicationId });
  const logs = runtimes.all().length ? runtimes.all().map((r) => r.readLog) : [dossiers.readLog];
  await recordLogRead(logs, readerOf(principal), purpose, filter);
  const page = await queryReadLogs(logs, { ...filter, dataOnly: true });
  // A row may cover other applications too (a search page): this answer names only this one.
  const own = new Set(subjectOf(dossier).refs);
  const items = page.items.map((row) => ({
    ...row,
    applicationIds: row.applicationIds.filter((id) => id === applicationId),
    subjectRefs: row.subjectRefs.filter((ref) => own.has(ref)),
  }));
  return { ...page, items, limit: filter.limit, offset: filter.offset };
}
