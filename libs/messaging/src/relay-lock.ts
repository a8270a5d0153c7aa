import { PostgresDriver, type EventStore, type PostgresSession } from '@onedoor/event-store';

/**
 * Who may publish a store's outbox: at most one relay at a time among the instances of a
 * service. `held` is true only while the lock is certainly held; once it turns false the holder
 * must stop publishing at once and call tryAcquire() again later.
 */
export interface RelayLock {
  /** True while this instance holds the lock and its session is alive. */
  readonly held: boolean;
  /**
   * Takes the lock if it is free (true), or reports that another instance holds it (false);
   * true at once while already held. Rejects when the database cannot be asked (try again later).
   */
  tryAcquire(): Promise<boolean>;
  /** Resolves when the lock held now is lost (at once if not held). */
  whenLost(): Promise<void>;
  /** Lets go of the lock and its session; never throws. */
  release(): Promise<void>;
}

/**
 * A PostgreSQL session advisory lock on a dedicated connection (outside the pool), keyed by
 * `hashtextextended('relay:<schema>:<topic>', 0)`. The lock lives exactly as long as the session:
 * a holder that dies (process killed, connection lost) releases it with its session, and a holder
 * whose connection fails knows at once that it can no longer be sure it holds it. While held, the
 * session is checked every `heartbeatMs` (default 5000): a connection that stops answering
 * (network gone, no FIN) is closed and counted as lost.
 */
export class AdvisoryRelayLock implements RelayLock {
  private session?: PostgresSession;
  private acquired = false;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly driver: PostgresDriver,
    /** Text hashed into the 64-bit advisory lock key. */
    readonly key: string,
    private readonly options: { heartbeatMs?: number } = {},
  ) {}

  get held(): boolean {
    return this.acquired && !!this.session && !this.session.lost;
  }

  /** Server process id of the lock's session (0 without one): pg_terminate_backend takes it away. */
  get pid(): number {
    return this.session && !this.session.lost ? this.session.pid : 0;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    this.acquired = false;
    if (!this.session || this.session.lost) {
      await this.closeSession();
      this.session = await this.driver.session();
    }
    const session = this.session;
    let ok: boolean;
    try {
      ok = (await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [this.key])).rows[0].ok;
    } catch (e) {
      await this.closeSession();
      throw e;
    }
    if (!ok || session.lost) return false;
    this.acquired = true;
    this.startHeartbeat(session);
    void session.whenLost.then(() => this.stopHeartbeat());
    return true;
  }

  whenLost(): Promise<void> {
    if (!this.held) return Promise.resolve();
    return this.session!.whenLost.then(() => undefined);
  }

  async release(): Promise<void> {
    this.acquired = false;
    await this.closeSession(); // ending the session releases its advisory locks
  }

  private startHeartbeat(session: PostgresSession) {
    const every = this.options.heartbeatMs ?? 5000;
    if (every <= 0) return;
    this.stopHeartbeat();
    let pending = false;
    this.heartbeat = setInterval(() => {
      if (pending || session.lost) return;
      pending = true;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), every)));
      Promise.race([session.query('SELECT 1').then(() => 'ok' as const), late])
        .then((answer) => (answer === 'late' ? session.close() : undefined), () => session.close())
        .finally(() => {
          clearTimeout(timer);
          pending = false;
        });
    }, every);
    this.heartbeat.unref();
  }

  private stopHeartbeat() {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async closeSession() {
    this.stopHeartbeat();
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }
}

/**
 * The lock for the relay of `store`'s outbox to `topic`: an AdvisoryRelayLock on PostgreSQL;
 * undefined on PGlite, whose single embedded process has one relay per store anyway.
 */
export function relayLockFor(store: EventStore, topic: string): AdvisoryRelayLock | undefined {
  const driver = store.driver;
  return driver instanceof PostgresDriver ? new AdvisoryRelayLock(driver, `relay:${store.schema}:${topic}`) : undefined;
}
