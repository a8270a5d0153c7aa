/**
 * Crypto-shredding (envelope encryption). Each data subject (a person, known by personRef) has a
 * random AES-256 key of their own; their clear personal data is sealed under it, and the key is
 * kept only wrapped by the deployment data key (with its id) in `subject_keys`. Erasing a person
 * deletes that one row: every value sealed under their key — in any application, in any copy of
 * the personal_data table — can no longer be opened, while the events (amounts, decisions, hash
 * chains), which hold only pseudonymous references, stay as they are (PIPL art. 47: deletion; the
 * relief record itself is append-only).
 */
import { randomBytes } from 'node:crypto';
import { quoteSchema, type SqlDriver, type SqlExecutor } from '@onedoor/event-store';
import { migrateIntakeTables } from './intake.migrations';
import { addCalendarDays, chinaDateOf } from '@onedoor/policy';
import { seal, unseal, type PersonalData } from './personal-data';

/** Format of a part sealed under a subject key: `s1.<personRef>.<subjectKeyId>.iv.tag.body`. */
const PART = 's1';
/** Format of the personal data of one application: JSON `{ v: 'b1', parts: [...] }`. */
const BUNDLE = 'b1';

/** What stands in place of a person's data once their key is destroyed. */
export interface ErasedMarker {
  erased: true;
  personRef: string;
}
export const erasedMarker = (personRef: string): ErasedMarker => ({ erased: true, personRef });
export const isErasedMarker = (v: unknown): v is ErasedMarker => !!v && typeof v === 'object' && (v as ErasedMarker).erased === true;

/** One piece of an application's personal data: where it goes, whose it is, and the sealed value. */
export interface SealedPart {
  at: (string | number)[];
  ref: string;
  s: string;
}

/**
 * The tables of subject keys and erasure records (with the rest of intake's tables): applies
 * intake's migrations to the schema, each once.
 */
export const subjectKeysMigration = async (sql: SqlDriver, schema: string) => {
  await migrateIntakeTables(sql, schema);
};

/** A data subject's key, unwrapped: its id (named in every part sealed under it) and its 32 bytes. */
export interface SubjectKey {
  keyId: string;
  key: Buffer;
}

const wrapContext = (personRef: string, keyId: string) => `subject|${personRef}|${keyId}`;

/**
 * The keys of these subjects, unwrapped. With `create`, subjects without one get a fresh random
 * key (wrapped under the current deployment key) — inside the caller's transaction, so a
 * submission and its keys commit together. A row another transaction inserted first wins.
 * Throws when a wrapped key names a deployment key that is not configured.
 */
export async function subjectKeysOf(
  sql: SqlExecutor,
  schema: string,
  personal: PersonalData,
  personRefs: readonly string[],
  create?: { jurisdiction: string | null },
): Promise<Map<string, SubjectKey>> {
  const refs = [...new Set(personRefs)].sort();
  const s = quoteSchema(schema);
  if (create && refs.length) {
    const rows = refs.map((ref) => {
      const keyId = randomBytes(6).toString('base64url');
      return { person_ref: ref, key_id: keyId, kid: personal.currentKeyId, wrapped: personal.wrap(randomBytes(32), wrapContext(ref, keyId)), jurisdiction: create.jurisdiction };
    });
    await sql.query(
      `INSERT INTO ${s}.subject_keys (person_ref, key_id, kid, wrapped, jurisdiction)
       SELECT r.person_ref, r.key_id, r.kid, r.wrapped, r.jurisdiction
       FROM json_to_recordset($1::json) AS r(person_ref text, key_id text, kid text, wrapped text, jurisdiction text)
       ON CONFLICT (person_ref) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
  if (refs.length === 0) return new Map();
  const { rows } = await sql.query<{ person_ref: string; key_id: string; wrapped: string }>(
    `SELECT person_ref, key_id, wrapped FROM ${s}.subject_keys WHERE person_ref = ANY($1::text[])`,
    [refs],
  );
  return new Map(rows.map((r) => [r.person_ref, { keyId: r.key_id, key: personal.decryptBytes(r.wrapped, wrapContext(r.person_ref, r.key_id)) }]));
}

/** The clear personal data intake keeps of one application (the request's applicant, household and medical parts). */
export interface ApplicationPersonalData {
  applicant: { idNumber: string; name?: string; phone?: string };
  household: { members: { idNumber: string; name?: string }[] };
  medical?: { patientIdNumber: string };
}

/**
 * Splits an application's personal data by data subject: the applicant's details and the
 * household's shared facts (assets, registration) are the applicant's, each member's entry is that
 * member's, the medical part is the patient's. Returns each piece with its personRef.
 */
export function partsOf(personal: PersonalData, value: ApplicationPersonalData): { at: (string | number)[]; ref: string; value: unknown }[] {
  const applicantRef = personal.personRef(value.applicant.idNumber);
  const { members, ...shared } = value.household;
  const parts: { at: (string | number)[]; ref: string; value: unknown }[] = [
    { at: ['applicant'], ref: applicantRef, value: value.applicant },
    { at: ['household'], ref: applicantRef, value: shared },
    ...members.map((m, i) => ({ at: ['household', 'members', i], ref: personal.personRef(m.idNumber), value: m })),
  ];
  if (value.medical) parts.push({ at: ['medical'], ref: personal.personRef(value.medical.patientIdNumber), value: value.medical });
  return parts;
}

/** The personRefs whose data an application's personal data holds. */
export const sealedRefsOf = (personal: PersonalData, value: ApplicationPersonalData): string[] => [...new Set(partsOf(personal, value).map((p) => p.ref))];

/** Seals one subject's value under their key: `s1.<personRef>.<subjectKeyId>.iv.tag.body`, the prefix bound as AAD. */
export const sealPart = (ref: string, k: SubjectKey, value: unknown) =>
  `${PART}.${ref}.${k.keyId}.${seal(k.key, Buffer.from(JSON.stringify(value), 'utf8'), `${PART}.${ref}.${k.keyId}`)}`;

/**
 * Opens a part sealed by `sealPart` for `ref` with the subject keys at hand. Returns `{ erased: true }`
 * when the subject's key is gone or is a newer one (erased since); throws when the part is
 * malformed, names another subject, or does not open under the key it names.
 */
export function openPart(keys: ReadonlyMap<string, SubjectKey>, ref: string, sealed: string): { erased: true } | { erased: false; value: unknown } {
  const [format, partRef, keyId, ...rest] = sealed.split('.');
  if (format !== PART || partRef !== ref) throw new Error('malformed sealed part');
  const key = keys.get(ref);
  if (!key || key.keyId !== keyId) return { erased: true };
  return { erased: false, value: JSON.parse(unseal(key.key, rest.join('.'), `${PART}.${ref}.${keyId}`).toString('utf8')) };
}

/**
 * Seals an application's personal data, each subject's part under that subject's key (created
 * when missing, in the caller's transaction). Returns the text stored in personal_data.sealed.
 */
export async function sealApplicationData(
  sql: SqlExecutor,
  schema: string,
  personal: PersonalData,
  value: ApplicationPersonalData,
  jurisdiction: string | null,
  /** Subjects erased since this data was given: their parts are sealed under a key nobody keeps. */
  shredded: ReadonlySet<string> = new Set(),
): Promise<string> {
  const parts = partsOf(personal, value);
  const keys = await subjectKeysOf(sql, schema, personal, parts.map((p) => p.ref).filter((r) => !shredded.has(r)), { jurisdiction });
  for (const ref of shredded) keys.set(ref, { keyId: 'shredded', key: randomBytes(32) });
  return JSON.stringify({
    v: BUNDLE,
    parts: parts.map((p): SealedPart => ({ at: p.at, ref: p.ref, s: sealPart(p.ref, keys.get(p.ref)!, p.value) })),
  });
}

/** Whether personal_data.sealed holds per-subject parts (else a value under the deployment key, `v1`/`v2`). */
export const isBundle = (sealed: string) => sealed.startsWith('{');

export function bundlePartsOf(sealed: string): SealedPart[] {
  const doc = JSON.parse(sealed) as { v?: string; parts?: SealedPart[] };
  if (doc.v !== BUNDLE || !Array.isArray(doc.parts)) throw new Error('unknown personal data bundle');
  return doc.parts;
}

/** Puts `value` at the path `at` of `target` (creating objects and arrays on the way); an object merges with the one there. */
export function place(target: Record<string, any>, at: (string | number)[], value: unknown) {
  let node: any = target;
  for (let i = 0; i < at.length - 1; i++) {
    const key = at[i];
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = typeof at[i + 1] === 'number' ? [] : {};
    node = node[key];
  }
  const last = at[at.length - 1];
  node[last] = node[last] && typeof node[last] === 'object' && value && typeof value === 'object' && !Array.isArray(value) ? { ...value, ...node[last] } : value;
}

/**
 * Opens personal_data.sealed: each subject's part with their key, or an ErasedMarker where the key
 * is gone (erased — or replaced by a new key after erasure, which cannot open the old parts).
 * Values sealed whole under the deployment key (`v1`, `v2`) are opened with the key ring.
 * Returns the value and the personRefs whose data is erased. Throws on a malformed value.
 */
export async function openPersonalData<T = ApplicationPersonalData>(
  sql: SqlExecutor,
  schema: string,
  personal: PersonalData,
  sealed: string,
): Promise<{ value: T; erased: string[] }> {
  if (!isBundle(sealed)) return { value: personal.decrypt<T>(sealed), erased: [] };
  const parts = bundlePartsOf(sealed);
  const keys = await subjectKeysOf(sql, schema, personal, parts.map((p) => p.ref));
  const value: Record<string, unknown> = {};
  const erased = new Set<string>();
  for (const p of parts) {
    const [format, ref, keyId, ...rest] = p.s.split('.');
    const key = keys.get(ref);
    if (format !== PART || ref !== p.ref) throw new Error('malformed sealed part');
    if (!key || key.keyId !== keyId) {
      erased.add(ref);
      place(value, p.at, erasedMarker(ref));
      continue;
    }
    place(value, p.at, JSON.parse(unseal(key.key, rest.join('.'), `${PART}.${ref}.${keyId}`).toString('utf8')));
  }
  return { value: value as T, erased: [...erased] };
}

/**
 * Re-wraps one subject key under the current deployment key (rotation). Returns false when it is
 * already under it. Throws when the key it is under is not configured.
 */
export async function rewrapSubjectKey(sql: SqlExecutor, schema: string, personal: PersonalData, row: { person_ref: string; key_id: string; kid: string; wrapped: string }): Promise<boolean> {
  if (row.kid === personal.currentKeyId && row.wrapped.startsWith(`v2.${personal.currentKeyId}.`)) return false;
  const context = wrapContext(row.person_ref, row.key_id);
  const key = personal.decryptBytes(row.wrapped, context);
  await sql.query(`UPDATE ${quoteSchema(schema)}.subject_keys SET kid = $2, wrapped = $3 WHERE person_ref = $1 AND key_id = $4`, [
    row.person_ref, personal.currentKeyId, personal.wrap(key, context), row.key_id,
  ]);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------------------------

/**
 * Record types intake keeps besides the event log, with their default retention in days (PIPL
 * art. 19: no longer than the purpose needs; art. 55–56: records of processing at least 3 years).
 * Each is configurable as `ONEDOOR_RETENTION_<TYPE>_DAYS` (e.g. ONEDOOR_RETENTION_PERSONAL_DATA_DAYS).
 * The event log itself is never deleted: relief payment records are append-only by law.
 */
export const RETENTION_DEFAULTS = {
  /** Sealed clear data of an application: 5 years from submission (the archive period of relief files). */
  personal_data: { table: 'personal_data', key: 'application_id', days: 1825 },
  /** Who read personal data: 3 years (PIPL art. 56 processing records); listed, never deleted row by row (the log is hash-chained). */
  read_log: { table: 'read_log', key: 'seq', days: 1095 },
  /** Stored responses of Idempotency-Keys: 30 days. */
  idempotency: { table: 'idempotency', key: 'key', days: 30 },
  /** Erasure records (who erased whom and on which legal basis): 10 years. */
  subject_erasures: { table: 'subject_erasures', key: 'person_ref', days: 3650 },
} as const;
export type RetentionType = keyof typeof RETENTION_DEFAULTS;

/** Days each record type is kept: the defaults, overridden by `ONEDOOR_RETENTION_<TYPE>_DAYS` (a positive integer; else throws). */
export function retentionDays(env: NodeJS.ProcessEnv = process.env): Record<RetentionType, number> {
  const out = {} as Record<RetentionType, number>;
  for (const [type, d] of Object.entries(RETENTION_DEFAULTS) as [RetentionType, (typeof RETENTION_DEFAULTS)[RetentionType]][]) {
    const name = `ONEDOOR_RETENTION_${type.toUpperCase()}_DAYS`;
    const raw = env[name];
    if (raw !== undefined && !/^[1-9]\d{0,5}$/.test(raw)) throw new Error(`${name} must be a whole number of days (1–999999), got ${raw}`);
    out[type] = raw === undefined ? d.days : Number(raw);
  }
  return out;
}

/**
 * Records past their retention on `now`: created before the start (China time) of the China date
 * `days` before today. Returns up to `limit` per type: `{ type, key, createdAt, keptUntil }`
 * (keptUntil: the last China date it was due to be kept).
 */
export async function recordsPastRetention(sql: SqlExecutor, schema: string, now = new Date(), env: NodeJS.ProcessEnv = process.env, limit = 1000) {
  const days = retentionDays(env);
  const s = quoteSchema(schema);
  const out: { type: RetentionType; key: string; createdAt: string; keptUntil: string }[] = [];
  for (const [type, d] of Object.entries(RETENTION_DEFAULTS) as [RetentionType, (typeof RETENTION_DEFAULTS)[RetentionType]][]) {
    const { rows: exists } = await sql.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [`${s}.${d.table}`]);
    if (!exists[0]?.t) continue;
    const column = d.table === 'read_log' ? 'at' : d.table === 'subject_erasures' ? 'erased_at' : 'created_at';
    const cutoff = `${addCalendarDays(chinaDateOf(now), -days[type])}T00:00:00+08:00`;
    const { rows } = await sql.query<{ key: string; created: Date }>(
      `SELECT ${d.key}::text AS key, ${column} AS created FROM ${s}.${d.table} WHERE ${column} < $1 ORDER BY ${column} LIMIT $2`,
      [cutoff, limit],
    );
    for (const r of rows) {
      const createdAt = new Date(r.created).toISOString();
      out.push({ type, key: r.key, createdAt, keptUntil: addCalendarDays(chinaDateOf(new Date(r.created)), days[type] - 1) });
    }
  }
  return out;
}
