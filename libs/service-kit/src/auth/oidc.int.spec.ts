/**
 * Tokens of an OpenID Connect issuer, verified against its discovery document and JWKS served by a
 * real local HTTP server (keys from jose's generateKeyPair): what is accepted, what is refused and
 * why, and key rotation without a restart.
 */
import { createHmac } from 'node:crypto';
import { foreignKey, startLocalIssuer, unsignedToken, AUDIENCE, type IssuerKey, type LocalIssuer } from './test-issuer';
import { ONEDOOR_CLAIMS } from './claims';
import { InvalidTokenError, IssuerUnavailableError, signToken, TokenVerifier, tokenVerificationFromEnv, type OidcSettings } from './jwt';

const SIYANG = '321323';
const CASEWORKER = { sub: 'caseworker-siyang', roles: ['caseworker'], jurisdiction: SIYANG };
const now = () => Math.floor(Date.now() / 1000);

let issuer: LocalIssuer;
let rsa: IssuerKey;
let ec: IssuerKey;

const oidc = (overrides: Partial<OidcSettings> = {}): OidcSettings => ({
  issuer: issuer.issuer,
  audience: [AUDIENCE],
  claims: ONEDOOR_CLAIMS,
  jwksCooldownMs: 0,
  jwksMaxAgeMs: 600_000,
  fetchTimeoutMs: 2_000,
  ...overrides,
});
const verifierFor = (overrides: Partial<OidcSettings> = {}) => new TokenVerifier({ oidc: oidc(overrides), clockToleranceSeconds: 30 });

async function refusal(verifier: TokenVerifier, token: string): Promise<string> {
  const outcome = await verifier.verify(token).then(
    (p) => new Error(`accepted: ${JSON.stringify(p)}`),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(InvalidTokenError);
  return (outcome as Error).message;
}

beforeAll(async () => {
  issuer = await startLocalIssuer();
  rsa = await issuer.addKey('RS256');
  ec = await issuer.addKey('ES256');
});

afterAll(() => issuer?.close());

describe('OIDC tokens (discovery + JWKS)', () => {
  it('accepts RS256 and ES256 tokens of the issuer, found through discovery, and reads the principal from them', async () => {
    const verifier = verifierFor();
    await expect(verifier.verify(await issuer.sign(rsa, CASEWORKER))).resolves.toEqual(CASEWORKER);
    await expect(verifier.verify(await issuer.sign(ec, { ...CASEWORKER, roles: ['auditor'] }))).resolves.toMatchObject({ roles: ['auditor'] });
    // a token a little past exp or before nbf passes within the clock tolerance (30 s)
    await expect(verifier.verify(await issuer.sign(rsa, { ...CASEWORKER, exp: now() - 10, nbf: now() + 10 }))).resolves.toMatchObject({ sub: CASEWORKER.sub });
  });

  it('refuses expired, not yet valid, foreign, unbounded and malformed tokens', async () => {
    const verifier = verifierFor();
    const refused = async (claims: Record<string, unknown>, key = rsa) => refusal(verifier, await issuer.sign(key, { ...CASEWORKER, ...claims }));
    expect(await refused({ exp: now() - 120 })).toBe('token expired');
    expect(await refused({ nbf: now() + 600 })).toBe('token not yet valid (nbf)');
    expect(await refused({ iss: 'https://evil.example/realms/onedoor' })).toMatch(/^iss claim refused/);
    expect(await refused({ aud: 'another-application' })).toMatch(/^aud claim refused/);
    expect(await refused({ exp: undefined })).toBe('the token has no exp claim');
    expect(await refused({ exp: '1' })).toMatch(/^exp claim refused: exp claim must be a number/);
    expect(await refused({ exp: String(now() + 3600) })).toMatch(/exp claim must be a number/);
    expect(await refused({ nbf: 'now' })).toMatch(/nbf claim must be a number/);
    expect(await refused({ roles: ['caseworker', 'superuser'] })).toMatch(/^unknown role "superuser"/);
    for (const jurisdiction of ['32', '3', '3213', '3213230']) expect(await refused({ jurisdiction })).toMatch(/must be a division code/);
    expect(await refused({ jurisdiction: '000000' })).toMatch(/administrators only/);
  });

  it('refuses alg none, HS256 made with the issuer\'s public key, and keys the issuer never served', async () => {
    const verifier = verifierFor();
    const claims = { ...CASEWORKER, iss: issuer.issuer, aud: AUDIENCE, exp: now() + 3600 };
    expect(await refusal(verifier, unsignedToken(claims))).toBe('token algorithm none not accepted');
    expect(await refusal(verifier, unsignedToken(claims, { alg: 'RS256', kid: rsa.kid }))).toMatch(/bad signature|malformed/);
    // HS256 "signed" with the RSA public key (PEM and JWK modulus): the algorithm-confusion attack
    for (const secret of [rsa.spki, String(rsa.jwk.n)]) {
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: rsa.kid })).toString('base64url');
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      expect(await refusal(verifier, `${header}.${payload}.${sig}`)).toBe('token algorithm HS256 not accepted');
    }
    // a key pair of the attacker's, claiming the kid of the issuer's key
    expect(await refusal(verifier, await issuer.sign(await foreignKey('RS256', rsa.kid), CASEWORKER))).toBe('bad signature');
    expect(await refusal(verifier, await issuer.sign(await foreignKey('ES256', 'made-up'), CASEWORKER))).toBe('no key of the issuer matches the token (kid)');
    // RS512 is not among the accepted algorithms, whoever signed
    expect(await refusal(verifier, unsignedToken(claims, { alg: 'RS512', kid: rsa.kid }))).toBe('token algorithm RS512 not accepted');
    expect(await refusal(verifier, 'not-a-token')).toBe('malformed token');
  });

  it('follows key rotation without a restart: a new key is fetched on first sight, a removed one is refused', async () => {
    const verifier = verifierFor();
    await expect(verifier.verify(await issuer.sign(rsa, CASEWORKER))).resolves.toMatchObject(CASEWORKER);
    const fetchedBefore = issuer.jwksFetches();

    const rotated = await issuer.addKey('RS256');
    issuer.removeKey(rsa.kid);
    await expect(verifier.verify(await issuer.sign(rotated, CASEWORKER))).resolves.toMatchObject(CASEWORKER);
    expect(issuer.jwksFetches()).toBeGreaterThan(fetchedBefore); // the new kid made the set be fetched again
    expect(await refusal(verifier, await issuer.sign(rsa, CASEWORKER))).toBe('no key of the issuer matches the token (kid)');
    await expect(verifier.verify(await issuer.sign(ec, CASEWORKER))).resolves.toMatchObject(CASEWORKER);
  });

  it('uses a configured JWKS URL without discovery, and the role and claim mapping of the environment', async () => {
    const key = await issuer.addKey('ES256');
    const settings = tokenVerificationFromEnv({
      ONEDOOR_OIDC_ISSUER: issuer.issuer,
      ONEDOOR_OIDC_AUDIENCE: `other,${AUDIENCE}`,
      ONEDOOR_OIDC_JWKS_URL: issuer.jwksUrl,
      ONEDOOR_OIDC_ROLES_CLAIM: 'realm_access.roles',
      ONEDOOR_OIDC_ROLE_MAP: '{"sa-caseworker":"caseworker","sa-finance":"finance"}',
      ONEDOOR_OIDC_JURISDICTION_CLAIM: 'division_code',
      ONEDOOR_OIDC_DEPARTMENT_CLAIM: 'dept',
    });
    expect(settings.sharedSecret).toBeUndefined(); // with an issuer, no development secret
    const verifier = new TokenVerifier(settings);
    const token = await issuer.sign(key, { sub: 'u-1', realm_access: { roles: ['offline_access', 'sa-finance'] }, division_code: '321323100' });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'u-1', roles: ['finance'], jurisdiction: '321323100' });
    expect(await refusal(verifier, await issuer.sign(key, { sub: 'u-2', realm_access: { roles: ['offline_access'] }, division_code: SIYANG }))).toBe('the token carries no OneDoor role');
    // a OneDoor HS256 token means nothing here
    expect(await refusal(verifier, signToken(CASEWORKER as never))).toBe('token algorithm HS256 not accepted');
  });

  it('answers "issuer unavailable" (not "invalid") when the issuer cannot be reached', async () => {
    const gone = await startLocalIssuer();
    const key = await gone.addKey('RS256');
    const token = await gone.sign(key, CASEWORKER);
    await gone.close();
    const verifier = new TokenVerifier({ oidc: { ...oidc(), issuer: gone.issuer }, clockToleranceSeconds: 30 });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(IssuerUnavailableError);
  });
});

describe('HS256 tokens with the shared secret', () => {
  const secret = 'a-shared-secret-of-more-than-thirty-two-bytes';
  const verifier = new TokenVerifier({ sharedSecret: { secret, issuer: 'onedoor-local', audience: ['onedoor'] }, clockToleranceSeconds: 30 });
  const hs = (claims: Record<string, unknown>) => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: 'onedoor-local', aud: 'onedoor', exp: now() + 600, ...CASEWORKER, ...claims })).toString('base64url');
    return `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;
  };

  it('accepts a token with exp, iss and aud as configured', async () => {
    await expect(verifier.verify(hs({}))).resolves.toEqual(CASEWORKER);
  });

  it('refuses one without exp, with exp "1", of another issuer or audience, or signed with another secret', async () => {
    expect(await refusal(verifier, hs({ exp: undefined }))).toBe('the token has no exp claim');
    expect(await refusal(verifier, hs({ exp: '1' }))).toMatch(/exp claim must be a number/);
    expect(await refusal(verifier, hs({ exp: now() - 3600 }))).toBe('token expired');
    expect(await refusal(verifier, hs({ iss: 'someone-else' }))).toMatch(/^iss claim refused/);
    expect(await refusal(verifier, hs({ aud: 'someone-else' }))).toMatch(/^aud claim refused/);
    expect(await refusal(verifier, signToken(CASEWORKER as never, 'onedoor-local-development-secret'))).toBe('bad signature');
    expect(await refusal(verifier, unsignedToken({ ...CASEWORKER, exp: now() + 60 }))).toBe('token algorithm none not accepted');
  });
});
