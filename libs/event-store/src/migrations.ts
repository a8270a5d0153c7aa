import type { SqlDriver, SqlExecutor } from './sql';

/**
 * Versioned schema migrations, applied once each, in order, under an advisory lock so that
 * several processes starting together do not race. Applied versions are recorded per schema.
 */
export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

export const storeMigrations: Migration[] = [
  {
    version: 1,
    name: 'events, checkpoints, inbox',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.events (
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text COLLATE "C" NOT NULL,
        stream_version integer NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        -- readAll walks (transaction_id, global_position), the commit-safe order; keying the
        -- table by it spares every append one more index.
        CONSTRAINT events_pkey PRIMARY KEY (transaction_id, global_position),
        -- Also the idempotency index: an eventId is looked up within its stream, so no
        -- global index on event_id is paid for on every append.
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      );
      CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
        name text PRIMARY KEY,
        checkpoint text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${s}.inbox (
        consumer text NOT NULL,
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      );`,
  },
  {
    version: 2,
    name: 'append_events function',
    // One round trip per append: idempotency check, expected-version check, hash chain, insert.
    // A concurrent writer that wins the race makes the loser fail on events_stream_version_key.
    sql: (s) => `
      CREATE OR REPLACE FUNCTION ${s}.append_events(p_stream text, p_expected integer, p_events jsonb)
      RETURNS TABLE (out_position text, out_version integer, out_duplicate boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_current integer := 0;
        v_prev bytea := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        v_hash bytea;
        v_event jsonb;
        v_version integer;
      BEGIN
        IF EXISTS (SELECT 1 FROM ${s}.events e WHERE e.stream_id = p_stream AND e.event_id = p_events->0->>'id') THEN
          RETURN QUERY
            SELECT e.global_position::text, e.stream_version, true
            FROM ${s}.events e
            WHERE e.stream_id = p_stream AND e.event_id IN (SELECT x->>'id' FROM jsonb_array_elements(p_events) x)
            ORDER BY e.global_position;
          RETURN;
        END IF;
        -- p_expected: >= 0 exact version (0 = new stream), -1 any, -2 stream must exist.
        IF p_expected <> 0 THEN
          SELECT e.stream_version, e.hash INTO v_current, v_prev
          FROM ${s}.events e WHERE e.stream_id = p_stream
          ORDER BY e.stream_version DESC LIMIT 1;
          IF NOT FOUND THEN
            v_current := 0;
            v_prev := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
          END IF;
          IF (p_expected >= 0 AND v_current <> p_expected) OR (p_expected = -2 AND v_current = 0) THEN
            RAISE EXCEPTION 'onedoor_concurrency:%', v_current USING ERRCODE = 'P0409';
          END IF;
        END IF;
        v_version := v_current;
        FOR v_event IN SELECT * FROM jsonb_array_elements(p_events) LOOP
          v_version := v_version + 1;
          v_hash := sha256(v_prev || convert_to(p_stream || ':' || v_version || ':' || (v_event->>'canon'), 'UTF8'));
          RETURN QUERY
            INSERT INTO ${s}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata,
                                     occurred_at, prev_hash, hash)
            VALUES (p_stream, v_version, v_event->>'id', v_event->>'type', (v_event->>'sv')::integer,
                    v_event->'data', v_event->'meta', (v_event->>'at')::timestamptz, v_prev, v_hash)
            RETURNING global_position::text, stream_version, false;
          v_prev := v_hash;
        END LOOP;
      END
      $fn$;`,
  },
  {
    version: 3,
    name: 'event ids unique within a stream; append_events checks every event of a batch',
    // Idempotency by event id is enforced by a unique index on (stream_id, event_id), which also
    // serves the function's lookup of a batch's ids. PostgreSQL has no NOT VALID unique
    // constraint, so a store that already holds duplicates (written before this index existed)
    // gets the index without the later copies: the predicate exempts exactly those rows, listed
    // by position. Every first copy and every new row is covered, so no further duplicate can be
    // written; the copies themselves stay (deleting a row would break its stream's hash chain)
    // and verify() names them.
    sql: (s) => `
      DO $mig$
      DECLARE
        v_later bigint[];
      BEGIN
        SELECT array_agg(d.global_position ORDER BY d.global_position) INTO v_later
        FROM (SELECT e.global_position,
                     row_number() OVER (PARTITION BY e.stream_id, e.event_id ORDER BY e.global_position) AS n
              FROM ${s}.events e) d
        WHERE d.n > 1;
        IF v_later IS NULL THEN
          EXECUTE 'CREATE UNIQUE INDEX events_stream_event_key ON ${s}.events (stream_id, event_id)';
        ELSE
          EXECUTE format('CREATE UNIQUE INDEX events_stream_event_key ON ${s}.events (stream_id, event_id)
                          WHERE global_position <> ALL (%L::bigint[])', v_later);
        END IF;
      END
      $mig$;
      ${appendEventsFunction(s)}`,
  },
];

/**
 * The append function, one round trip per append: idempotency check over the whole batch,
 * expected-version check, hash chain, insert. p_expected: >= 0 exact version (0 = new stream),
 * -1 any, -2 the stream must exist.
 *
 * A batch whose events are all stored already, in the batch's order at consecutive versions, is a
 * replay: the stored positions come back with out_duplicate = true and nothing is written. A batch
 * of which only some events are stored (or stored elsewhere in the stream, or out of order) raises
 * onedoor_event_conflict (SQLSTATE P0410) naming the stored ids, and writes nothing. A concurrent
 * writer that wins a race makes the loser fail on events_stream_version_key or
 * events_stream_event_key.
 */
function appendEventsFunction(s: string): string {
  return `
      CREATE OR REPLACE FUNCTION ${s}.append_events(p_stream text, p_expected integer, p_events jsonb)
      RETURNS TABLE (out_position text, out_version integer, out_duplicate boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_current integer := 0;
        v_prev bytea := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        v_hash bytea;
        v_event jsonb;
        v_version integer;
        v_found integer;
        v_low integer;
        v_high integer;
        v_ids text;
      BEGIN
        -- Every event of the batch, by its id within the stream; offset = version - ordinal is the
        -- same for all of them exactly when they are stored consecutively in the batch's order.
        SELECT count(*), min(e.stream_version - b.ord), max(e.stream_version - b.ord),
               string_agg(e.event_id, ',' ORDER BY b.ord)
          INTO v_found, v_low, v_high, v_ids
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(x, ord)
        JOIN ${s}.events e ON e.stream_id = p_stream AND e.event_id = b.x->>'id';
        IF v_found > 0 THEN
          IF v_found = jsonb_array_length(p_events) AND v_low = v_high THEN
            RETURN QUERY
              SELECT e.global_position::text, e.stream_version, true
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(x, ord)
              JOIN ${s}.events e ON e.stream_id = p_stream AND e.event_id = b.x->>'id'
              ORDER BY b.ord;
            RETURN;
          END IF;
          RAISE EXCEPTION 'onedoor_event_conflict:%', v_ids USING ERRCODE = 'P0410';
        END IF;
        IF p_expected <> 0 THEN
          SELECT e.stream_version, e.hash INTO v_current, v_prev
          FROM ${s}.events e WHERE e.stream_id = p_stream
          ORDER BY e.stream_version DESC LIMIT 1;
          IF NOT FOUND THEN
            v_current := 0;
            v_prev := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
          END IF;
          IF (p_expected >= 0 AND v_current <> p_expected) OR (p_expected = -2 AND v_current = 0) THEN
            RAISE EXCEPTION 'onedoor_concurrency:%', v_current USING ERRCODE = 'P0409';
          END IF;
        END IF;
        v_version := v_current;
        FOR v_event IN SELECT * FROM jsonb_array_elements(p_events) LOOP
          v_version := v_version + 1;
          v_hash := sha256(v_prev || convert_to(p_stream || ':' || v_version || ':' || (v_event->>'canon'), 'UTF8'));
          RETURN QUERY
            INSERT INTO ${s}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata,
                                     occurred_at, prev_hash, hash)
            VALUES (p_stream, v_version, v_event->>'id', v_event->>'type', (v_event->>'sv')::integer,
                    v_event->'data', v_event->'meta', (v_event->>'at')::timestamptz, v_prev, v_hash)
            RETURNING global_position::text, stream_version, false;
          v_prev := v_hash;
        END LOOP;
      END
      $fn$;`;
}

export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  return `"${schema}"`;
}

/** The advisory lock key under which a schema's migrations run (and its ledger is read for a plan). */
const lockKey = (schema: string) => `onedoor-migrate:${schema}`;

/** Throws when two migrations of one list share a version (ledgers are keyed by version). */
function ordered(migrations: readonly Migration[]): Migration[] {
  const seen = new Map<number, string>();
  for (const m of migrations) {
    const other = seen.get(m.version);
    if (other !== undefined) throw new Error(`migrations "${other}" and "${m.name}" share version ${m.version}`);
    seen.set(m.version, m.name);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations of the list not yet recorded in the schema's ledger
 * (`<schema>.schema_migrations`), in version order, in one transaction under an advisory lock
 * per schema: instances starting together wait for one another, and each migration runs once.
 * Several modules keep their own lists in their own version ranges (the event store 1–99, the
 * read log 101–199, …) and may be applied together or one after the other. Returns the
 * migrations it applied.
 */
export async function migrate(driver: SqlDriver, schema: string, migrations: readonly Migration[] = storeMigrations): Promise<Migration[]> {
  const s = quoteSchema(schema);
  const list = ordered(migrations);
  return driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(schema)]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: Migration[] = [];
    for (const m of list) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql(s));
      await tx.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      done.push(m);
    }
    return done;
  });
}

/**
 * The migrations of the list that the schema's ledger does not record yet, in version order
 * (all of them when the schema or its ledger does not exist). Changes nothing.
 */
export async function pendingMigrations(sql: SqlExecutor, schema: string, migrations: readonly Migration[] = storeMigrations): Promise<Migration[]> {
  const s = quoteSchema(schema);
  const list = ordered(migrations);
  const { rows: ledger } = await sql.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${s}.schema_migrations`]);
  if (!ledger[0]?.t) return list;
  const { rows } = await sql.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
  const applied = new Set(rows.map((r) => Number(r.version)));
  return list.filter((m) => !applied.has(m.version));
}
