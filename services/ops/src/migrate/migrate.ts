/** The work of `onedoor migrate`, loaded when the command runs. */
import { configurationProblems, migrateSchema, migrationsOf, type SchemaMigrationResult } from '@onedoor/service-kit';
import type { SqlDriver } from '@onedoor/event-store';

export { configurationProblems };

/**
 * Applies (or, with dryRun, lists) the pending migrations of one service's schema: the migrations
 * every service takes and, for intake, its own tables.
 */
export async function migrateService(driver: SqlDriver, service: string, dryRun: boolean): Promise<SchemaMigrationResult> {
  const own = service === 'intake' ? (await import('@onedoor/intake')).intakeMigrations : [];
  return migrateSchema(driver, service.replace(/-/g, '_'), migrationsOf(own), dryRun);
}
