import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Envelope } from '@onedoor/contracts';
import { quoteSchema, type EventStore } from '@onedoor/event-store';
import { toEnvelope } from '@onedoor/messaging';
import { chinaDateOf } from '@onedoor/policy';
import { causedBy, execute, ReadLog, readerOf, type Principal, type ReadEntry, type ServiceRuntime } from '@onedoor/service-kit';
import { applicationDecider, applicationStreamId, departmentFactOf, type DepartmentFact } from '../domain';
import { dossierView, emptyDossier, evolveDossier, type Dossier } from '../read-model/dossier';
import { applicationIdOf, dossierRow, foldDossierRecord, timelineRow } from '../read-model/dossier-projection';
import { timelineDataOf } from '../read-model/timeline';
import { DossierTables } from './dossier.tables';
import { migrateIntakeTables } from './intake.migrations';
import { INTAKE, INTAKE_RUNTIME } from './intake.spec';
import { DossierUpdates } from './dossier.updates';

/** Intake's own tables in the store's schema (see intakeMigrations): applied each once. */
export const dossierMigration = async (store: EventStore) => {
  await migrateIntakeTables(store.driver, store.schema);
};

/**
 * Whose data a dossier is, for the read log: its person and household references (pseudonyms)
 * and the jurisdictions it is handled and registered in.
 */
export function subjectOf(d: Dossier): { applicationId: string; refs: string[]; scope: string[] } {
  return {
    applicationId: d.applicationId,
    refs: [d.applicantRef, d.householdRef].filter((r): r is string => !!r),
    scope: [d.jurisdiction, d.registeredJurisdiction].filter((j): j is string => !!j),
  };
}

/**
 * The dossier read model and the cross-service timeline. Applying an event is idempotent by
 * (application, eventId): the timeline row is the guard, so the same event arriving through
 * Kafka after being applied at submission changes nothing. The departments' outcomes are also
 * recorded on the application (intake's write model), which decides when it is settled and how.
 */
@Injectable()
export class DossierStore {
  private readonly log = new Logger('dossier');

  constructor(
    @Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly updates: DossierUpdates,
  ) {}

  private get s() {
    return quoteSchema(this.runtime.store.schema);
  }

  async apply(store: EventStore, service: string, envelope: Envelope<any>): Promise<Dossier | undefined> {
    const applicationId = applicationIdOf(envelope);
    return applicationId ? (await this.applyAll(store, [{ service, envelope }])).get(applicationId) : undefined;
  }

  /**
   * Applies events in order with one statement per table: the timeline rows guard against events
   * applied before, the dossiers concerned are locked (in id order, so concurrent batches cannot
   * deadlock on them), folded in memory and written back. The departments' facts among them go to
   * the application's stream (one command per application), and an ApplicationSettled that
   * records is folded into the dossier in the same transaction. Returns the dossiers that changed.
   */
  async applyAll(store: EventStore, all: { service: string; envelope: Envelope<any> }[]): Promise<Map<string, Dossier>> {
    // Intake's private events (HouseholdAssessed, DepartmentOutcomeRecorded) never reach the timeline.
    const candidates = all.filter(({ service, envelope }) => service !== 'intake' || INTAKE.publicTypes.includes(envelope.type));
    // Only applications intake accepted have a dossier: an event naming any other (forged onto a
    // topic, or from another deployment) is left out and logged.
    const known = await this.acceptedApplications(store, candidates.map(({ envelope }) => applicationIdOf(envelope)));
    const events = candidates.filter(({ envelope, service }) => {
      const id = applicationIdOf(envelope);
      if (!id || known.has(id)) return true;
      this.log.warn(`${service} event ${envelope.type} ${envelope.eventId} names application ${id}, which intake never accepted: ignored`);
      return false;
    });
    const rows = [];
    for (const { service, envelope } of events) {
      const applicationId = applicationIdOf(envelope);
      if (applicationId) rows.push(timelineRow(service, applicationId, envelope));
    }
    const changed = new Map<string, Dossier>();
    if (rows.length === 0) return changed;
    const tables = new DossierTables(store.sql, this.runtime.store.schema);
    const inserted = await tables.insertTimeline(rows);
    if (inserted.size === 0) return changed;
    const fresh = events.filter(({ envelope }) => inserted.delete(`${applicationIdOf(envelope)}|${envelope.eventId}`));
    const ids = [...new Set(fresh.map(({ envelope }) => applicationIdOf(envelope)!))].sort();
    const records = await tables.lockRecords(ids);
    const facts = new Map<string, { facts: DepartmentFact[]; cause: Envelope }>();
    for (const { envelope } of fresh) {
      const applicationId = applicationIdOf(envelope)!;
      records.set(applicationId, foldDossierRecord(records.get(applicationId), applicationId, envelope)); // fresh from the query: changed in place
      const fact = departmentFactOf(envelope);
      if (fact) {
        const known = facts.get(applicationId) ?? { facts: [] as DepartmentFact[], cause: envelope };
        known.facts.push(fact);
        known.cause = envelope;
        facts.set(applicationId, known);
      }
    }
    await tables.upsertDossiers(ids.map((id) => dossierRow(records.get(id)!)));
    for (const id of ids) changed.set(id, records.get(id)!.dossier);
    store.afterCommit(() => changed.forEach((d) => this.updates.publish(dossierView(d))));
    for (const [id, { facts: list, cause }] of facts) {
      const settled = await this.recordDepartmentOutcomes(store, id, list, cause, records.get(id)!.dossier.jurisdiction);
      if (settled.length) (await this.applyAll(store, settled)).forEach((d, applicationId) => changed.set(applicationId, d));
    }
    return changed;
  }

  /** The ids among `ids` whose application stream exists in intake's store (one query). */
  private async acceptedApplications(store: EventStore, ids: (string | undefined)[]): Promise<Set<string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Set();
    const { rows } = await store.sql.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM ${quoteSchema(store.schema)}.events WHERE stream_id = ANY($1::text[])`,
      [wanted.map(applicationStreamId)],
    );
    const streams = new Set(rows.map((r) => r.stream_id));
    return new Set(wanted.filter((id) => streams.has(applicationStreamId(id))));
  }

  /**
   * Records the departments' facts on the application; the decider settles it (granted or
   * refused) once they are final. Returns the public events that recorded, as intake envelopes.
   */
  private async recordDepartmentOutcomes(store: EventStore, applicationId: string, facts: DepartmentFact[], cause: Envelope, jurisdiction: string | null) {
    const streamId = applicationStreamId(applicationId);
    try {
      const { events, state, version } = await execute(
        store,
        streamId,
        applicationDecider,
        { type: 'RecordDepartmentOutcomes', data: { applicationId, facts, now: new Date().toISOString() } },
        {
          metadata: causedBy('intake', cause, jurisdiction),
          commandId: `department-outcomes:${applicationId}:${facts.map((f) => f.sourceEventId).join(',')}`,
        },
      );
      if (!events.some((e) => INTAKE.publicTypes.includes(e.type))) return [];
      if (state.status === 'settled' && events.some((e) => e.type === 'ApplicationSettled')) this.observeSettlement(store, state);
      const recorded = await store.readStream(streamId, { from: version - events.length + 1 });
      return recorded.filter((e) => INTAKE.publicTypes.includes(e.type)).map((e) => ({ service: 'intake', envelope: toEnvelope(e) }));
    } catch (e) {
      if (typeof (e as { rule?: unknown }).rule !== 'string') throw e;
      this.log.warn(`department outcomes of application ${applicationId} not recorded: ${(e as Error).message}`);
      return [];
    }
  }

  /**
   * Observes the seconds from submission to settlement once the settlement has committed: once per
   * application, as ApplicationSettled is recorded once (a redelivered fact records nothing).
   */
  private observeSettlement(store: EventStore, state: { submittedAt: string; settledAt: string; outcome: string }) {
    const seconds = (Date.parse(state.settledAt) - Date.parse(state.submittedAt)) / 1000;
    if (!Number.isFinite(seconds)) return;
    const histogram = this.runtime.metrics.submitToSettled;
    store.afterCommit(() => histogram.observe({ outcome: state.outcome }, Math.max(0, seconds)));
  }

  async get(applicationId: string): Promise<{ dossier: Dossier; submittedBy: string | null } | undefined> {
    const { rows } = await this.runtime.store.sql.query<{ doc: Dossier; submitted_by: string | null }>(
      `SELECT doc, submitted_by FROM ${this.s}.dossiers WHERE application_id = $1`,
      [applicationId],
    );
    return rows[0] && { dossier: rows[0].doc, submittedBy: rows[0].submitted_by };
  }

  /** The dossier folded from the timeline's events that had occurred by `at`. */
  async asOf(applicationId: string, at: Date): Promise<Dossier | undefined> {
    const { rows } = await this.runtime.store.sql.query<{ event_id: string; type: string; occurred_at: Date; stream_id: string; stream_version: number; global_position: string; actor: any; data: any }>(
      `SELECT event_id, type, occurred_at, stream_id, stream_version, global_position::text AS global_position, actor, data
       FROM ${this.s}.timeline WHERE application_id = $1 AND occurred_at <= $2 ORDER BY occurred_at, global_position`,
      [applicationId, at.toISOString()],
    );
    if (rows.length === 0) return undefined;
    return rows.reduce(
      (d, r) =>
        evolveDossier(d, {
          eventId: r.event_id, type: r.type, schemaVersion: 1, streamId: r.stream_id, streamVersion: r.stream_version,
          globalPosition: r.global_position, occurredAt: new Date(r.occurred_at).toISOString(), correlationId: applicationId,
          causationId: null, actor: r.actor, jurisdiction: null, data: r.data,
        }),
      emptyDossier(applicationId),
    );
  }

  async timeline(applicationId: string) {
    const { rows } = await this.runtime.store.sql.query(
      `SELECT service, type, event_id AS "eventId", occurred_at AS "occurredAt", stream_id AS "streamId",
         stream_version AS "streamVersion", actor, data
       FROM ${this.s}.timeline WHERE application_id = $1 ORDER BY occurred_at, service, stream_version`,
      [applicationId],
    );
    // Rows stored before the projection was applied on writing are projected on reading.
    return rows.map((r) => ({ ...r, data: timelineDataOf(r.type, r.data) }));
  }

  /** department: only dossiers with a case of that department (routed or referred to it). */
  async search(filter: { status?: string; jurisdictionPrefix: string; overdue?: boolean; department?: string; limit: number; offset: number }) {
    const where = ['jurisdiction LIKE $1'];
    const params: unknown[] = [`${filter.jurisdictionPrefix}%`];
    if (filter.department !== undefined) {
      params.push(JSON.stringify([{ department: filter.department }]));
      where.push(`doc->'departments' @> $${params.length}::jsonb`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.overdue !== undefined) {
      params.push(chinaDateOf(new Date()));
      where.push(filter.overdue ? `next_due_by < $${params.length}` : `(next_due_by IS NULL OR next_due_by >= $${params.length})`);
    }
    params.push(filter.limit, filter.offset);
    const { rows } = await this.runtime.store.sql.query<{ doc: Dossier; total: string }>(
      `SELECT doc, count(*) OVER () AS total FROM ${this.s}.dossiers WHERE ${where.join(' AND ')}
       ORDER BY updated_at DESC, application_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((r) => dossierView(r.doc)),
      /** Whose data the page carries, for the read log: not part of the answer. */
      subjects: rows.map((r) => subjectOf(r.doc)),
    };
  }

  async overdue(now: string) {
    const { rows } = await this.runtime.store.sql.query<{ doc: Dossier }>(
      `SELECT doc FROM ${this.s}.dossiers WHERE next_due_by < $1 AND status IN ('received', 'in_progress') LIMIT 500`,
      [now],
    );
    return rows.map((r) => r.doc);
  }

  async sealPersonalData(store: EventStore, applicationId: string, sealed: string) {
    await store.sql.query(
      `INSERT INTO ${this.s}.personal_data (application_id, sealed) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [applicationId, sealed],
    );
  }

  /**
   * The store's read log (intake's schema), where every read of the personal data intake holds is
   * recorded: dossiers, timelines, search pages and the sealed clear data (PIPL art. 45).
   */
  get readLog(): ReadLog {
    return this.runtime.readLog ?? (this.ownReadLog ??= new ReadLog(this.runtime.store.driver, this.runtime.store.schema, 'intake'));
  }

  private ownReadLog?: ReadLog;

  /**
   * Records one read in intake's read log (one statement).
   * @throws ProblemError 503 when it cannot be recorded: the caller must not answer with the data.
   */
  recordRead(entry: ReadEntry) {
    return this.readLog.record(entry);
  }

  /**
   * The sealed clear data of an application, after recording the read (resource `personal-data`)
   * in the read log: no clear personal data leaves the store unrecorded (PIPL art. 45).
   * @throws ProblemError 503 when the read cannot be recorded (nothing is read then).
   */
  async readPersonalData(applicationId: string, reader: Principal, purpose: string): Promise<string | undefined> {
    const found = await this.get(applicationId);
    const subject = found ? subjectOf(found.dossier) : { refs: [], scope: [reader.jurisdiction] };
    await this.recordRead({
      reader: readerOf(reader),
      purpose,
      resource: 'personal-data',
      resourceId: applicationId,
      fields: ['sealed clear data'],
      applicationIds: [applicationId],
      subjectRefs: subject.refs,
      scope: subject.scope.length ? subject.scope : [reader.jurisdiction],
    });
    const { rows } = await this.runtime.store.sql.query<{ sealed: string }>(
      `SELECT sealed FROM ${this.s}.personal_data WHERE application_id = $1`,
      [applicationId],
    );
    return rows[0]?.sealed;
  }
}
