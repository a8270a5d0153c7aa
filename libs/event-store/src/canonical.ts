import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace. jsonb reorders keys on storage, so the
 * hash chain must be computed over a form that survives the round trip.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The part of an event the hash covers, apart from its stream position (added in SQL). */
export function canonicalEvent(e: {
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: unknown;
  metadata: unknown;
}): string {
  return canonicalJson({
    data: e.data,
    eventId: e.eventId,
    metadata: e.metadata,
    occurredAt: e.occurredAt,
    schemaVersion: e.schemaVersion,
    type: e.type,
  });
}

export const GENESIS_HASH = '0'.repeat(64);

/** sha256(prevHash ‖ "<streamId>:<version>:" ‖ canonical) — the same formula the SQL function uses. */
export function chainHash(prevHashHex: string, streamId: string, version: number, canonical: string): string {
  return createHash('sha256')
    .update(Buffer.from(prevHashHex, 'hex'))
    .update(`${streamId}:${version}:${canonical}`, 'utf8')
    .digest('hex');
}
