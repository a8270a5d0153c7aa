/** The smallest SQL surface the store needs; both drivers (pg pool, PGlite) implement it. */
export interface SqlExecutor {
  query<R = any>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Several statements separated by semicolons, without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction (READ COMMITTED); rolls back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
