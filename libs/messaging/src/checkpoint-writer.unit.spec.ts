import type { EventStore } from '@onedoor/event-store';
import { CheckpointWriter } from './checkpoint-writer';

/** A stand-in with only storeCheckpoint, whose writes complete when the test says so. */
function slowStore() {
  const writes: { checkpoint: string; done: () => void; fail: (e: Error) => void }[] = [];
  const store = {
    storeCheckpoint: (_: string, checkpoint: string) =>
      new Promise<void>((done, fail) => writes.push({ checkpoint, done, fail })),
  } as unknown as EventStore;
  return { store, writes };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('CheckpointWriter', () => {
  it('keeps one write in flight and coalesces what arrives meanwhile to the latest, in order', async () => {
    const { store, writes } = slowStore();
    const stored: string[] = [];
    const writer = new CheckpointWriter(store, 'relay:t', (c) => stored.push(c), () => undefined);
    writer.write('1:1');
    writer.write('1:2');
    writer.write('1:3');
    expect(writes.map((w) => w.checkpoint)).toEqual(['1:1']);
    writes[0].done();
    await tick();
    expect(writes.map((w) => w.checkpoint)).toEqual(['1:1', '1:3']);
    writes[1].done();
    await writer.flush();
    expect(stored).toEqual(['1:1', '1:3']);
  });

  it('keeps a failed value pending: flush retries it and rejects while it cannot be stored', async () => {
    const { store, writes } = slowStore();
    const errors: unknown[] = [];
    const writer = new CheckpointWriter(store, 'relay:t', () => undefined, (e) => errors.push(e));
    writer.write('1:1');
    writes[0].fail(new Error('db down'));
    await tick();
    expect(errors).toHaveLength(1);
    const flushing = writer.flush();
    await tick();
    expect(writes.map((w) => w.checkpoint)).toEqual(['1:1', '1:1']);
    writes[1].fail(new Error('still down'));
    await expect(flushing).rejects.toThrow('still down');
    const again = writer.flush();
    await tick();
    writes[2].done();
    await expect(again).resolves.toBeUndefined();
  });
});
