/**
 * How events become rows of the dossier read model (intake.dossiers) and of the cross-service
 * timeline (intake.timeline). Shared by the live projection (DossierStore.applyAll, a batch of
 * events at a time, from Kafka) and by rebuilds (`onedoor replay`, millions of events from the stores), so
 * both produce the same rows from the same events.
 */
import type { Envelope } from '@onedoor/contracts';
import { emptyDossier, evolveDossierInPlace, type Dossier } from './dossier';
import { timelineDataOf } from './timeline';

/** A dossier with what the table keeps beside it. */
export interface DossierRecord {
  dossier: Dossier;
  /** The applicant's `sub` when they submitted themselves (they may then read their own dossier). */
  submittedBy: string | null;
}

/** One row of `<schema>.dossiers`. */
export interface DossierRow {
  application_id: string;
  jurisdiction: string | null;
  registered_jurisdiction: string | null;
  status: string;
  submitted_by: string | null;
  next_due_by: string | null;
  doc: Dossier;
  version: number;
  updated_at: string;
}

/** One row of `<schema>.timeline`. */
export interface TimelineRow {
  application_id: string;
  event_id: string;
  service: string;
  type: string;
  occurred_at: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  actor: { sub: string; role: string } | null;
  data: unknown;
}

/** The application an event belongs to; events without one are not part of any dossier. */
export function applicationIdOf(envelope: Envelope<any>): string | undefined {
  const id = envelope.data?.applicationId;
  return id ? String(id) : undefined;
}

/** submitted_by is set once, by the first ApplicationSubmitted an applicant sent themselves. */
export function submittedByAfter(previous: string | null | undefined, envelope: Envelope<any>): string | null {
  return previous ?? (envelope.type === 'ApplicationSubmitted' && envelope.actor?.role === 'applicant' ? envelope.actor.sub : null);
}

/** One event folded into a record, changed in place (a new record when there is none yet). */
export function foldDossierRecord(current: DossierRecord | undefined, applicationId: string, envelope: Envelope<any>): DossierRecord {
  const record = current ?? { dossier: emptyDossier(applicationId), submittedBy: null };
  evolveDossierInPlace(record.dossier, envelope);
  record.submittedBy = submittedByAfter(record.submittedBy, envelope);
  return record;
}

/** The earliest deadline of a department that has not decided yet (for the overdue search). */
export function nextDueByOf(d: Dossier): string | null {
  let next: string | null = null;
  for (const e of d.departments) {
    if (!e.decided && e.dueBy && (next === null || e.dueBy < next)) next = e.dueBy;
  }
  return next;
}

export function dossierRow(record: DossierRecord): DossierRow {
  const d = record.dossier;
  return {
    application_id: d.applicationId,
    jurisdiction: d.jurisdiction,
    registered_jurisdiction: d.registeredJurisdiction,
    status: d.status,
    submitted_by: record.submittedBy,
    next_due_by: nextDueByOf(d),
    doc: d,
    version: d.version,
    updated_at: d.updatedAt,
  };
}

/** `service` is the producing service (the topic the event came from); `data` is the timeline's projection (timelineDataOf). */
export function timelineRow(service: string, applicationId: string, envelope: Envelope<any>): TimelineRow {
  return {
    application_id: applicationId,
    event_id: envelope.eventId,
    service,
    type: envelope.type,
    occurred_at: envelope.occurredAt,
    stream_id: envelope.streamId,
    stream_version: envelope.streamVersion,
    global_position: envelope.globalPosition,
    actor: envelope.actor ?? null,
    data: timelineDataOf(envelope.type, envelope.data),
  };
}
