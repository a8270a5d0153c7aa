/** Who did it, on whose behalf, where, and as part of what: carried with every event. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: { sub: string; role: string };
  jurisdiction?: string;
  traceparent?: string;
  [key: string]: unknown;
}

export interface NewEvent<T = unknown> {
  /**
   * Stable id, unique within its stream. Re-appending a batch whose events are all stored (in its
   * order, at consecutive versions) is a no-op that returns the original positions; a batch of
   * which only some are stored is refused (EventConflictError).
   */
  eventId?: string;
  type: string;
  data: T;
  metadata?: EventMetadata;
  /** Defaults to the store's current schema version for the type (1 when unknown). */
  schemaVersion?: number;
  occurredAt?: Date;
}

export interface RecordedEvent<T = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  /** 1-based, contiguous within a stream. */
  streamVersion: number;
  /** Decimal string of a bigint: unique and increasing in insert order (not commit order). */
  globalPosition: string;
  /** Decimal string of the writing transaction's xid8; the read order of readAll is (transactionId, globalPosition). */
  transactionId: string;
  occurredAt: Date;
  data: T;
  metadata: EventMetadata;
  prevHash: string;
  hash: string;
}

/** A number is the exact current version (0 = the stream must not exist yet). */
export type ExpectedVersion = number | 'any' | 'stream_exists';

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  nextExpectedVersion: number;
  /** Global positions of the appended events, in order (the original ones for a duplicate). */
  positions: string[];
  /** True when every event was already stored under its eventId: nothing was written. */
  duplicate: boolean;
}

/** Opaque "<transactionId>:<globalPosition>" of the last event read; START reads from the beginning. */
export type Checkpoint = string;
export const START: Checkpoint = '0:0';

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Pass as `after` to continue; unchanged when nothing new was visible. */
  checkpoint: Checkpoint;
}

/** Turns data stored at `fromVersion` into the shape of version fromVersion + 1. */
export type Upcaster = (data: any, event: RecordedEvent) => any;
/** type → fromVersion → upcaster */
export type UpcasterMap = Record<string, Record<number, Upcaster>>;

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  firstBroken?: { streamId: string; streamVersion: number; reason: string };
  /** Event ids stored more than once in a stream (absent when there are none); at most a page of them. */
  duplicates?: { streamId: string; eventId: string; streamVersions: number[] }[];
  /** How many (stream, event id) pairs are stored more than once, listed or not. */
  duplicateCount?: number;
}
