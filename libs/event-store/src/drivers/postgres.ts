import { createHash } from 'node:crypto';
import { Client, Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import type { SqlDriver, SqlExecutor } from '../sql';
import { isTransientError } from '../transient';

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

export interface PostgresDriverOptions extends PoolConfig {
  /**
   * Called when a connection fails outside a query: the server restarted or terminated it, the
   * network dropped it. Such a failure never throws or crashes the process (the query in flight,
   * if any, rejects; the connection is discarded and replaced on demand). Default: one line on
   * stderr, at most one every 5 s.
   */
  onConnectionError?: (error: Error) => void;
}

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' || !Number.isFinite(Number(v)) ? fallback : Number(v);
};

/**
 * Connection settings applied under the caller's (which win):
 * - `connectionTimeoutMillis` from ONEDOOR_PG_CONNECT_TIMEOUT_MS (default 5000): an unreachable
 *   server fails a query after this long instead of hanging it;
 * - TCP keep-alive after 10 s idle, so a connection to a vanished host is noticed;
 * - `idle_in_transaction_session_timeout` from ONEDOOR_PG_IDLE_TX_TIMEOUT_MS (default 60000; 0 = off):
 *   the server ends a session whose transaction was left open (it would hold back every gap-free
 *   reader of the cluster);
 * - `statement_timeout` from ONEDOOR_PG_STATEMENT_TIMEOUT_MS (default 0 = none).
 */
export function postgresPoolDefaults(): PoolConfig {
  const statementTimeout = num('ONEDOOR_PG_STATEMENT_TIMEOUT_MS', 0);
  const idleTx = num('ONEDOOR_PG_IDLE_TX_TIMEOUT_MS', 60_000);
  return {
    max: 20,
    connectionTimeoutMillis: num('ONEDOOR_PG_CONNECT_TIMEOUT_MS', 5000),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
    ...(idleTx > 0 ? { idle_in_transaction_session_timeout: idleTx } : {}),
  };
}

/**
 * A connection of its own, outside the pool, for state that lives as long as a session does
 * (advisory locks). When the connection is lost — server restart, pg_terminate_backend, network —
 * `lost` becomes true and `whenLost` resolves with the error; the session cannot be used again.
 */
export interface PostgresSession {
  query<R = any>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Server process id of the session (pg_backend_pid()). */
  readonly pid: number;
  readonly lost: boolean;
  /** Resolves (never rejects) when the connection ended, or was closed by close(). */
  readonly whenLost: Promise<Error>;
  /** Ends the session (releasing its session locks); never throws. */
  close(): Promise<void>;
}

/**
 * PostgreSQL over a pg connection pool. Every pooled connection has an error listener for its
 * whole life, so a server restart or a terminated backend surfaces as rejected queries, never as
 * an unhandled 'error' event; a connection that failed is destroyed rather than returned to the
 * pool, and new ones are opened on demand once the server answers again.
 */
export class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres' as const;
  readonly pool: Pool;
  private readonly config: PoolConfig;
  private readonly onConnectionError: (error: Error) => void;
  private lastReport = 0;
  private suppressed = 0;

  constructor(config: string | PostgresDriverOptions) {
    const { onConnectionError, ...poolConfig } = typeof config === 'string' ? { connectionString: config } : config;
    this.config = { ...postgresPoolDefaults(), ...poolConfig };
    this.onConnectionError = onConnectionError ?? ((e) => this.report(e));
    this.pool = new Pool(this.config);
    // An idle connection that fails is removed by the pool, which then emits 'error' here.
    this.pool.on('error', (e) => this.onConnectionError(e));
    // One listener per connection for its whole life: a checked-out connection (a transaction
    // between statements) that loses its server emits 'error' too, and must not crash the process.
    this.pool.on('connect', (client) => client.on('error', (e) => this.onConnectionError(e)));
  }

  private report(e: Error) {
    const now = Date.now();
    if (now - this.lastReport < 5000) {
      this.suppressed++;
      return;
    }
    const more = this.suppressed > 0 ? ` (and ${this.suppressed} more)` : '';
    this.lastReport = now;
    this.suppressed = 0;
    process.stderr.write(`[postgres] connection lost: ${(e as { code?: string }).code ?? ''} ${e.message}${more}\n`);
  }

  query<R = any>(text: string, params?: unknown[]) {
    return this.pool.query(statement(text, params) as QueryConfig) as unknown as Promise<{ rows: R[] }>;
  }

  async exec(sql: string) {
    await this.pool.query(sql);
  }

  /**
   * BEGIN, fn, COMMIT on one pooled connection; ROLLBACK and rethrow if fn or COMMIT throws.
   * If the connection fails meanwhile (its 'error' event, a failed ROLLBACK, a connection-level
   * error), the promise rejects with that error and the connection is destroyed, not reused.
   */
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (e: Error) => void (broken ??= e);
    client.on('error', onError);
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
      if (!broken && isConnectionFailure(e)) broken = e as Error;
      if (!broken) await client.query('ROLLBACK').catch((r: Error) => void (broken ??= r));
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Opens a session outside the pool (see PostgresSession); rejects if the server cannot be reached. */
  async session(): Promise<PostgresSession> {
    const { max: _max, ...config } = this.config as PoolConfig & { max?: number };
    const client = new Client(config);
    let lost = false;
    let markLost!: (e: Error) => void;
    const whenLost = new Promise<Error>((resolve) => {
      markLost = (e) => {
        if (lost) return;
        lost = true;
        resolve(e);
      };
    });
    client.on('error', (e) => markLost(e));
    client.on('end', () => markLost(new Error('Connection terminated')));
    try {
      await client.connect();
    } catch (e) {
      markLost(e as Error);
      await client.end().catch(() => undefined);
      throw e;
    }
    let pid = 0;
    try {
      pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    return {
      pid,
      whenLost,
      get lost() {
        return lost;
      },
      query: (text, params) => client.query(statement(text, params) as QueryConfig) as any,
      close: async () => {
        markLost(new Error('session closed'));
        await client.end().catch(() => undefined);
      },
    };
  }

  async close() {
    await this.pool.end();
  }
}

/** An error after which a connection cannot be trusted with another statement. */
function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(08|57P0)/.test(code)) return true;
  return isTransientError(e) && !(typeof code === 'string' && /^(40|57014|25006|53)/.test(code));
}
