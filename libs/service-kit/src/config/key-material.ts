import { createHash } from 'node:crypto';

/** Secrets and keys need at least this many bytes of key material (256 bits: HS256, AES-256, HMAC-SHA-256). */
export const MIN_KEY_BYTES = 32;
/** A value repeating fewer distinct characters than this (`aaaa…`, `0000…`) is weak whatever its length. */
const MIN_DISTINCT_CHARACTERS = 8;

/**
 * How many bytes of key material a configured secret holds, counted conservatively:
 * - only hex digits (even length): half its length (`openssl rand -hex 32` → 32);
 * - base64 (`openssl rand -base64 32` → 32): a multiple of 4 characters with `+`, `/` or `=`
 *   padding: its decoded length;
 * - any other text (a passphrase): its UTF-8 length.
 */
export function keyMaterialBytes(value: string): number {
  if (/^(?:[0-9a-fA-F]{2})+$/.test(value)) return value.length / 2;
  if (value.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(value) && /[+/=]/.test(value)) return Buffer.from(value, 'base64').length;
  return Buffer.byteLength(value, 'utf8');
}

/**
 * A development value and the keys derived from it as they could be written in configuration: the
 * text itself and its SHA-256 (the key the services derive from it when nothing is configured) in
 * base64, base64url and hex (either case).
 */
function developmentForms(values: readonly string[]): Set<string> {
  const forms = new Set<string>();
  for (const v of values) {
    const digest = createHash('sha256').update(v).digest();
    for (const form of [v, digest.toString('base64'), digest.toString('base64url'), digest.toString('hex'), digest.toString('hex').toUpperCase()]) forms.add(form);
  }
  return forms;
}

/**
 * Why `value` cannot serve as a production secret, or undefined when it can: a development value
 * (one of `developmentValues` or a key derived from one — see developmentForms — or anything
 * starting `onedoor-local-development`), fewer than
 * MIN_KEY_BYTES bytes of key material (keyMaterialBytes), or too few distinct characters.
 */
export function keyWeakness(value: string, developmentValues: readonly string[] = []): string | undefined {
  if (value.startsWith('onedoor-local-development') || developmentForms(developmentValues).has(value.trim())) return 'is the development value';
  const bytes = keyMaterialBytes(value);
  if (bytes < MIN_KEY_BYTES) return `holds ${bytes} bytes of key material (at least ${MIN_KEY_BYTES} needed, e.g. \`openssl rand -base64 32\`)`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) return `repeats too few distinct characters to be a key (generate one, e.g. \`openssl rand -base64 32\`)`;
  return undefined;
}
