import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { noticesOf, type Locale, type Notice } from '@onedoor/notices';
import { readerOf, type Principal } from '@onedoor/service-kit';
import { readable } from './application.queries';
import { DossierStore, subjectOf } from './dossier.store';
import { timelinePart } from './need-to-know';

/** The written notices of an application in one language (GET /applications/{id}/notices, GraphQL applicationNotices). */
export class GetNoticesQuery {
  /** purpose: the route or operation asking, recorded in the read log. */
  constructor(readonly applicationId: string, readonly principal: Principal, readonly locale: Locale, readonly purpose = 'query notices') {}
}

export interface NoticesView {
  applicationId: string;
  locale: Locale;
  notices: Notice[];
}

/**
 * Renders the notices from intake's read model: who may read the dossier may read its notices
 * (404 otherwise), as far as readScopeOf allows — a department officer only their department's
 * (its grants and refusals, and the acceptance naming its own route: timelinePart); the decisions
 * come from the application's timeline as recorded, and the read is recorded in the read log like
 * the timeline's.
 */
@QueryHandler(GetNoticesQuery)
export class GetNoticesHandler implements IQueryHandler<GetNoticesQuery> {
  constructor(private readonly dossiers: DossierStore) {}
  async execute({ applicationId, principal, locale, purpose }: GetNoticesQuery): Promise<NoticesView> {
    const found = await readable(this.dossiers, applicationId, principal);
    const events = timelinePart(await this.dossiers.timeline(applicationId), found.scope);
    const notices = noticesOf(events, locale);
    const subject = subjectOf(found.dossier);
    await this.dossiers.recordRead({
      reader: readerOf(principal),
      purpose,
      resource: 'notices',
      resourceId: applicationId,
      fields: [...new Set(notices.map((n) => n.kind))].sort(),
      applicationIds: [applicationId],
      subjectRefs: subject.refs,
      scope: subject.scope.length ? subject.scope : [principal.jurisdiction],
    });
    return { applicationId, locale, notices };
  }
}
