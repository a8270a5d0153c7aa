import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (SHA-256 based, version-8 layout). Events caused by the same input
 * get the same ids, so a repeated command appends nothing twice.
 */
export function uuidFromName(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
