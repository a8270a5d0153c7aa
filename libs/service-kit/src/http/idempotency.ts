import { createHash } from 'node:crypto';
import { canonicalJson, migrate, quoteSchema, type EventStore, type Migration, type SqlExecutor } from '@onedoor/event-store';
import { ConfigurationError } from '../config/environment';
import { ProblemError } from './problem';

/** How long a stored response answers a repeated Idempotency-Key when ONEDOOR_IDEMPOTENCY_TTL_HOURS is unset. */
export const DEFAULT_IDEMPOTENCY_TTL_HOURS = 72;

/**
 * The stored responses of Idempotency-Keys, in every service's schema (versions 201–299). The
 * table existed before it was versioned (created at each start), hence IF NOT EXISTS: a store of
 * that time takes the migration without error.
 */
export const idempotencyMigrations: Migration[] = [
  {
    version: 201,
    name: 'idempotency: stored responses of Idempotency-Keys',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.idempotency (
        scope text NOT NULL, key text NOT NULL, request_hash text NOT NULL, status integer NOT NULL,
        body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, key));`,
  },
  {
    version: 202,
    name: 'idempotency: index by age, for the expiry sweep',
    sql: (s) => `CREATE INDEX IF NOT EXISTS idempotency_created_at ON ${s}.idempotency (created_at);`,
  },
];

/** Applies the idempotency migrations to a store's schema (under its migration lock; each once). */
export const idempotencyMigration = async (store: EventStore): Promise<void> => {
  await migrate(store.driver, store.schema, idempotencyMigrations);
};

/**
 * Hours a stored response is kept: `ONEDOOR_IDEMPOTENCY_TTL_HOURS` (a whole number from 1 to
 * 8760), default 72. After that the key may be reused, and is treated as new.
 * @throws ConfigurationError for any other value.
 */
export function idempotencyTtlHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ONEDOOR_IDEMPOTENCY_TTL_HOURS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_IDEMPOTENCY_TTL_HOURS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 8760) throw new ConfigurationError(`ONEDOOR_IDEMPOTENCY_TTL_HOURS must be a whole number of hours from 1 to 8760, got "${raw}"`);
  return n;
}

/** Deletes the stored responses older than `ttlHours`; returns how many. */
export async function sweepIdempotency(sql: SqlExecutor, schema: string, ttlHours = idempotencyTtlHours()): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(
    `WITH gone AS (DELETE FROM ${quoteSchema(schema)}.idempotency WHERE created_at < now() - make_interval(hours => $1) RETURNING 1)
     SELECT count(*)::text AS n FROM gone`,
    [ttlHours],
  );
  return Number(rows[0]?.n ?? 0);
}

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Idempotency-Key: the same key and body give the same response, once; the same key with another
 * body is refused. The operation itself must be idempotent too (ids derived from the key), so
 * two racing first requests still produce one effect. A stored response expires after
 * `ttlHours` (ONEDOOR_IDEMPOTENCY_TTL_HOURS, default 72): the key is then treated as new, and
 * its new response replaces the old one.
 */
export async function idempotent<T>(
  store: EventStore,
  scope: string,
  key: string | undefined,
  request: unknown,
  run: () => Promise<{ status: number; body: T }>,
  ttlHours = idempotencyTtlHours(),
): Promise<StoredResponse<T>> {
  if (key === undefined) return { ...(await run()), replayed: false };
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw ProblemError.badRequest('Idempotency-Key must be 1–200 visible ASCII characters');
  const hash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  const table = `${quoteSchema(store.schema)}.idempotency`;
  const found = await store.sql.query<{ request_hash: string; status: number; body: T }>(
    `SELECT request_hash, status, body FROM ${table}
     WHERE scope = $1 AND key = $2 AND created_at >= now() - make_interval(hours => $3)`,
    [scope, key, ttlHours],
  );
  const previous = found.rows[0];
  if (previous) {
    if (previous.request_hash !== hash) {
      throw ProblemError.unprocessable('this Idempotency-Key was already used with a different request body');
    }
    return { status: previous.status, body: previous.body, replayed: true };
  }
  const result = await run();
  // A row still there but expired (not yet swept) is replaced; a live one (a racing first request) wins.
  await store.sql.query(
    `INSERT INTO ${table} AS i (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status,
       body = EXCLUDED.body, created_at = now()
     WHERE i.created_at < now() - make_interval(hours => $6)`,
    [scope, key, hash, result.status, JSON.stringify(result.body), ttlHours],
  );
  return { ...result, replayed: false };
}
