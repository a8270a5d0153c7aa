import { DEVELOPMENT_JWT_SECRET, signToken, TokenVerifier, tokenVerificationFromEnv } from './jwt';

const env = { ONEDOOR_JWT_SECRET: DEVELOPMENT_JWT_SECRET } as NodeJS.ProcessEnv;
const verifier = () => new TokenVerifier(tokenVerificationFromEnv(env));
const claims = { sub: 'cw', roles: ['caseworker' as const], jurisdiction: '321323' };
const now = () => Math.floor(Date.now() / 1000);

describe('shared-secret tokens cannot outlive their allowed lifetime', () => {
  it('accepts a token of the usual 8 hours', async () => {
    await expect(verifier().verify(signToken(claims, DEVELOPMENT_JWT_SECRET))).resolves.toMatchObject({ sub: 'cw' });
  });

  it.each([
    ['an expiry centuries away', { exp: 1e12 }, /expires more than 86400 s from now/],
    ['an expiry two days away', { exp: now() + 2 * 86_400 }, /expires more than/],
    ['an issue time in the future', { iat: now() + 3600 }, /issued in the future/],
  ])('refuses %s', async (_, extra, reason) => {
    await expect(verifier().verify(signToken({ ...claims, ...extra } as never, DEVELOPMENT_JWT_SECRET))).rejects.toThrow(reason);
  });
});
