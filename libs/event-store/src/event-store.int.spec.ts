import { ConcurrencyError, EventConflictError } from './errors';
import { EventStore } from './event-store';
import { migrate, storeMigrations } from './migrations';
import type { SqlDriver } from './sql';
import { DRIVER_KINDS, openTestStore } from './test/drivers';
import type { RecordedEvent } from './types';

describe.each(DRIVER_KINDS)('event store on %s', (kind) => {
  let store: EventStore;
  let driver: SqlDriver;

  beforeAll(async () => {
    ({ store, driver } = await openTestStore(kind));
  });
  afterAll(() => driver.close());

  const ev = (type: string, data: object = {}, eventId?: string) => ({ type, data, eventId });

  it('appends with expected versions and reads a stream back in order, with ranges', async () => {
    const r1 = await store.append('s-read', [ev('A', { n: 1 }), ev('B', { n: 2 })], { expectedVersion: 0 });
    expect(r1.nextExpectedVersion).toBe(2);
    const r2 = await store.append('s-read', [ev('C', { n: 3 })], { expectedVersion: 2 });
    expect(r2.nextExpectedVersion).toBe(3);
    expect(BigInt(r2.positions[0])).toBeGreaterThan(BigInt(r1.positions[1]));
    const all = await store.readStream('s-read');
    expect(all.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
      ['A', 1, { n: 1 }],
      ['B', 2, { n: 2 }],
      ['C', 3, { n: 3 }],
    ]);
    expect((await store.readStream('s-read', { from: 2, to: 2 })).map((e) => e.type)).toEqual(['B']);
    expect(await store.streamVersion('s-read')).toBe(3);
    expect(await store.streamVersion('nope')).toBe(0);
    expect(await store.existingStreams(['nope', 's-read', 'nope-2'])).toEqual(new Set(['s-read']));
  });

  it('carries metadata per event', async () => {
    const metadata = {
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { sub: 'u1', role: 'caseworker' },
      jurisdiction: '321323100',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    await store.append('s-meta', [{ type: 'A', data: {}, metadata }], { expectedVersion: 0 });
    const [e] = await store.readStream('s-meta');
    expect(e.metadata).toEqual(metadata);
  });

  it('rejects a wrong expected version with the actual version', async () => {
    await store.append('s-conflict', [ev('A')], { expectedVersion: 0 });
    const error = await store.append('s-conflict', [ev('B')], { expectedVersion: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error.actualVersion).toBe(1);
    await expect(store.append('s-missing', [ev('B')], { expectedVersion: 'stream_exists' })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
  });

  it('20 concurrent appends with the same expected version: exactly one wins, versions stay contiguous', async () => {
    await store.append('s-race', [ev('Opened')], { expectedVersion: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.append('s-race', [ev('Raced', { i })], { expectedVersion: 1 })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConcurrencyError);
      expect(l.reason.actualVersion).toBeGreaterThanOrEqual(1);
    }
    expect((await store.readStream('s-race')).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('re-appending the same events returns the original positions and writes nothing', async () => {
    const events = [ev('A', { x: 1 }, 'idem-1'), ev('B', { x: 2 }, 'idem-2')];
    const first = await store.append('s-idem', events, { expectedVersion: 0 });
    const again = await store.append('s-idem', events, { expectedVersion: 0 });
    expect(again.duplicate).toBe(true);
    expect(again.positions).toEqual(first.positions);
    expect(again.nextExpectedVersion).toBe(2);
    expect(await store.readStream('s-idem')).toHaveLength(2);
  });

  it('a batch mixing a stored event with new ones is refused whole, on every append path', async () => {
    const paths: [string, (stream: string) => Promise<unknown>][] = [
      ['new stream, then exact version', (stream) => store.append(stream, [ev('B', {}, `${stream}-B`), ev('A', {}, `${stream}-A`)], { expectedVersion: 1 })],
      ['any version', (stream) => store.append(stream, [ev('B', {}, `${stream}-B`), ev('A', {}, `${stream}-A`)])],
      ['expected 0 on an existing stream', (stream) => store.append(stream, [ev('B', {}, `${stream}-B`), ev('A', {}, `${stream}-A`)], { expectedVersion: 0 })],
      ['in a transaction', (stream) => store.transaction((tx) => tx.append(stream, [ev('B', {}, `${stream}-B`), ev('A', {}, `${stream}-A`)], { expectedVersion: 1 }))],
    ];
    for (const [i, [label, appendMixed]] of paths.entries()) {
      const stream = `s-mixed-${i}`;
      await store.append(stream, [ev('A', {}, `${stream}-A`)], { expectedVersion: 0 });
      const error = (await appendMixed(stream).catch((e: unknown) => e)) as EventConflictError;
      expect({ label, error }).toEqual({ label, error: expect.any(EventConflictError) });
      expect(error.eventIds).toEqual([`${stream}-A`]);
      expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([`${stream}-A`]);
    }
    expect((await store.verify()).ok).toBe(true);
  });

  it('a replay is the whole batch in its order at consecutive versions; anything else stored is a conflict', async () => {
    const [a, b, c] = ['rp-a', 'rp-b', 'rp-c'];
    const first = await store.append('s-replay', [ev('A', {}, a), ev('B', {}, b), ev('C', {}, c)], { expectedVersion: 0 });
    const tail = await store.append('s-replay', [ev('B', {}, b), ev('C', {}, c)], { expectedVersion: 3 });
    expect(tail).toEqual({ streamId: 's-replay', nextExpectedVersion: 3, positions: first.positions.slice(1), duplicate: true });
    await expect(store.append('s-replay', [ev('C', {}, c), ev('B', {}, b)])).rejects.toBeInstanceOf(EventConflictError);
    await expect(store.append('s-replay', [ev('A', {}, a), ev('C', {}, c)])).rejects.toBeInstanceOf(EventConflictError);
    await expect(store.append('s-replay', [ev('A', {}, a), ev('B', {}, b), ev('C', {}, c), ev('D', {}, 'rp-d')])).rejects.toBeInstanceOf(
      EventConflictError,
    );
    expect(await store.streamVersion('s-replay')).toBe(3);
  });

  it('an event id repeated within one batch is refused before anything is written', async () => {
    const error = await store.append('s-repeat', [ev('A', {}, 'same'), ev('B', {}, 'same')], { expectedVersion: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(EventConflictError);
    expect(error.eventIds).toEqual(['same']);
    expect(await store.streamVersion('s-repeat')).toBe(0);
  });

  it('concurrent appends of one batch: one writes it, the others get the stored positions back', async () => {
    const events = [ev('A', {}, 'race-a'), ev('B', {}, 'race-b')];
    const results = await Promise.all(Array.from({ length: 8 }, () => store.append('s-race-idem', events, { expectedVersion: 0 })));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.positions.join()))).toEqual(new Set([results[0].positions.join()]));
    expect(await store.readStream('s-race-idem')).toHaveLength(2);
  });

  it('verify() passes on an intact store and names the first tampered stream and version', async () => {
    await store.append('s-tamper', [ev('A', { amountFen: 100 }), ev('B', { amountFen: 200 }), ev('C')], {
      expectedVersion: 0,
    });
    expect((await store.verify()).ok).toBe(true);
    await driver.query(
      `UPDATE "${store.schema}".events SET data = '{"amountFen": 999}' WHERE stream_id = 's-tamper' AND stream_version = 2`,
    );
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual(expect.objectContaining({ streamId: 's-tamper', streamVersion: 2 }));
  });

  it('a store holding duplicates from before the unique index migrates, is named by verify(), and takes no more', async () => {
    const schema = `${store.schema}_old`;
    await migrate(driver, schema, storeMigrations.filter((m) => m.version <= 2));
    const old = new EventStore(driver, { schema });
    // The earlier append function checked the first event of a batch only.
    await old.append('s-dup', [ev('A', {}, 'dup-a')], { expectedVersion: 0 });
    await old.append('s-dup', [ev('B', {}, 'dup-b'), ev('A', {}, 'dup-a')], { expectedVersion: 1 });
    await old.append('s-clean', [ev('A', {}, 'clean-a')], { expectedVersion: 0 });
    expect(await old.streamVersion('s-dup')).toBe(3);

    await old.migrate();
    const report = await old.verify();
    expect(report).toEqual(
      expect.objectContaining({ ok: false, duplicateCount: 1, duplicates: [{ streamId: 's-dup', eventId: 'dup-a', streamVersions: [1, 3] }] }),
    );
    expect(report.firstBroken).toBeUndefined();
    await expect(old.append('s-dup', [ev('C', {}, 'dup-c'), ev('A', {}, 'dup-a')])).rejects.toBeInstanceOf(EventConflictError);
    // Past the function, straight into the table: the index still holds every first copy.
    const insert = driver.query(
      `INSERT INTO "${schema}".events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
       SELECT stream_id, 9, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash
       FROM "${schema}".events WHERE stream_id = 's-clean'`,
    );
    await expect(insert).rejects.toMatchObject({ code: '23505' });
    expect((await old.append('s-dup', [ev('D', {}, 'dup-d')], { expectedVersion: 3 })).nextExpectedVersion).toBe(4);
    expect((await old.verify()).duplicateCount).toBe(1);
  });

  it('upcasts old schema versions on read', async () => {
    const { store: v1, driver: d } = await openTestStore(kind);
    try {
      await v1.append('s-up', [{ type: 'AidGranted', data: { amount: 12 }, schemaVersion: 1 }]);
      const { EventStore } = await import('./event-store');
      const v2 = new EventStore(d, {
        schema: v1.schema,
        schemaVersions: { AidGranted: 2 },
        upcasters: { AidGranted: { 1: (data) => ({ amountFen: data.amount * 100 }) } },
      });
      const [e] = await v2.readStream('s-up');
      expect(e).toEqual(expect.objectContaining({ schemaVersion: 2, data: { amountFen: 1200 } }));
    } finally {
      await d.close();
    }
  });

  it('commits appends and other SQL in one transaction, or neither', async () => {
    await store.sql.exec(`CREATE TABLE IF NOT EXISTS "${store.schema}".side (k text primary key)`);
    await expect(
      store.transaction(async (tx) => {
        await tx.append('s-tx', [ev('A')], { expectedVersion: 0 });
        await tx.sql.query(`INSERT INTO "${store.schema}".side VALUES ('a')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.streamVersion('s-tx')).toBe(0);
    expect((await store.sql.query(`SELECT * FROM "${store.schema}".side`)).rows).toHaveLength(0);
  });

  it('subscribe: catches up, then follows live, resuming from its stored checkpoint', async () => {
    const { store: s, driver: d } = await openTestStore(kind);
    try {
      await s.append('sub-1', [ev('A'), ev('B')]);
      const seen: string[] = [];
      const sub = s.subscribe('test-sub', async (events) => {
        seen.push(...events.map((e) => e.type));
      });
      await sub.caughtUp();
      await s.append('sub-2', [ev('C')]);
      await waitFor(() => seen.length === 3);
      await sub.stop();
      await s.append('sub-3', [ev('D')]);
      const sub2 = s.subscribe('test-sub', async (events) => {
        seen.push(...events.map((e) => e.type));
      });
      await waitFor(() => seen.length === 4);
      await sub2.stop();
      expect(seen).toEqual(['A', 'B', 'C', 'D']);
    } finally {
      await d.close();
    }
  });
});

describe('gap-free reading under concurrent writers (PostgreSQL)', () => {
  let store: EventStore;
  let driver: SqlDriver;
  beforeAll(async () => {
    ({ store, driver } = await openTestStore('postgres'));
  });
  afterAll(() => driver.close());

  it('never skips an event whose transaction started first and committed last', async () => {
    const seen: string[] = [];
    const sub = store.subscribe('ooo', async (events) => {
      seen.push(...events.map((e) => e.streamId));
    }, { pollMs: 5 });
    await sub.caughtUp();

    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((r) => (releaseA = r));
    let aInserted!: () => void;
    const aHasInserted = new Promise<void>((r) => (aInserted = r));
    const a = store.transaction(async (tx) => {
      await tx.append('ooo-A', [{ type: 'A', data: {} }]);
      aInserted();
      await aMayCommit;
    });
    await aHasInserted;
    await store.append('ooo-B', [{ type: 'B', data: {} }]); // inserted after A, committed before A
    await sleep(150); // the subscriber polls many times while A is open
    expect(seen).toEqual([]); // B is held back until A finishes, so A can never be skipped
    releaseA();
    await a;
    await waitFor(() => seen.length === 2);
    await sub.stop();
    expect(seen.sort()).toEqual(['ooo-A', 'ooo-B']);
  });

  it('16 writers with random commit delays, 10,000 events: a live subscriber sees each exactly once', async () => {
    const total = 10_000;
    const writers = 16;
    const counts = new Map<string, number>();
    const sub = store.subscribe('random', async (events: RecordedEvent[]) => {
      for (const e of events) if (e.type === 'R') counts.set(e.eventId, (counts.get(e.eventId) ?? 0) + 1);
    }, { pollMs: 5, batchSize: 1000, onError: (e) => console.error('SUB', e) });
    const written: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        while (next < total) {
          const batch = Math.min(1 + Math.floor(Math.random() * 20), total - next);
          next += batch;
          const events = Array.from({ length: batch }, () => ({ type: 'R', data: { w } }));
          await store.transaction(async (tx) => {
            const r = await tx.append(`rand-${w}-${Math.random()}`, events);
            if (Math.random() < 0.5) await sleep(Math.random() * 8);
            written.push(...r.positions);
          });
        }
      }),
    );
    await waitFor(() => counts.size >= total, 60_000);
    await sub.stop();
    expect(written).toHaveLength(total);
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(10);
  }
}
