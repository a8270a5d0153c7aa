import type { Checkpoint, EventStore } from '@onedoor/event-store';

/**
 * Stores a relay's checkpoint without holding up its publish loop: at most one write in flight,
 * and a value that arrives meanwhile replaces any older one still waiting (only the latest
 * acknowledged position matters). Writes stay in order, so the stored checkpoint only moves
 * forward. A failed write keeps its value pending for the next write or flush.
 */
export class CheckpointWriter {
  private pending?: Checkpoint;
  private inFlight?: Promise<void>;
  private lastError: unknown;

  constructor(
    private readonly store: EventStore,
    private readonly name: string,
    private readonly onStored: (checkpoint: Checkpoint) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(checkpoint: Checkpoint): void {
    this.pending = checkpoint;
    this.inFlight ??= this.drain();
  }

  /** Resolves once the latest checkpoint is stored; rejects if it could not be. */
  async flush(): Promise<void> {
    await this.inFlight;
    if (this.pending === undefined) return;
    this.inFlight ??= this.drain();
    await this.inFlight;
    if (this.pending !== undefined) throw this.lastError;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending !== undefined) {
        const checkpoint = this.pending;
        await this.store.storeCheckpoint(this.name, checkpoint);
        if (this.pending === checkpoint) this.pending = undefined;
        this.onStored(checkpoint);
      }
    } catch (e) {
      this.lastError = e;
      this.onError(e);
    } finally {
      this.inFlight = undefined;
    }
  }
}
