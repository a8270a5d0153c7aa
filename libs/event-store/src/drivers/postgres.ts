import { createHash } from 'node:crypto';
import { Pool, type PoolConfig, type QueryConfig } from 'pg';
import type { SqlDriver, SqlExecutor } from '../sql';

/**
 * Statements with parameters run as named prepared statements: PostgreSQL parses and plans each
 * once per connection instead of on every call, which is most of the server's work for the short
 * statements of appends, inboxes and projections. Only the first few hundred distinct texts are
 * named (each stays prepared on every connection of the pool); others run unnamed as before.
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();

function statement(text: string, params?: unknown[]): QueryConfig | string {
  if (!params || params.length === 0) return text;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED && text.length <= 4000) {
    name = `od_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name ? { name, text, values: params as any[] } : { text, values: params as any[] };
}

/** PostgreSQL over a pg connection pool. */
export class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres' as const;
  readonly pool: Pool;

  constructor(config: string | PoolConfig) {
    this.pool = new Pool(typeof config === 'string' ? { connectionString: config, max: 20 } : config);
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  query<R = any>(text: string, params?: unknown[]) {
    return this.pool.query(statement(text, params) as QueryConfig) as unknown as Promise<{ rows: R[] }>;
  }

  async exec(sql: string) {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        query: (text, params) => client.query(statement(text, params) as QueryConfig) as any,
        exec: async (sql) => {
          await client.query(sql);
        },
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close() {
    await this.pool.end();
  }
}
