import { ConcurrencyError, EventStore, PostgresDriver, type SqlExecutor } from '@onedoor/event-store';
import { execute, loadState, type Decider } from './aggregate';

/** A counter: Add n → Added n; never below zero. */
type Event = { type: 'Added'; data: { n: number } };
const counter: Decider<{ add: number }, Event, number> = {
  initialState: 0,
  decide: (c, total) => {
    if (total + c.add < 0) throw new Error('below zero');
    return [{ type: 'Added', data: { n: c.add } }];
  },
  evolve: (total, e) => total + e.data.n,
};

describe('execute and loadState in a transaction (PostgreSQL)', () => {
  let driver: PostgresDriver;
  let store: EventStore;
  const metadata = { correlationId: 'c-1' };

  beforeAll(async () => {
    driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 4 });
    store = new EventStore(driver, { schema: `agg_${process.pid}_${Date.now().toString(36)}` });
    await store.migrate();
  });
  afterAll(() => driver.close());

  /** Counts the statements that read a stream, through a wrapped transaction executor. */
  async function inCountedTransaction<T>(fn: (tx: EventStore) => Promise<T>): Promise<{ result: T; streamReads: number }> {
    let streamReads = 0;
    const result = await driver.transaction(async (sql) => {
      const counted: SqlExecutor = {
        query: (text, params) => {
          if (/WHERE e\.stream_id = \$1 AND e\.stream_version >= \$2/.test(text)) streamReads++;
          return sql.query(text, params);
        },
        exec: (text) => sql.exec(text),
      };
      return fn(new EventStore(driver, store.options, counted));
    });
    return { result, streamReads };
  }

  it('several commands on one stream in one transaction read it once and see each other', async () => {
    const { result, streamReads } = await inCountedTransaction(async (tx) => {
      await execute(tx, 's-once', counter, { add: 2 }, { metadata });
      await execute(tx, 's-once', counter, { add: 3 }, { metadata });
      return execute(tx, 's-once', counter, { add: -4 }, { metadata });
    });
    expect(streamReads).toBe(1);
    expect(result).toMatchObject({ state: 1, version: 3 });
    expect((await store.readStream('s-once')).map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }, { n: -4 }]);
  });

  it('a stream another transaction appended to meanwhile fails on its expected version, and nothing is written', async () => {
    await execute(store, 's-race', counter, { add: 5 }, { metadata });
    const attempt = inCountedTransaction(async (tx) => {
      expect((await loadState(tx, 's-race', counter)).state).toBe(5);
      await execute(store, 's-race', counter, { add: 1 }, { metadata }); // another writer commits
      return execute(tx, 's-race', counter, { add: 10 }, { metadata });
    });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('s-race')).map((e) => e.data)).toEqual([{ n: 5 }, { n: 1 }]);
  });

  it('a rolled-back transaction leaves nothing remembered: the next one reads the stream again', async () => {
    await expect(
      inCountedTransaction(async (tx) => {
        await execute(tx, 's-rollback', counter, { add: 7 }, { metadata });
        throw new Error('handler failed after the append');
      }),
    ).rejects.toThrow('handler failed');
    const { result, streamReads } = await inCountedTransaction((tx) => execute(tx, 's-rollback', counter, { add: 1 }, { metadata }));
    expect(streamReads).toBe(1);
    expect(result).toMatchObject({ state: 1, version: 1 });
  });
});
