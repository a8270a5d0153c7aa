import { migrate, type Migration, type SqlDriver } from '@onedoor/event-store';
import { dossierIndexesDdl, dossierTablesDdl } from './dossier.tables';

/**
 * Intake's own tables, in its schema's migration ledger after the migrations every service takes
 * (versions 301–399). These tables existed before they were versioned (created at each start),
 * hence IF NOT EXISTS: a store of that time takes the migrations without error and keeps its rows.
 */
export const intakeMigrations: Migration[] = [
  {
    version: 301,
    name: 'intake: dossier and timeline read model, sealed personal data',
    sql: (s) => `${dossierTablesDdl(s)}
      ${dossierIndexesDdl(s)}
      CREATE TABLE IF NOT EXISTS ${s}.personal_data (
        application_id text PRIMARY KEY, sealed text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`,
  },
  {
    version: 302,
    name: 'intake: subject keys and erasure records',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.subject_keys (
        person_ref text PRIMARY KEY, key_id text NOT NULL, kid text NOT NULL, wrapped text NOT NULL,
        jurisdiction text, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS ${s}.subject_erasures (
        person_ref text NOT NULL, event_id text NOT NULL, erased_at timestamptz NOT NULL, erased_by text NOT NULL,
        legal_basis text NOT NULL, note text, PRIMARY KEY (person_ref, event_id));`,
  },
];

/** Applies intake's own migrations to a schema (under its migration lock; each once). */
export async function migrateIntakeTables(driver: SqlDriver, schema: string): Promise<void> {
  await migrate(driver, schema, intakeMigrations);
}
