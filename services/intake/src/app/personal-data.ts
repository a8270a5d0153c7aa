import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';

const log = new Logger('personal-data');

/** Bytes of an AES-256 key. */
export const KEY_BYTES = 32;
/** A key id: letters, digits, `_` and `-`, 1–32 characters (it appears in sealed values, so no `.` or `:`). */
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The id of the development data key (used only outside production, with a warning). */
export const DEVELOPMENT_KEY_ID = 'dev';

/** One deployment data key: its id (named in every value sealed under it) and its 32 bytes. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * The deployment's data keys. `current` seals every new value and wraps every new subject key;
 * the others only open what was sealed before a rotation. `legacy` opens values sealed before
 * keys had ids (`v1.…`): the single `ONEDOOR_DATA_KEY`, or the development key.
 */
export interface DataKeyRing {
  current: DataKey;
  byId: Map<string, DataKey>;
  legacy?: Buffer;
  /** The development key is in the ring (never in production). */
  development: boolean;
}

const isProduction = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production' || env.ONEDOOR_ENV === 'production';
const developmentKey = (purpose: string) => createHash('sha256').update(`onedoor-local-development-${purpose}`).digest();
/** The key of a single passphrase-style setting (`ONEDOOR_DATA_KEY`, `ONEDOOR_REF_KEY`): its SHA-256, as ever. */
const passphraseKey = (value: string) => createHash('sha256').update(value).digest();
/** The id given to the single `ONEDOOR_DATA_KEY`: derived from the key, so it is the same on every instance. */
export const derivedKeyId = (key: Buffer) => `k${createHash('sha256').update('onedoor-data-key-id|').update(key).digest('hex').slice(0, 12)}`;

/**
 * Parses `ONEDOOR_DATA_KEYS` (`id1:base64,id2:base64`, the first the current key). Each key is
 * base64 (or base64url) of at least 32 random bytes; the AES key is HKDF-SHA256 of it. Returns
 * the problems instead of throwing, so start-up checks can list them all.
 */
export function parseDataKeys(value: string): { keys: DataKey[]; problems: string[] } {
  const keys: DataKey[] = [];
  const problems: string[] = [];
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) problems.push('ONEDOOR_DATA_KEYS names no key');
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const material = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      problems.push(`ONEDOOR_DATA_KEYS entry ${i + 1}: expected <id>:<base64 key> with an id of letters, digits, _ or - (at most 32)`);
      continue;
    }
    if (id === DEVELOPMENT_KEY_ID) problems.push(`ONEDOOR_DATA_KEYS key ${id}: the id "${DEVELOPMENT_KEY_ID}" is reserved for the development key`);
    if (keys.some((k) => k.id === id)) problems.push(`ONEDOOR_DATA_KEYS key ${id} is given twice`);
    const raw = /^[A-Za-z0-9+/_-]+={0,2}$/.test(material) ? Buffer.from(material, material.includes('-') || material.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
    if (raw.length < KEY_BYTES) {
      problems.push(`ONEDOOR_DATA_KEYS key ${id}: needs at least ${KEY_BYTES} bytes of base64 (got ${raw.length})`);
      continue;
    }
    if (raw.equals(Buffer.alloc(raw.length, raw[0]))) problems.push(`ONEDOOR_DATA_KEYS key ${id}: every byte is the same`);
    keys.push({ id, key: Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'onedoor data key', KEY_BYTES)) });
  }
  return { keys, problems };
}

/**
 * The data key ring from the environment:
 * - `ONEDOOR_DATA_KEYS` (`id:base64,…`, first = current), and `ONEDOOR_DATA_KEY` beside it, if
 *   set, opens what was sealed under it (values `v1.…`, and `v2.<its derived id>.…`);
 * - else `ONEDOOR_DATA_KEY` alone: one key, id derived from it (the setting of earlier releases);
 * - else, outside production, the development key (id `dev`), with a warning.
 * Throws when a key is malformed, or in production with neither setting.
 */
export function dataKeyRing(env: NodeJS.ProcessEnv = process.env, warn: (m: string) => void = (m) => log.warn(m)): DataKeyRing {
  const single = env.ONEDOOR_DATA_KEY ? passphraseKey(env.ONEDOOR_DATA_KEY) : undefined;
  const byId = new Map<string, DataKey>();
  let current: DataKey;
  let development = false;
  if (env.ONEDOOR_DATA_KEYS) {
    const { keys, problems } = parseDataKeys(env.ONEDOOR_DATA_KEYS);
    if (problems.length) throw new Error(problems.join('; '));
    keys.forEach((k) => byId.set(k.id, k));
    current = keys[0];
  } else if (single) {
    current = { id: derivedKeyId(single), key: single };
  } else {
    if (isProduction(env)) throw new Error('ONEDOOR_DATA_KEYS (or ONEDOOR_DATA_KEY) must be set in production');
    warn('ONEDOOR_DATA_KEYS is not set: using the local development key for encryption');
    current = { id: DEVELOPMENT_KEY_ID, key: developmentKey('encryption') };
    development = true;
  }
  if (single) byId.set(derivedKeyId(single), { id: derivedKeyId(single), key: single });
  byId.set(current.id, current);
  const legacy = single ?? (isProduction(env) ? undefined : developmentKey('encryption'));
  return { current, byId, legacy, development };
}

/**
 * The reference (pseudonym) key, `ONEDOOR_REF_KEY`. It is one per deployment and has no id: every
 * personRef and householdRef in every event is an HMAC under it, so changing it would change
 * every reference in an immutable log. It does not rotate.
 */
export function refKey(env: NodeJS.ProcessEnv = process.env, warn: (m: string) => void = (m) => log.warn(m)): Buffer {
  if (env.ONEDOOR_REF_KEY) return passphraseKey(env.ONEDOOR_REF_KEY);
  if (isProduction(env)) throw new Error('ONEDOOR_REF_KEY must be set in production');
  warn('ONEDOOR_REF_KEY is not set: using the local development key for pseudonyms');
  return developmentKey('pseudonyms');
}

/** AES-256-GCM of bytes under a key: `iv.tag.body` (base64url), with `aad` authenticated. */
export function seal(key: Buffer, clear: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(clear), cipher.final()]);
  return `${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}

/** Opens `iv.tag.body` sealed by `seal`. Throws when the key, the aad or the bytes are not the sealed ones. */
export function unseal(key: Buffer, sealed: string, aad?: string): Buffer {
  const [iv, tag, body, extra] = sealed.split('.');
  if (!iv || !tag || body === undefined || extra !== undefined) throw new Error('malformed sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/** The key id a sealed value names: `v2.<kid>.…` → kid; `v1.…` → `legacy`; anything else → undefined. */
export function sealedKeyId(sealed: string): string | undefined {
  if (sealed.startsWith('v1.')) return 'legacy';
  if (sealed.startsWith('v2.')) return sealed.split('.')[1];
  return undefined;
}

/**
 * Pseudonyms and encryption for sensitive personal information (PIPL art. 28, 51): public events
 * carry keyed HMAC references, never clear ID numbers; the clear data intake must keep is
 * encrypted. Values sealed here name the deployment key they are under (`v2.<kid>.iv.tag.body`),
 * so they stay readable after `onedoor keys rotate` makes another key current; values of earlier
 * releases (`v1.iv.tag.body`) open under the legacy `ONEDOOR_DATA_KEY`.
 */
export class PersonalData {
  private readonly refKey: Buffer;
  readonly ring: DataKeyRing;

  /**
   * env: where the keys are configured (the process environment unless given); warn: where the
   * development-key warnings go (the log unless given). Throws on a malformed or missing production key.
   */
  constructor(env: NodeJS.ProcessEnv = process.env, warn?: (message: string) => void) {
    this.refKey = refKey(env, warn);
    this.ring = dataKeyRing(env, warn);
  }

  personRef(idNumber: string): string {
    return `p_${createHmac('sha256', this.refKey).update(`person:${idNumber.toUpperCase()}`).digest('base64url').slice(0, 22)}`;
  }

  /** A household is known by its sorted members, so the same family gets the same reference. */
  householdRef(memberIdNumbers: string[]): string {
    const canonical = [...memberIdNumbers].map((s) => s.toUpperCase()).sort().join(',');
    return `h_${createHmac('sha256', this.refKey).update(`household:${canonical}`).digest('base64url').slice(0, 22)}`;
  }

  /** The id of the key new values are sealed under. */
  get currentKeyId(): string {
    return this.ring.current.id;
  }

  /** AES-256-GCM under the current deployment key: `v2.<kid>.iv.tag.body`; `context` (e.g. a personRef) is bound as AAD. */
  encrypt(value: unknown, context = ''): string {
    const kid = this.ring.current.id;
    return `v2.${kid}.${seal(this.ring.current.key, Buffer.from(JSON.stringify(value), 'utf8'), `v2.${kid}|${context}`)}`;
  }

  /**
   * Opens a value sealed by `encrypt` (any key of the ring) or by earlier releases (`v1`).
   * Throws when the key it names is not configured, or the value was not sealed under it.
   */
  decrypt<T>(sealed: string, context = ''): T {
    return JSON.parse(this.decryptBytes(sealed, context).toString('utf8')) as T;
  }

  /** As decrypt, the clear bytes. */
  decryptBytes(sealed: string, context = ''): Buffer {
    if (sealed.startsWith('v1.')) {
      if (!this.ring.legacy) throw new Error('a v1 value needs ONEDOOR_DATA_KEY, the key of the release that sealed it');
      return unseal(this.ring.legacy, sealed.slice(3));
    }
    if (!sealed.startsWith('v2.')) throw new Error('unknown sealed data version');
    const rest = sealed.slice(3);
    const dot = rest.indexOf('.');
    const kid = rest.slice(0, dot);
    const key = this.ring.byId.get(kid);
    if (!key) throw new Error(`sealed under data key ${kid}, which is not configured (ONEDOOR_DATA_KEYS)`);
    return unseal(key.key, rest.slice(dot + 1), `v2.${kid}|${context}`);
  }

  /** Seals raw bytes (a subject key) under the current deployment key, bound to `context`. */
  wrap(bytes: Buffer, context: string): string {
    const kid = this.ring.current.id;
    return `v2.${kid}.${seal(this.ring.current.key, bytes, `v2.${kid}|${context}`)}`;
  }
}

/** First 6 and last 4 characters: enough to recognise, not to misuse. */
export const maskIdNumber = (id: string) => (id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****');
