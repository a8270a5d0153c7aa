import { InProcessTransport } from './in-process-transport';
import { silentLogger } from './logger';
import { delay, waitFor } from './test/wait';
import type { IncomingMessage } from './transport';

describe('InProcessTransport', () => {
  let transport: InProcessTransport;
  beforeEach(() => {
    transport = new InProcessTransport({ defaultPartitions: 4, redeliveryDelayMs: 5, logger: silentLogger });
  });
  afterEach(() => transport.close());

  const msg = (key: string, value: string) => ({ key, value, headers: { h: value } });

  it('keeps per-key order on one partition and calls handlers asynchronously', async () => {
    await transport.ensureTopics([{ topic: 't', partitions: 4 }]);
    const seen: IncomingMessage[] = [];
    let inPublish = false;
    let calledDuringPublish = false;
    await transport.subscribe({
      groupId: 'g',
      topics: ['t'],
      fromBeginning: true,
      concurrency: 4,
      handler: async (m) => {
        if (inPublish) calledDuringPublish = true;
        seen.push(m);
      },
    });
    inPublish = true;
    const publishing = transport.publish('t', [msg('a', '1'), msg('b', '1'), msg('a', '2'), msg('a', '3'), msg('b', '2')]);
    inPublish = false;
    await publishing;
    await waitFor(() => seen.length === 5, 'five deliveries');
    expect(calledDuringPublish).toBe(false);
    const a = seen.filter((m) => m.key === 'a');
    expect(a.map((m) => m.value!.toString())).toEqual(['1', '2', '3']);
    expect(new Set(a.map((m) => m.partition)).size).toBe(1);
    expect(a.map((m) => Number(m.offset))).toEqual([...a.map((m) => Number(m.offset))].sort((x, y) => x - y));
    expect(seen[0].headers).toEqual({ h: seen[0].value!.toString() });
  });

  it('redelivers a message whose handler rejected (at-least-once), then moves on', async () => {
    const calls: string[] = [];
    let failuresLeft = 2;
    await transport.subscribe({
      groupId: 'g',
      topics: ['t'],
      fromBeginning: true,
      handler: async (m) => {
        calls.push(m.value!.toString());
        if (m.value!.toString() === 'x' && failuresLeft-- > 0) throw new Error('boom');
      },
    });
    await transport.publish('t', [msg('k', 'x'), msg('k', 'y')]);
    await waitFor(() => calls.includes('y'), 'y delivered');
    expect(calls).toEqual(['x', 'x', 'x', 'y']);
  });

  it('a batch handler gets consecutive messages of a partition, at most maxBatchSize, and a rejected batch again whole', async () => {
    await transport.ensureTopics([{ topic: 'b', partitions: 1 }]);
    await transport.publish('b', ['1', '2', '3', '4', '5'].map((v) => msg('k', v)));
    const batches: string[][] = [];
    let failuresLeft = 1;
    await transport.subscribe({
      groupId: 'g',
      topics: ['b'],
      fromBeginning: true,
      handler: async () => {
        throw new Error('not used with a batch handler');
      },
      batchHandler: async (messages) => {
        batches.push(messages.map((m) => `${m.offset}:${m.value!.toString()}`));
        if (failuresLeft-- > 0) throw new Error('boom');
      },
      maxBatchSize: 3,
    });
    await waitFor(() => batches.flat().includes('4:5'), 'the last message');
    expect(batches).toEqual([['0:1', '1:2', '2:3'], ['0:1', '1:2', '2:3'], ['3:4', '4:5']]);
  });

  it('a group resumes from its committed offset; fromBeginning=false skips history; groups are independent', async () => {
    await transport.publish('t', [msg('k', '1'), msg('k', '2')]);
    const first: string[] = [];
    const sub = await transport.subscribe({ groupId: 'g1', topics: ['t'], fromBeginning: true, handler: async (m) => void first.push(m.value!.toString()) });
    await waitFor(() => first.length === 2, 'history');
    await sub.stop();
    await transport.publish('t', [msg('k', '3')]);
    const again: string[] = [];
    await transport.subscribe({ groupId: 'g1', topics: ['t'], fromBeginning: true, handler: async (m) => void again.push(m.value!.toString()) });
    const latest: string[] = [];
    await transport.subscribe({ groupId: 'g2', topics: ['t'], fromBeginning: false, handler: async (m) => void latest.push(m.value!.toString()) });
    await transport.publish('t', [msg('k', '4')]);
    await waitFor(() => again.length === 2 && latest.length === 1, 'resumed');
    expect(again).toEqual(['3', '4']);
    expect(latest).toEqual(['4']);
  });

  it('shares partitions among the members of a group, each message once', async () => {
    await transport.ensureTopics([{ topic: 't', partitions: 4 }]);
    const byMember: Record<string, string[]> = { a: [], b: [] };
    for (const name of ['a', 'b']) {
      await transport.subscribe({ groupId: 'g', topics: ['t'], fromBeginning: true, concurrency: 4, handler: async (m) => void byMember[name].push(m.value!.toString()) });
    }
    const messages = Array.from({ length: 200 }, (_, i) => msg(`key-${i}`, String(i)));
    await transport.publish('t', messages);
    await waitFor(() => byMember.a.length + byMember.b.length === 200, 'all delivered');
    await delay(20);
    expect(byMember.a.length).toBeGreaterThan(0);
    expect(byMember.b.length).toBeGreaterThan(0);
    expect(new Set([...byMember.a, ...byMember.b]).size).toBe(200);
  });

  it('stop() waits for the handler in flight and commits it; the next member continues after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    let finished = false;
    const sub = await transport.subscribe({
      groupId: 'g',
      topics: ['t'],
      fromBeginning: true,
      handler: async () => {
        started = true;
        await gate;
        finished = true;
      },
    });
    await transport.publish('t', [msg('k', '1'), msg('k', '2')]);
    await waitFor(() => started, 'handler started');
    let stopped = false;
    const stopping = sub.stop().then(() => (stopped = true));
    await delay(30);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    const next: string[] = [];
    await transport.subscribe({ groupId: 'g', topics: ['t'], fromBeginning: true, handler: async (m) => void next.push(m.value!.toString()) });
    await waitFor(() => next.length === 1, 'the rest');
    await delay(20);
    expect(next).toEqual(['2']);
  });
});
