import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_JWT_SECRET, tokenVerificationFromEnv } from '../auth/jwt';
import { keyMaterialBytes, keyWeakness } from './key-material';
import { demoSeedEnabled, personalDataKeyProblems, startupProblems } from './production-safety';

const strong = () => randomBytes(32).toString('base64');
const PRODUCTION = { NODE_ENV: 'production' };
const OIDC = { ONEDOOR_OIDC_ISSUER: 'https://id.example.gov.cn/realms/onedoor', ONEDOOR_OIDC_AUDIENCE: 'onedoor' };
const goodKeys = () => ({ ONEDOOR_DATA_KEY: strong(), ONEDOOR_REF_KEY: strong() });

describe('key material', () => {
  it('counts hex and base64 by what they decode to, text by its bytes', () => {
    expect(keyMaterialBytes(randomBytes(32).toString('hex'))).toBe(32);
    expect(keyMaterialBytes(randomBytes(16).toString('hex'))).toBe(16);
    expect(keyMaterialBytes(randomBytes(32).toString('base64'))).toBe(32);
    expect(keyMaterialBytes('a passphrase of thirty-two bytes')).toBe(32);
    expect(keyMaterialBytes('c2hvcnQ=')).toBe(5); // "short" in base64
  });
  it('calls development values, short values and repetitions weak', () => {
    expect(keyWeakness(DEVELOPMENT_JWT_SECRET, [DEVELOPMENT_JWT_SECRET])).toBe('is the development value');
    expect(keyWeakness('onedoor-local-development-encryption')).toBe('is the development value');
    expect(keyWeakness('short-secret')).toMatch(/holds 12 bytes/);
    expect(keyWeakness('a'.repeat(64))).toMatch(/distinct characters/);
    expect(keyWeakness(strong())).toBeUndefined();
    // The development keys themselves, as they could be written into configuration.
    const derived = createHash('sha256').update('onedoor-local-development-encryption').digest();
    for (const form of [derived.toString('base64'), derived.toString('base64url'), derived.toString('hex')]) {
      expect(keyWeakness(form, ['onedoor-local-development-encryption'])).toBe('is the development value');
    }
  });
});

describe('startupProblems', () => {
  it('finds nothing outside production with nothing configured (local development)', () => {
    expect(startupProblems({ personalData: true }, {})).toEqual([]);
  });

  it('names every problem of a production start with development values at once', () => {
    const problems = startupProblems({ personalData: true, demoSeed: true }, { ...PRODUCTION, ONEDOOR_JWT_SECRET: DEVELOPMENT_JWT_SECRET, ONEDOOR_DATA_KEY: 'onedoor-local-development-encryption', ONEDOOR_SEED: 'true' });
    expect(problems).toEqual([
      expect.stringMatching(/ONEDOOR_JWT_SECRET is the public development secret/),
      expect.stringMatching(/no token verification is configured/),
      expect.stringMatching(/ONEDOOR_DATA_KEY is the development value/),
      expect.stringMatching(/ONEDOOR_REF_KEY is not set/),
      expect.stringMatching(/ONEDOOR_SEED is on/),
    ]);
    // a service that never seeds is not refused for ONEDOOR_SEED
    expect(startupProblems({}, { ...PRODUCTION, ...OIDC, ONEDOOR_SEED: 'true' })).toEqual([]);
  });

  it('counts ONEDOOR_ENV=production as production too', () => {
    expect(startupProblems({}, { ONEDOOR_ENV: 'production' })).toEqual([expect.stringMatching(/no token verification is configured/)]);
  });

  it('accepts OIDC with strong keys, and keeps the keys to processes that hold personal data', () => {
    expect(startupProblems({ personalData: true }, { ...PRODUCTION, ...OIDC, ...goodKeys() })).toEqual([]);
    expect(startupProblems({}, { ...PRODUCTION, ...OIDC })).toEqual([]);
  });

  it('allows HS256 in production only with ONEDOOR_ALLOW_HS256=1 and a strong secret', () => {
    const secret = strong();
    expect(startupProblems({}, { ...PRODUCTION, ONEDOOR_JWT_SECRET: secret })).toEqual([expect.stringMatching(/unless ONEDOOR_ALLOW_HS256=1/)]);
    expect(startupProblems({}, { ...PRODUCTION, ONEDOOR_JWT_SECRET: secret, ONEDOOR_ALLOW_HS256: '1' })).toEqual([]);
    expect(startupProblems({}, { ...PRODUCTION, ONEDOOR_JWT_SECRET: 'too-short', ONEDOOR_ALLOW_HS256: '1' })).toEqual([
      expect.stringMatching(/ONEDOOR_JWT_SECRET holds 9 bytes/),
      expect.stringMatching(/no token verification is configured/),
    ]);
    // and the verifier agrees: no shared secret in production without the switch
    expect(tokenVerificationFromEnv({ ...PRODUCTION, ...OIDC, ONEDOOR_JWT_SECRET: secret }).sharedSecret).toBeUndefined();
    expect(tokenVerificationFromEnv({ ...PRODUCTION, ONEDOOR_JWT_SECRET: secret, ONEDOOR_ALLOW_HS256: '1' }).sharedSecret?.secret).toBe(secret);
    expect(tokenVerificationFromEnv({ ...PRODUCTION }).sharedSecret).toBeUndefined();
    expect(tokenVerificationFromEnv({}).sharedSecret?.secret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('refuses the same key for encryption and pseudonyms, and an issuer over plain http', () => {
    const key = strong();
    expect(startupProblems({ personalData: true }, { ...PRODUCTION, ...OIDC, ONEDOOR_DATA_KEY: key, ONEDOOR_REF_KEY: key })).toEqual([expect.stringMatching(/same value/)]);
    expect(startupProblems({}, { ...PRODUCTION, ONEDOOR_OIDC_ISSUER: 'http://id.example.gov.cn', ONEDOOR_OIDC_AUDIENCE: 'onedoor' })).toEqual([
      expect.stringMatching(/ONEDOOR_OIDC_ISSUER must be an https URL/),
    ]);
  });

  it('refuses values that cannot be used in any environment', () => {
    expect(startupProblems({}, { ONEDOOR_OIDC_ISSUER: 'https://id.example.gov.cn' })).toEqual([expect.stringMatching(/needs ONEDOOR_OIDC_AUDIENCE/)]);
    expect(startupProblems({}, { ...OIDC, ONEDOOR_OIDC_ROLE_MAP: '{"x":"root"}' })).toEqual([expect.stringMatching(/ONEDOOR_OIDC_ROLE_MAP/)]);
    expect(startupProblems({}, { ONEDOOR_JWT_CLOCK_TOLERANCE_SECONDS: '-5' })).toEqual([expect.stringMatching(/ONEDOOR_JWT_CLOCK_TOLERANCE_SECONDS/)]);
    expect(startupProblems({}, { ONEDOOR_SEED: 'maybe' })).toEqual([expect.stringMatching(/ONEDOOR_SEED must be true or false/)]);
  });
});

describe('demo seed', () => {
  it('is on by default locally and off by default in production', () => {
    expect(demoSeedEnabled({})).toBe(true);
    expect(demoSeedEnabled({ ONEDOOR_SEED: 'false' })).toBe(false);
    expect(demoSeedEnabled(PRODUCTION)).toBe(false);
    expect(demoSeedEnabled({ ONEDOOR_ENV: 'production' })).toBe(false);
    expect(demoSeedEnabled({ ...PRODUCTION, ONEDOOR_SEED: 'true' })).toBe(true); // and startupProblems refuses it
  });
});

describe('ONEDOOR_DATA_KEYS in production', () => {
  const b64 = (n = 32) => randomBytes(n).toString('base64');
  it('accepts keys with ids in place of ONEDOOR_DATA_KEY', () => {
    expect(personalDataKeyProblems({ ONEDOOR_DATA_KEYS: `k2:${b64()},k1:${b64()}`, ONEDOOR_REF_KEY: b64() })).toEqual([]);
  });
  it('names every short, malformed, repeated or development key', () => {
    expect(personalDataKeyProblems({ ONEDOOR_DATA_KEYS: `k1:${b64(16)},nocolon,dev:${b64()},k1:${b64()}`, ONEDOOR_REF_KEY: b64() })).toEqual([
      expect.stringMatching(/key k1 holds 16 bytes/),
      expect.stringMatching(/entry 2 is not <id>:<base64 key>/),
      expect.stringMatching(/key dev: that id is the development key's/),
      expect.stringMatching(/key k1 is given twice/),
    ]);
    expect(personalDataKeyProblems({ ONEDOOR_DATA_KEYS: '', ONEDOOR_REF_KEY: b64() })).toEqual(['ONEDOOR_DATA_KEYS names no key']);
  });
});
