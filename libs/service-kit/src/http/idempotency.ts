import { createHash } from 'node:crypto';
import { canonicalJson, quoteSchema, type EventStore } from '@onedoor/event-store';
import { ProblemError } from './problem';

export const idempotencyMigration = async (store: EventStore) => {
  await store.sql.exec(`CREATE TABLE IF NOT EXISTS ${quoteSchema(store.schema)}.idempotency (
    scope text NOT NULL, key text NOT NULL, request_hash text NOT NULL, status integer NOT NULL,
    body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, key))`);
};

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Idempotency-Key: the same key and body give the same response, once; the same key with another
 * body is refused. The operation itself must be idempotent too (ids derived from the key), so
 * two racing first requests still produce one effect.
 */
export async function idempotent<T>(
  store: EventStore,
  scope: string,
  key: string | undefined,
  request: unknown,
  run: () => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (key === undefined) return { ...(await run()), replayed: false };
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw ProblemError.badRequest('Idempotency-Key must be 1–200 visible ASCII characters');
  const hash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  const table = `${quoteSchema(store.schema)}.idempotency`;
  const found = await store.sql.query<{ request_hash: string; status: number; body: T }>(
    `SELECT request_hash, status, body FROM ${table} WHERE scope = $1 AND key = $2`,
    [scope, key],
  );
  const previous = found.rows[0];
  if (previous) {
    if (previous.request_hash !== hash) {
      throw ProblemError.unprocessable('this Idempotency-Key was already used with a different request body');
    }
    return { status: previous.status, body: previous.body, replayed: true };
  }
  const result = await run();
  await store.sql.query(
    `INSERT INTO ${table} (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [scope, key, hash, result.status, JSON.stringify(result.body)],
  );
  return { ...result, replayed: false };
}
