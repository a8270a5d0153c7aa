import { createCipheriv, randomBytes } from 'node:crypto';
import { dataKeyRing, DEVELOPMENT_KEY_ID, derivedKeyId, parseDataKeys, PersonalData, sealedKeyId } from './personal-data';
import { retentionDays, RETENTION_DEFAULTS } from './subject-keys';

const b64 = () => randomBytes(32).toString('base64');
const quiet = () => undefined;

describe('data keys with ids', () => {
  const k1 = b64();
  const k2 = b64();

  it('seals under the first key of ONEDOOR_DATA_KEYS and names it', () => {
    const pd = new PersonalData({ ONEDOOR_DATA_KEYS: `k2:${k2},k1:${k1}`, ONEDOOR_REF_KEY: 'r' }, quiet);
    const sealed = pd.encrypt({ name: '王芳' });
    expect(sealed.startsWith('v2.k2.')).toBe(true);
    expect(sealedKeyId(sealed)).toBe('k2');
    expect(sealed).not.toContain('王芳');
    expect(pd.decrypt(sealed)).toEqual({ name: '王芳' });
  });

  it('opens values sealed under an older key after rotation; new values go under the current key', () => {
    const before = new PersonalData({ ONEDOOR_DATA_KEYS: `k1:${k1}`, ONEDOOR_REF_KEY: 'r' }, quiet);
    const old = before.encrypt({ idNumber: '321323198001010012' });
    const after = new PersonalData({ ONEDOOR_DATA_KEYS: `k2:${k2},k1:${k1}`, ONEDOOR_REF_KEY: 'r' }, quiet);
    expect(after.decrypt(old)).toEqual({ idNumber: '321323198001010012' });
    expect(sealedKeyId(after.encrypt(1))).toBe('k2');
    // Without the old key it cannot be opened, and says which key it needs.
    const retired = new PersonalData({ ONEDOOR_DATA_KEYS: `k2:${k2}`, ONEDOOR_REF_KEY: 'r' }, quiet);
    expect(() => retired.decrypt(old)).toThrow('sealed under data key k1, which is not configured');
  });

  it('keeps ONEDOOR_DATA_KEY working: one key with a derived id, and v1 values of earlier releases', () => {
    const env = { ONEDOOR_DATA_KEY: 'a long secret passphrase of the deployment', ONEDOOR_REF_KEY: 'r' };
    const pd = new PersonalData(env, quiet);
    expect(pd.currentKeyId).toMatch(/^k[0-9a-f]{12}$/);
    expect(pd.currentKeyId).toBe(new PersonalData(env, quiet).currentKeyId);
    expect(pd.decrypt(pd.encrypt({ a: 1 }))).toEqual({ a: 1 });
    const v1 = legacyV1(pd.ring.legacy!, { name: '李雷' });
    expect(pd.decrypt(v1)).toEqual({ name: '李雷' });
    // Moving to ONEDOOR_DATA_KEYS with ONEDOOR_DATA_KEY kept beside it: old v1 and v2 values still open.
    const sealedBefore = pd.encrypt({ b: 2 });
    const moved = new PersonalData({ ...env, ONEDOOR_DATA_KEYS: `k3:${k1}` }, quiet);
    expect(moved.currentKeyId).toBe('k3');
    expect(moved.decrypt(v1)).toEqual({ name: '李雷' });
    expect(moved.decrypt(sealedBefore)).toEqual({ b: 2 });
  });

  it('binds the context: a value sealed for one subject does not open as another', () => {
    const pd = new PersonalData({ ONEDOOR_DATA_KEYS: `k1:${k1}`, ONEDOOR_REF_KEY: 'r' }, quiet);
    const wrapped = pd.wrap(randomBytes(32), 'subject|p_a|x');
    expect(pd.decryptBytes(wrapped, 'subject|p_a|x')).toHaveLength(32);
    expect(() => pd.decryptBytes(wrapped, 'subject|p_b|x')).toThrow();
  });

  it('refuses short, malformed, duplicate and reserved keys, listing every problem', () => {
    const { problems } = parseDataKeys(`short:${randomBytes(16).toString('base64')},bad id:${k1},dev:${k1},a:${k1},a:${k2}`);
    expect(problems).toEqual([
      'ONEDOOR_DATA_KEYS key short: needs at least 32 bytes of base64 (got 16)',
      'ONEDOOR_DATA_KEYS entry 2: expected <id>:<base64 key> with an id of letters, digits, _ or - (at most 32)',
      'ONEDOOR_DATA_KEYS key dev: the id "dev" is reserved for the development key',
      'ONEDOOR_DATA_KEYS key a is given twice',
    ]);
    expect(() => dataKeyRing({ ONEDOOR_DATA_KEYS: 'k:abc' }, quiet)).toThrow('needs at least 32 bytes');
  });

  it('uses the development key only outside production, with a warning', () => {
    const warnings: string[] = [];
    const ring = dataKeyRing({}, (m) => warnings.push(m));
    expect(ring).toMatchObject({ development: true, current: { id: DEVELOPMENT_KEY_ID } });
    expect(warnings).toEqual(['ONEDOOR_DATA_KEYS is not set: using the local development key for encryption']);
    expect(() => dataKeyRing({ NODE_ENV: 'production' }, quiet)).toThrow('must be set in production');
    expect(dataKeyRing({ NODE_ENV: 'production', ONEDOOR_DATA_KEYS: `p:${k1}` }, quiet).legacy).toBeUndefined();
  });

  it('derives the id of a single key from the key, not its text', () => {
    expect(derivedKeyId(Buffer.alloc(32, 1))).not.toBe(derivedKeyId(Buffer.alloc(32, 2)));
  });
});

describe('retention', () => {
  it('has documented defaults, each configurable in days', () => {
    expect(retentionDays({})).toEqual(Object.fromEntries(Object.entries(RETENTION_DEFAULTS).map(([t, d]) => [t, d.days])));
    expect(retentionDays({ ONEDOOR_RETENTION_PERSONAL_DATA_DAYS: '30' }).personal_data).toBe(30);
    expect(() => retentionDays({ ONEDOOR_RETENTION_IDEMPOTENCY_DAYS: '-1' })).toThrow('ONEDOOR_RETENTION_IDEMPOTENCY_DAYS must be a whole number of days');
  });
});

/** A value as earlier releases sealed it: `v1.iv.tag.body`, no key id, no AAD. */
function legacyV1(key: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}
