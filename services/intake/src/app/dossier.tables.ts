import { quoteSchema, type SqlExecutor } from '@onedoor/event-store';
import type { DossierRecord, DossierRow, TimelineRow } from '../read-model/dossier-projection';

/** The dossier and timeline tables of a schema (the live `intake`, or a rebuild's shadow), with their indexes. */
export function dossierTablesSql(schema: string): string {
  return `${dossierTablesOnlySql(schema)}\n${dossierIndexesSql(schema)}`;
}

/** The tables with their primary keys only: a bulk load then builds the other indexes once, at the end. */
export function dossierTablesOnlySql(schema: string): string {
  return dossierTablesDdl(quoteSchema(schema));
}

/** The secondary indexes of the dossiers table (search by jurisdiction, by status). */
export function dossierIndexesSql(schema: string): string {
  return dossierIndexesDdl(quoteSchema(schema));
}

/** dossierTablesOnlySql for a schema name already quoted (`s`), as migrations receive it. */
export function dossierTablesDdl(s: string): string {
  return `
    CREATE TABLE IF NOT EXISTS ${s}.dossiers (
      application_id text PRIMARY KEY,
      jurisdiction text, registered_jurisdiction text, status text NOT NULL, submitted_by text,
      next_due_by text, doc jsonb NOT NULL, version integer NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE IF NOT EXISTS ${s}.timeline (
      application_id text NOT NULL, event_id text NOT NULL, service text NOT NULL, type text NOT NULL,
      occurred_at timestamptz NOT NULL, stream_id text NOT NULL, stream_version integer NOT NULL,
      global_position bigint NOT NULL, actor jsonb, data jsonb NOT NULL,
      PRIMARY KEY (application_id, event_id));`;
}

/** dossierIndexesSql for a schema name already quoted (`s`). */
export function dossierIndexesDdl(s: string): string {
  return `
    CREATE INDEX IF NOT EXISTS dossiers_jurisdiction ON ${s}.dossiers (jurisdiction text_pattern_ops);
    CREATE INDEX IF NOT EXISTS dossiers_status ON ${s}.dossiers (status, updated_at);`;
}

// Rows travel as one JSON array, expanded by json_to_recordset: with the documents typed json
// there and cast to jsonb once, this is the cheapest bulk path measured (PostgreSQL parses each
// document once; array literals of unnest(...) cost twice as much to build and to parse).
const TIMELINE_INSERT = (s: string) => `INSERT INTO ${s}.timeline (application_id, event_id, service, type, occurred_at, stream_id,
    stream_version, global_position, actor, data)
  SELECT r.application_id, r.event_id, r.service, r.type, r.occurred_at, r.stream_id, r.stream_version, r.global_position,
    r.actor::jsonb, r.data::jsonb
  FROM json_to_recordset($1::json) AS r(application_id text, event_id text, service text, type text, occurred_at timestamptz,
    stream_id text, stream_version integer, global_position bigint, actor json, data json)
  ON CONFLICT DO NOTHING`;

const DOSSIER_UPSERT = (s: string) => `INSERT INTO ${s}.dossiers (application_id, jurisdiction, registered_jurisdiction, status,
    submitted_by, next_due_by, doc, version, updated_at)
  SELECT r.application_id, r.jurisdiction, r.registered_jurisdiction, r.status, r.submitted_by, r.next_due_by, r.doc::jsonb,
    r.version, r.updated_at
  FROM json_to_recordset($1::json) AS r(application_id text, jurisdiction text, registered_jurisdiction text, status text,
    submitted_by text, next_due_by text, doc json, version integer, updated_at timestamptz)
  ON CONFLICT (application_id) DO UPDATE SET jurisdiction = EXCLUDED.jurisdiction,
    registered_jurisdiction = EXCLUDED.registered_jurisdiction, status = EXCLUDED.status, submitted_by = EXCLUDED.submitted_by,
    next_due_by = EXCLUDED.next_due_by, doc = EXCLUDED.doc, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`;

/**
 * The statement parameter of dossier rows, serialised here — so the rows may change right after
 * without affecting the write (a rebuild keeps folding while it writes).
 */
export function dossierParams(rows: readonly DossierRow[]): unknown[] {
  return [JSON.stringify(rows)];
}

/** The statement parameter of timeline rows (see dossierParams). */
export function timelineParams(rows: readonly TimelineRow[]): unknown[] {
  return [JSON.stringify(rows)];
}

/**
 * Reads and writes of the two tables, in sets: one statement writes any number of rows (one
 * JSON array), so the live projection's single event and a rebuild's batch of
 * thousands take the same path.
 */
export class DossierTables {
  private readonly s: string;

  constructor(
    private readonly sql: SqlExecutor,
    readonly schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  async create(): Promise<void> {
    await this.sql.exec(dossierTablesSql(this.schema));
  }

  /**
   * Inserts timeline rows, skipping (application, event) pairs already there: the guard that makes
   * applying an event idempotent. Returns the rows that were new, as `${applicationId}|${eventId}`.
   */
  async insertTimeline(rows: readonly TimelineRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const { rows: inserted } = await this.sql.query<{ application_id: string; event_id: string }>(
      `${TIMELINE_INSERT(this.s)} RETURNING application_id, event_id`,
      timelineParams(rows),
    );
    return new Set(inserted.map((r) => `${r.application_id}|${r.event_id}`));
  }

  /** insertTimeline from timelineParams, when the caller needs no answer. */
  async insertTimelineParams(params: unknown[]): Promise<void> {
    await this.sql.query(TIMELINE_INSERT(this.s), params);
  }

  /** The current records of these applications, locked for update until the transaction ends (in id order). */
  async lockRecords(applicationIds: string[]): Promise<Map<string, DossierRecord>> {
    return this.records(applicationIds, ' ORDER BY application_id COLLATE "C" FOR UPDATE');
  }

  async records(applicationIds: string[], lock = ''): Promise<Map<string, DossierRecord>> {
    const { rows } = await this.sql.query<{ application_id: string; doc: DossierRecord['dossier']; submitted_by: string | null }>(
      `SELECT application_id, doc, submitted_by FROM ${this.s}.dossiers WHERE application_id = ANY($1::text[])${lock}`,
      [applicationIds],
    );
    return new Map(rows.map((r) => [r.application_id, { dossier: r.doc, submittedBy: r.submitted_by }]));
  }

  /** Inserts or replaces dossier rows (at most one row per application in one call). */
  async upsertDossiers(rows: readonly DossierRow[]): Promise<void> {
    if (rows.length > 0) await this.upsertDossierParams(dossierParams(rows));
  }

  /** upsertDossiers from dossierParams. */
  async upsertDossierParams(params: unknown[]): Promise<void> {
    await this.sql.query(DOSSIER_UPSERT(this.s), params);
  }
}
