import { migrate, pendingMigrations, quoteSchema, storeMigrations, type Migration, type SqlDriver } from '@onedoor/event-store';
import { ConfigurationError } from '../config/environment';
import { idempotencyMigrations } from '../http/idempotency';
import { readLogMigrations } from './read-log';

/**
 * The migrations every service's schema takes, in their version ranges: the event store (1–99),
 * the read log (101–199) and the stored Idempotency-Key responses (201–299). A service adds its
 * own from 301 on (intake: its read model and personal data tables).
 */
export const serviceMigrations: readonly Migration[] = [...storeMigrations, ...readLogMigrations, ...idempotencyMigrations];

/** A service's complete list: serviceMigrations followed by the service's own. */
export function migrationsOf(own: readonly Migration[] = []): Migration[] {
  return [...serviceMigrations, ...own];
}

/**
 * Whether a service applies its migrations when it starts: `ONEDOOR_MIGRATE_ON_START`, default
 * true. With false (Kubernetes: a Job runs `onedoor migrate` first), a service waits at start
 * until its schema holds every migration it needs.
 * @throws ConfigurationError for a value other than true/false (1/0).
 */
export function migrateOnStart(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.ONEDOOR_MIGRATE_ON_START?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigurationError(`ONEDOOR_MIGRATE_ON_START must be true or false, got "${env.ONEDOOR_MIGRATE_ON_START}"`);
}

/** What `migrate` did, or (dry run) would do, to one schema. */
export interface SchemaMigrationResult {
  schema: string;
  /** Versions and names applied (or pending, in a dry run), in order. */
  migrations: { version: number; name: string }[];
}

/**
 * Applies (or, with dryRun, only lists) the migrations of one schema that its ledger does not
 * record yet. See `migrate` in @onedoor/event-store: one transaction under the schema's advisory lock.
 */
export async function migrateSchema(driver: SqlDriver, schema: string, migrations: readonly Migration[], dryRun = false): Promise<SchemaMigrationResult> {
  quoteSchema(schema);
  const list = dryRun ? await pendingMigrations(driver, schema, migrations) : await migrate(driver, schema, migrations);
  return { schema, migrations: list.map((m) => ({ version: m.version, name: m.name })) };
}

/**
 * Waits until the schema's ledger records every migration of the list (another process — the
 * migration Job — applies them), checking every `intervalMs`; `onWait` is told once what is missing.
 * Gives up with an Error after `timeoutMs`.
 */
export async function awaitMigrations(
  driver: SqlDriver,
  schema: string,
  migrations: readonly Migration[],
  options: { intervalMs?: number; timeoutMs?: number; onWait?: (pending: Migration[]) => void } = {},
): Promise<void> {
  const { intervalMs = 2000, timeoutMs = 10 * 60_000, onWait } = options;
  const until = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const pending = await pendingMigrations(driver, schema, migrations);
    if (pending.length === 0) return;
    if (!told) {
      told = true;
      onWait?.(pending);
    }
    if (Date.now() >= until) {
      throw new Error(`schema ${schema} still lacks migration(s) ${pending.map((m) => m.version).join(', ')}: run \`onedoor migrate\` (ONEDOOR_MIGRATE_ON_START=false)`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
