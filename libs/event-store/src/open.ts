import { join } from 'node:path';
import { PgliteDriver } from './drivers/pglite';
import { PostgresDriver } from './drivers/postgres';
import type { SqlDriver } from './sql';

/**
 * DATABASE_URL set → PostgreSQL; otherwise embedded PGlite under dataDir (default ./data/pglite),
 * or in memory when dataDir is ':memory:'.
 */
export async function openDriver(options: { databaseUrl?: string; dataDir?: string; poolSize?: number } = {}): Promise<SqlDriver> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (url) return new PostgresDriver({ connectionString: url, max: options.poolSize ?? 20 });
  const dir = options.dataDir ?? process.env.ONEDOOR_DATA_DIR ?? join(process.cwd(), 'data', 'pglite');
  return PgliteDriver.open(dir === ':memory:' ? undefined : dir);
}
