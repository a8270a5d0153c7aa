import { mkdirSync } from 'node:fs';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import type { SqlDriver, SqlExecutor } from '../sql';

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) in this process, file-backed. One connection:
 * transactions are serialised by PGlite itself.
 */
export class PgliteDriver implements SqlDriver {
  readonly kind = 'pglite' as const;

  private constructor(readonly db: PGliteType) {}

  /** dataDir: a folder to persist to, or undefined for memory only. */
  static async open(dataDir?: string): Promise<PgliteDriver> {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = new PGlite(dataDir);
    await db.waitReady;
    return new PgliteDriver(db);
  }

  query<R = any>(text: string, params?: unknown[]) {
    return this.db.query<R>(text, params as any[]);
  }

  async exec(sql: string) {
    await this.db.exec(sql);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      fn({
        query: (text, params) => t.query(text, params as any[]) as any,
        exec: async (sql) => {
          await t.exec(sql);
        },
      }),
    );
  }

  async close() {
    await this.db.close();
  }
}
