/** The smallest SQL surface the store needs; both drivers (pg pool, PGlite) implement it. */
export interface SqlExecutor {
  query<R = any>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction (READ COMMITTED); rolls back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
