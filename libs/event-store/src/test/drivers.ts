import { PgliteDriver } from '../drivers/pglite';
import { PostgresDriver } from '../drivers/postgres';
import { EventStore, type EventStoreOptions } from '../event-store';
import type { SqlDriver } from '../sql';

export type DriverKind = 'postgres' | 'pglite';
export const DRIVER_KINDS: DriverKind[] = ['postgres', 'pglite'];

let counter = 0;
/** A migrated store in a schema of its own (PostgreSQL) or a fresh in-memory PGlite. */
export async function openTestStore(
  kind: DriverKind,
  options: Partial<EventStoreOptions> = {},
): Promise<{ store: EventStore; driver: SqlDriver }> {
  const driver: SqlDriver =
    kind === 'postgres'
      ? new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 24 })
      : await PgliteDriver.open();
  const schema = `es_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const store = new EventStore(driver, { schema, ...options });
  await store.migrate();
  return { store, driver };
}
