/**
 * Differences between a live read model and its rebuilt shadow, per application (dossiers) and
 * per event (timeline): missing from live, extra in live, and different — field by field.
 */
import { quoteSchema, type SqlExecutor } from '@onedoor/event-store';
import type { Dossier, DossierRow } from '@onedoor/intake';

export interface FieldDifference {
  field: string;
  live: unknown;
  rebuilt: unknown;
}

export interface DossierDifference {
  applicationId: string;
  /** missing: rebuilt from the events but not in the live table; extra: in the live table only. */
  kind: 'missing' | 'extra' | 'different';
  status?: { live?: string; rebuilt?: string };
  fields?: FieldDifference[];
}

export interface DossierDiff {
  table: 'dossiers';
  live: number;
  rebuilt: number;
  missing: number;
  extra: number;
  different: number;
  /** How often each field differs, over every different dossier. */
  fieldCounts: Record<string, number>;
  /** The first `limit` differences (all when no limit), missing, then extra, then different. */
  differences: DossierDifference[];
  truncated: boolean;
}

export interface TimelineDifference {
  applicationId: string;
  eventId: string;
  kind: 'missing' | 'extra' | 'different';
  type: string;
  service: string;
  fields?: FieldDifference[];
}

export interface TimelineDiff {
  table: 'timeline';
  live: number;
  rebuilt: number;
  missing: number;
  extra: number;
  different: number;
  /** Applications with at least one missing, extra or different timeline row. */
  applications: number;
  differences: TimelineDifference[];
  truncated: boolean;
}

/** A dossier row as compared: every column but the time of the last change. */
type DossierRowOut = Omit<DossierRow, 'updated_at'>;

/**
 * What is compared: the columns and the whole document, except `updatedAt` (the time of the last
 * event applied, which depends on the order events arrived in) and the order of grants.
 */
function comparable(row: DossierRowOut): Record<string, unknown> {
  const { updatedAt: _ignored, departments, ...doc } = row.doc ?? ({} as Dossier);
  return {
    status: row.status,
    version: Number(row.version),
    jurisdiction: row.jurisdiction,
    registeredJurisdiction: row.registered_jurisdiction,
    submittedBy: row.submitted_by,
    nextDueBy: row.next_due_by,
    doc: {
      ...doc,
      departments: Object.fromEntries(
        (departments ?? []).map((e) => [e.department, { ...e, grants: Object.fromEntries((e.grants ?? []).map((g) => [g.grantId, g])) }]),
      ),
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function fieldDifferences(live: unknown, rebuilt: unknown, path = '', out: FieldDifference[] = []): FieldDifference[] {
  if (isObject(live) && isObject(rebuilt)) {
    for (const key of new Set([...Object.keys(live), ...Object.keys(rebuilt)])) {
      fieldDifferences(live[key], rebuilt[key], path ? `${path}.${key}` : key, out);
    }
  } else if (JSON.stringify(live ?? null) !== JSON.stringify(rebuilt ?? null)) {
    out.push({ field: path, live: live ?? null, rebuilt: rebuilt ?? null });
  }
  return out;
}

const PAGE = 2000;

export async function diffDossiers(
  sql: SqlExecutor,
  liveSchema: string,
  shadowSchema: string,
  options: { scope?: readonly string[]; limit?: number } = {},
): Promise<DossierDiff> {
  const live = `${quoteSchema(liveSchema)}.dossiers`;
  const shadow = `${quoteSchema(shadowSchema)}.dossiers`;
  const scoped = (alias: string, n: number) => (options.scope ? ` AND ${alias}.application_id = ANY($${n}::text[])` : '');
  const scopeParam = options.scope ? [options.scope] : [];
  const limit = options.limit ?? Infinity;
  const count = async (query: string) => Number((await sql.query<{ n: string }>(query, scopeParam)).rows[0].n);

  const result: DossierDiff = {
    table: 'dossiers',
    live: await count(`SELECT count(*)::text AS n FROM ${live} l WHERE true${scoped('l', 1)}`),
    rebuilt: await count(`SELECT count(*)::text AS n FROM ${shadow} s WHERE true${scoped('s', 1)}`),
    missing: 0,
    extra: 0,
    different: 0,
    fieldCounts: {},
    differences: [],
    truncated: false,
  };
  const keep = (d: DossierDifference) => {
    if (result.differences.length < limit) result.differences.push(d);
    else result.truncated = true;
  };

  const missingSql = `FROM ${shadow} s WHERE NOT EXISTS (SELECT 1 FROM ${live} l WHERE l.application_id = s.application_id)${scoped('s', 1)}`;
  result.missing = await count(`SELECT count(*)::text AS n ${missingSql}`);
  if (result.missing) {
    const { rows } = await sql.query<{ application_id: string; status: string }>(
      `SELECT s.application_id, s.status ${missingSql} ORDER BY s.application_id${Number.isFinite(limit) ? ` LIMIT ${limit + 1}` : ''}`,
      scopeParam,
    );
    rows.forEach((r) => keep({ applicationId: r.application_id, kind: 'missing', status: { rebuilt: r.status } }));
  }
  const extraSql = `FROM ${live} l WHERE NOT EXISTS (SELECT 1 FROM ${shadow} s WHERE s.application_id = l.application_id)${scoped('l', 1)}`;
  result.extra = await count(`SELECT count(*)::text AS n ${extraSql}`);
  if (result.extra) {
    const { rows } = await sql.query<{ application_id: string; status: string }>(
      `SELECT l.application_id, l.status ${extraSql} ORDER BY l.application_id${Number.isFinite(limit) ? ` LIMIT ${limit + 1}` : ''}`,
      scopeParam,
    );
    rows.forEach((r) => keep({ applicationId: r.application_id, kind: 'extra', status: { live: r.status } }));
  }

  // Candidates by SQL (any column or the document apart from updatedAt differs), confirmed field
  // by field here (grant order is not a difference). Paged by application id.
  const cols = 'application_id, jurisdiction, registered_jurisdiction, status, submitted_by, next_due_by, doc, version';
  for (let after = ''; ; ) {
    const { rows } = await sql.query<{ l: DossierRowOut; s: DossierRowOut }>(
      `SELECT to_jsonb(l) AS l, to_jsonb(s) AS s
       FROM (SELECT ${cols} FROM ${shadow}) s JOIN (SELECT ${cols} FROM ${live}) l USING (application_id)
       WHERE s.application_id > $${scopeParam.length + 1}${scoped('s', 1)}
         AND ((l.status, l.version, l.jurisdiction, l.registered_jurisdiction, l.submitted_by, l.next_due_by)
                IS DISTINCT FROM (s.status, s.version, s.jurisdiction, s.registered_jurisdiction, s.submitted_by, s.next_due_by)
              OR (l.doc - 'updatedAt') IS DISTINCT FROM (s.doc - 'updatedAt'))
       ORDER BY s.application_id LIMIT ${PAGE}`,
      [...scopeParam, after],
    );
    for (const { l, s } of rows) {
      const fields = fieldDifferences(comparable(l), comparable(s));
      if (fields.length === 0) continue;
      result.different++;
      for (const f of fields) result.fieldCounts[f.field] = (result.fieldCounts[f.field] ?? 0) + 1;
      keep({ applicationId: s.application_id, kind: 'different', status: { live: l.status, rebuilt: s.status }, fields });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].s.application_id;
  }
  return result;
}

interface TimelineRowOut {
  application_id: string;
  event_id: string;
  service: string;
  type: string;
  occurred_at: string;
  stream_id: string;
  stream_version: number;
  global_position: number | string;
  actor: unknown;
  data: unknown;
}

export async function diffTimeline(
  sql: SqlExecutor,
  liveSchema: string,
  shadowSchema: string,
  options: { scope?: readonly string[]; limit?: number } = {},
): Promise<TimelineDiff> {
  const live = `${quoteSchema(liveSchema)}.timeline`;
  const shadow = `${quoteSchema(shadowSchema)}.timeline`;
  const scoped = (alias: string) => (options.scope ? ` AND ${alias}.application_id = ANY($1::text[])` : '');
  const params = options.scope ? [options.scope] : [];
  const limit = options.limit ?? Infinity;
  const lim = Number.isFinite(limit) ? ` LIMIT ${limit + 1}` : '';
  const count = async (query: string) => Number((await sql.query<{ n: string }>(query, params)).rows[0].n);
  const same = `l.application_id = s.application_id AND l.event_id = s.event_id`;
  const missingSql = `FROM ${shadow} s WHERE NOT EXISTS (SELECT 1 FROM ${live} l WHERE ${same})${scoped('s')}`;
  const extraSql = `FROM ${live} l WHERE NOT EXISTS (SELECT 1 FROM ${shadow} s WHERE ${same})${scoped('l')}`;
  const differentSql = `FROM ${shadow} s JOIN ${live} l ON ${same}
    WHERE (l.type, l.service, l.occurred_at, l.stream_id, l.stream_version, l.global_position, l.actor, l.data)
      IS DISTINCT FROM (s.type, s.service, s.occurred_at, s.stream_id, s.stream_version, s.global_position, s.actor, s.data)${scoped('s')}`;
  const result: TimelineDiff = {
    table: 'timeline',
    live: await count(`SELECT count(*)::text AS n FROM ${live} l WHERE true${scoped('l')}`),
    rebuilt: await count(`SELECT count(*)::text AS n FROM ${shadow} s WHERE true${scoped('s')}`),
    missing: await count(`SELECT count(*)::text AS n ${missingSql}`),
    extra: await count(`SELECT count(*)::text AS n ${extraSql}`),
    different: await count(`SELECT count(*)::text AS n ${differentSql}`),
    applications: await count(
      `SELECT count(DISTINCT a)::text AS n FROM (SELECT s.application_id AS a ${missingSql} UNION ALL SELECT l.application_id ${extraSql}
         UNION ALL SELECT s.application_id ${differentSql}) x`,
    ),
    differences: [],
    truncated: false,
  };
  const keep = (d: TimelineDifference) => {
    if (result.differences.length < limit) result.differences.push(d);
    else result.truncated = true;
  };
  const pick = 'application_id, event_id, type, service';
  if (result.missing) {
    const { rows } = await sql.query<TimelineRowOut>(`SELECT ${pick.split(', ').map((c) => `s.${c}`).join(', ')} ${missingSql} ORDER BY 1, 2${lim}`, params);
    rows.forEach((r) => keep({ applicationId: r.application_id, eventId: r.event_id, kind: 'missing', type: r.type, service: r.service }));
  }
  if (result.extra) {
    const { rows } = await sql.query<TimelineRowOut>(`SELECT ${pick.split(', ').map((c) => `l.${c}`).join(', ')} ${extraSql} ORDER BY 1, 2${lim}`, params);
    rows.forEach((r) => keep({ applicationId: r.application_id, eventId: r.event_id, kind: 'extra', type: r.type, service: r.service }));
  }
  if (result.different) {
    const { rows } = await sql.query<{ l: TimelineRowOut; s: TimelineRowOut }>(
      `SELECT to_jsonb(l) AS l, to_jsonb(s) AS s ${differentSql} ORDER BY s.application_id, s.event_id${lim}`,
      params,
    );
    for (const { l, s } of rows) {
      const strip = ({ application_id: _a, event_id: _e, ...rest }: TimelineRowOut) => rest;
      keep({ applicationId: s.application_id, eventId: s.event_id, kind: 'different', type: s.type, service: s.service, fields: fieldDifferences(strip(l), strip(s)) });
    }
  }
  return result;
}
