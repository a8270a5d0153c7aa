/** The stream was not at the expected version: someone else appended first. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | string,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
  }
}

/**
 * Some events of an appended batch are stored in the stream already, but not the whole batch in
 * its order at consecutive versions (which would be an idempotent replay); or an event id repeats
 * within the batch. Nothing was written. `eventIds`: the ids found stored (or repeated).
 */
export class EventConflictError extends Error {
  override readonly name = 'EventConflictError';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: events ${eventIds.join(', ')} are stored already, but not as this batch`);
  }
}
