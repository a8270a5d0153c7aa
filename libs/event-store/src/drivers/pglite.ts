import { mkdirSync } from 'node:fs';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import type { SqlDriver, SqlExecutor } from '../sql';
import { lockDataDir } from './data-dir-lock';

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) in this process, file-backed. One connection:
 * transactions are serialised by PGlite itself. One process at a time: the directory is locked
 * (`onedoor.lock`) while it is open.
 */
export class PgliteDriver implements SqlDriver {
  readonly kind = 'pglite' as const;

  private constructor(
    readonly db: PGliteType,
    private readonly release: () => void,
  ) {}

  /**
   * dataDir: a folder to persist to, or undefined for memory only.
   * @throws DataDirInUseError when another live process has the folder open.
   */
  static async open(dataDir?: string): Promise<PgliteDriver> {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const release = dataDir ? lockDataDir(dataDir) : () => undefined;
    try {
      const db = new PGlite(dataDir);
      await db.waitReady;
      return new PgliteDriver(db, release);
    } catch (e) {
      release();
      if (e instanceof Error) throw e;
      // PGlite's WebAssembly runtime rejects with plain objects (an exit status), not Errors.
      throw new Error(`cannot open the embedded store${dataDir ? ` at ${dataDir}` : ''}: ${JSON.stringify(e) ?? String(e)}`);
    }
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
    try {
      await this.db.close();
    } finally {
      this.release();
    }
  }
}
