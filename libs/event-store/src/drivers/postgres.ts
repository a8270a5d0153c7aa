import { Pool, type PoolConfig } from 'pg';
import type { SqlDriver, SqlExecutor } from '../sql';

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
    return this.pool.query(text, params as any[]) as unknown as Promise<{ rows: R[] }>;
  }

  async exec(sql: string) {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        query: (text, params) => client.query(text, params as any[]) as any,
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
