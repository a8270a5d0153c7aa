import { createHmac } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import { ConfigurationError, isProduction } from '../config/environment';
import { keyWeakness } from '../config/key-material';
import { InvalidTokenError, ONEDOOR_CLAIMS, parseRoleMap, principalFromClaims, type ClaimMapping, type Principal } from './claims';

export { InvalidTokenError, type Principal } from './claims';

/**
 * Bearer tokens (RFC 7519) as a city runs them:
 * - **OIDC**: tokens of the configured issuer (`ONEDOOR_OIDC_ISSUER`, `ONEDOOR_OIDC_AUDIENCE`),
 *   RS256 or ES256, verified against its JWKS (found through OIDC discovery, or
 *   `ONEDOOR_OIDC_JWKS_URL`); a token with a key id not yet known makes the set be fetched again,
 *   so the issuer rotates keys without a restart. `iss`, `aud` and `exp` are required, `nbf` honoured.
 * - **HS256** with the shared secret `ONEDOOR_JWT_SECRET` (`npm run token`): for local use; in
 *   production only with `ONEDOOR_ALLOW_HS256=1` and a strong secret. `exp` is required;
 *   `iss` / `aud` are checked when `ONEDOOR_JWT_ISSUER` / `ONEDOOR_JWT_AUDIENCE` are set.
 * Then the claims must describe a OneDoor principal (claims.ts): known roles, a well-formed
 * jurisdiction. Verification uses `jose`.
 */

/** Signs local tokens when ONEDOOR_JWT_SECRET is unset, outside production only. Public: never trust it. */
export const DEVELOPMENT_JWT_SECRET = 'onedoor-local-development-secret';

/** The algorithms accepted from an OIDC issuer (no symmetric ones: the issuer's keys are public). */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

/**
 * The shared HS256 secret: ONEDOOR_JWT_SECRET, else the development secret — outside production
 * only; in production an unset secret throws ConfigurationError.
 */
export function jwtSecret(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ONEDOOR_JWT_SECRET;
  if (configured) return configured;
  if (isProduction(env)) throw new ConfigurationError('ONEDOOR_JWT_SECRET is not set: production never uses the development secret');
  return DEVELOPMENT_JWT_SECRET;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * An HS256 JWT for `claims`, valid `ttlSeconds` (default 8 h) from now unless `claims.exp` (seconds
 * since the epoch) says otherwise; `iss` / `aud` from ONEDOOR_JWT_ISSUER / ONEDOOR_JWT_AUDIENCE when
 * set. Synchronous, for `npm run token`, tests and the demo.
 */
export function signToken(
  claims: Principal & { exp?: number; nbf?: number; iss?: string; aud?: string | string[] },
  secret = jwtSecret(),
  ttlSeconds = 8 * 3600,
): string {
  const now = Math.floor(Date.now() / 1000);
  const issuer = process.env.ONEDOOR_JWT_ISSUER || undefined;
  const audience = list(process.env.ONEDOOR_JWT_AUDIENCE);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iat: now,
      exp: now + ttlSeconds,
      ...(issuer ? { iss: issuer } : {}),
      ...(audience.length ? { aud: audience.length === 1 ? audience[0] : audience } : {}),
      ...claims,
    }),
  );
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** The issuer (its discovery document or key set) cannot be reached: the caller retries later (503). */
export class IssuerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssuerUnavailableError';
  }
}

export interface OidcSettings {
  /** Exactly the `iss` of its tokens, e.g. `https://id.city.gov.cn/realms/onedoor`. */
  issuer: string;
  /** Accepted `aud` values (a token must name one). */
  audience: string[];
  /** The JWKS; unset: `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  claims: ClaimMapping;
  /** After a fetch, the set is not fetched again for an unknown key id for this long (ms). */
  jwksCooldownMs: number;
  /** The fetched set is trusted this long (ms); then it is fetched again before use. */
  jwksMaxAgeMs: number;
  /** Discovery and JWKS requests give up after this long (ms). */
  fetchTimeoutMs: number;
}

export interface SharedSecretSettings {
  secret: string;
  issuer?: string;
  audience?: string[];
}

export interface TokenVerificationSettings {
  oidc?: OidcSettings;
  /** HS256; absent: HS256 tokens are refused. */
  sharedSecret?: SharedSecretSettings;
  /** Leeway for `exp`, `nbf` and `iat` (seconds). */
  clockToleranceSeconds: number;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ConfigurationError(`${name} must be a whole number of seconds from 0 to ${max}, got "${raw}"`);
  return n;
}

/**
 * Token verification as the environment configures it (see the README's configuration table).
 * Throws ConfigurationError for values that cannot be used (an issuer without an audience, a role
 * map that is not JSON, …). In production the development secret is never used and HS256 only
 * with `ONEDOOR_ALLOW_HS256=1` and a strong secret (production-safety.ts reports why not).
 */
export function tokenVerificationFromEnv(env: NodeJS.ProcessEnv = process.env): TokenVerificationSettings {
  const clockToleranceSeconds = seconds(env, 'ONEDOOR_JWT_CLOCK_TOLERANCE_SECONDS', DEFAULT_CLOCK_TOLERANCE_SECONDS, 300);
  const issuer = env.ONEDOOR_OIDC_ISSUER?.trim() || undefined;
  const audience = list(env.ONEDOOR_OIDC_AUDIENCE);
  let oidc: OidcSettings | undefined;
  if (issuer || audience.length || env.ONEDOOR_OIDC_JWKS_URL) {
    if (!issuer) throw new ConfigurationError('ONEDOOR_OIDC_AUDIENCE / ONEDOOR_OIDC_JWKS_URL need ONEDOOR_OIDC_ISSUER (the iss of its tokens)');
    if (!audience.length) throw new ConfigurationError('ONEDOOR_OIDC_ISSUER needs ONEDOOR_OIDC_AUDIENCE (the aud OneDoor\'s tokens carry)');
    for (const [name, url] of [['ONEDOOR_OIDC_ISSUER', issuer], ['ONEDOOR_OIDC_JWKS_URL', env.ONEDOOR_OIDC_JWKS_URL]] as const) {
      if (url === undefined || url === '') continue;
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new ConfigurationError(`${name} must be an http(s) URL, got "${url}"`);
    }
    oidc = {
      issuer,
      audience,
      jwksUrl: env.ONEDOOR_OIDC_JWKS_URL || undefined,
      claims: {
        rolesClaim: env.ONEDOOR_OIDC_ROLES_CLAIM || 'roles',
        roleMap: parseRoleMap(env.ONEDOOR_OIDC_ROLE_MAP),
        jurisdictionClaim: env.ONEDOOR_OIDC_JURISDICTION_CLAIM || 'jurisdiction',
        departmentClaim: env.ONEDOOR_OIDC_DEPARTMENT_CLAIM || 'department',
      },
      jwksCooldownMs: 30_000,
      jwksMaxAgeMs: seconds(env, 'ONEDOOR_OIDC_JWKS_MAX_AGE_SECONDS', 600, 86_400) * 1000,
      fetchTimeoutMs: 5_000,
    };
  }
  let sharedSecret: SharedSecretSettings | undefined;
  const configured = env.ONEDOOR_JWT_SECRET || undefined;
  const secret = isProduction(env)
    ? env.ONEDOOR_ALLOW_HS256 === '1' && configured && !keyWeakness(configured, [DEVELOPMENT_JWT_SECRET])
      ? configured
      : undefined
    : configured ?? (oidc ? undefined : DEVELOPMENT_JWT_SECRET);
  if (secret) {
    const hsAudience = list(env.ONEDOOR_JWT_AUDIENCE);
    sharedSecret = { secret, issuer: env.ONEDOOR_JWT_ISSUER || undefined, audience: hsAudience.length ? hsAudience : undefined };
  }
  return { oidc, sharedSecret, clockToleranceSeconds };
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** Why a JOSE failure refused the token, in words fit for `error_description`. */
function explain(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf' && e.reason === 'check_failed') return 'token not yet valid (nbf)';
    if (e.reason === 'missing') return `the token has no ${e.claim} claim`;
    return `${e.claim} claim refused: ${e.message.replace(/"/g, '')}`;
  }
  if (e instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not accepted';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token (kid)';
  if (e instanceof errors.JWKSMultipleMatchingKeys) return 'several keys of the issuer match the token: it must name its kid';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return 'malformed token';
  return 'invalid token';
}

/**
 * Verifies bearer tokens under one set of settings; holds the issuer's key set between requests.
 * `verify` resolves to the principal, or rejects with InvalidTokenError (→ 401) or
 * IssuerUnavailableError (→ 503).
 */
export class TokenVerifier {
  private keys?: Promise<JWTVerifyGetKey>;
  private lastFailure?: { at: number; error: IssuerUnavailableError };

  constructor(readonly settings: TokenVerificationSettings) {}

  async verify(token: string): Promise<Principal> {
    if (typeof token !== 'string' || token.length > 16_384 || token.split('.').length !== 3) throw new InvalidTokenError('malformed token');
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidTokenError('malformed token');
    }
    const { oidc, sharedSecret, clockToleranceSeconds } = this.settings;
    const clockTolerance = clockToleranceSeconds;
    let payload: JWTPayload;
    let mapping: ClaimMapping;
    try {
      if (header.alg === 'HS256' && sharedSecret) {
        ({ payload } = await jwtVerify(token, new TextEncoder().encode(sharedSecret.secret), {
          algorithms: ['HS256'],
          issuer: sharedSecret.issuer,
          audience: sharedSecret.audience,
          requiredClaims: ['exp', ...(sharedSecret.issuer ? ['iss'] : []), ...(sharedSecret.audience ? ['aud'] : [])],
          clockTolerance,
        }));
        refuseOutlivingTokens(payload, clockTolerance);
        mapping = ONEDOOR_CLAIMS;
      } else if (oidc && (OIDC_ALGORITHMS as readonly unknown[]).includes(header.alg)) {
        ({ payload } = await jwtVerify(token, await this.issuerKeys(oidc), {
          algorithms: [...OIDC_ALGORITHMS],
          issuer: oidc.issuer,
          audience: oidc.audience,
          requiredClaims: ['exp', 'iss', 'aud'],
          clockTolerance,
        }));
        mapping = oidc.claims;
      } else {
        throw new InvalidTokenError(`token algorithm ${typeof header.alg === 'string' ? header.alg.replace(/[^\w-]/g, '').slice(0, 16) : '(none)'} not accepted`);
      }
    } catch (e) {
      if (e instanceof InvalidTokenError || e instanceof IssuerUnavailableError) throw e;
      if (e instanceof errors.JOSEError) throw new InvalidTokenError(explain(e));
      throw e;
    }
    return principalFromClaims(payload as Record<string, unknown>, mapping);
  }

  /** The issuer's key set: discovered once, re-fetched by jose when a token names an unknown kid. */
  private issuerKeys(oidc: OidcSettings): Promise<JWTVerifyGetKey> {
    if (this.lastFailure && Date.now() - this.lastFailure.at < 5_000) return Promise.reject(this.lastFailure.error);
    this.keys ??= this.discover(oidc).catch((e) => {
      this.keys = undefined;
      const error = e instanceof IssuerUnavailableError ? e : new IssuerUnavailableError(`the token issuer is unavailable: ${(e as Error).message}`);
      this.lastFailure = { at: Date.now(), error };
      throw error;
    });
    return this.keys;
  }

  private async discover(oidc: OidcSettings): Promise<JWTVerifyGetKey> {
    let jwksUrl = oidc.jwksUrl;
    if (!jwksUrl) {
      const where = `${oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(where, { signal: AbortSignal.timeout(oidc.fetchTimeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) throw new IssuerUnavailableError(`the token issuer's discovery document answered ${res.status}`);
      const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
      // OpenID Connect Discovery 1.0 §4.3: the document must name exactly the configured issuer.
      if (doc.issuer !== oidc.issuer) throw new IssuerUnavailableError(`the discovery document names issuer ${JSON.stringify(doc.issuer)}, not ${oidc.issuer}`);
      if (typeof doc.jwks_uri !== 'string' || !URL.canParse(doc.jwks_uri)) throw new IssuerUnavailableError('the discovery document has no jwks_uri');
      jwksUrl = doc.jwks_uri;
    }
    const url = new URL(jwksUrl);
    if (url.protocol !== 'https:' && !isLoopback(url) && isProduction()) throw new IssuerUnavailableError(`the issuer's key set must be served over https in production: ${url.href}`);
    const remote = createRemoteJWKSet(url, { cooldownDuration: oidc.jwksCooldownMs, cacheMaxAge: oidc.jwksMaxAgeMs, timeoutDuration: oidc.fetchTimeoutMs });
    return async (header, input) => {
      try {
        return await remote(header, input);
      } catch (e) {
        if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys || e instanceof errors.JOSENotSupported) throw e;
        throw new IssuerUnavailableError(`the token issuer's key set is unavailable: ${(e as Error).message}`);
      }
    };
  }
}

const VERIFICATION_ENV = [
  'NODE_ENV',
  'ONEDOOR_ENV',
  'ONEDOOR_JWT_SECRET',
  'ONEDOOR_JWT_ISSUER',
  'ONEDOOR_JWT_AUDIENCE',
  'ONEDOOR_ALLOW_HS256',
  'ONEDOOR_JWT_CLOCK_TOLERANCE_SECONDS',
  'ONEDOOR_OIDC_ISSUER',
  'ONEDOOR_OIDC_AUDIENCE',
  'ONEDOOR_OIDC_JWKS_URL',
  'ONEDOOR_OIDC_JWKS_MAX_AGE_SECONDS',
  'ONEDOOR_OIDC_ROLES_CLAIM',
  'ONEDOOR_OIDC_ROLE_MAP',
  'ONEDOOR_OIDC_JURISDICTION_CLAIM',
  'ONEDOOR_OIDC_DEPARTMENT_CLAIM',
];
let current: { fingerprint: string; verifier: TokenVerifier } | undefined;

/** The process's verifier, from the environment; made again (with a fresh key set) when the environment changes. */
export function defaultTokenVerifier(env: NodeJS.ProcessEnv = process.env): TokenVerifier {
  const fingerprint = JSON.stringify(VERIFICATION_ENV.map((name) => env[name] ?? null));
  if (current?.fingerprint !== fingerprint) current = { fingerprint, verifier: new TokenVerifier(tokenVerificationFromEnv(env)) };
  return current.verifier;
}

/**
 * The principal of a bearer token (without "Bearer "), verified as configured (see TokenVerifier).
 * Rejects with InvalidTokenError (401), IssuerUnavailableError (503) or ConfigurationError.
 */
export function verifyToken(token: string, verifier: TokenVerifier = defaultTokenVerifier()): Promise<Principal> {
  return verifier.verify(token);
}

/**
 * Longest life of a token signed with the shared secret, in seconds: ONEDOOR_JWT_MAX_LIFETIME_SECONDS,
 * default 86400 (one day; `npm run token` issues 8 h). A leaked signer cannot mint tokens that
 * never expire.
 */
export const maxSharedSecretTokenLifetime = (env: NodeJS.ProcessEnv = process.env): number => {
  const n = Number(env.ONEDOOR_JWT_MAX_LIFETIME_SECONDS ?? 86_400);
  return Number.isFinite(n) && n > 0 ? n : 86_400;
};

/** Refuses a shared-secret token issued in the future (`iat`) or expiring beyond the longest life allowed. Throws InvalidTokenError. */
function refuseOutlivingTokens(payload: JWTPayload, clockToleranceSeconds: number): void {
  const now = Date.now() / 1000;
  if (typeof payload.iat === 'number' && payload.iat > now + clockToleranceSeconds) throw new InvalidTokenError('the token was issued in the future (iat)');
  const limit = maxSharedSecretTokenLifetime();
  if (typeof payload.exp === 'number' && payload.exp > now + limit + clockToleranceSeconds) {
    throw new InvalidTokenError(`the token expires more than ${limit} s from now (ONEDOOR_JWT_MAX_LIFETIME_SECONDS)`);
  }
}
