/**
 * A local OpenID Connect issuer, for tests only (not exported from the service kit): serves
 * `<issuer>/.well-known/openid-configuration` and its JWKS over HTTP on 127.0.0.1, with keys made
 * by jose's generateKeyPair; keys can be added and removed while it runs (rotation), and it signs
 * tokens with any of them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';

export type IssuerAlg = 'RS256' | 'ES256';

export interface IssuerKey {
  kid: string;
  alg: IssuerAlg;
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
  /** The public key as PEM (what an attacker has to try HS256 with it). */
  spki: string;
}

export interface LocalIssuer {
  /** The `iss` of its tokens. */
  issuer: string;
  jwksUrl: string;
  /** How many times the key set was fetched. */
  jwksFetches(): number;
  /** Generates a key and serves it in the JWKS from now on. */
  addKey(alg: IssuerAlg, kid?: string): Promise<IssuerKey>;
  /** Stops serving a key. */
  removeKey(kid: string): void;
  /** A JWT signed by `key` with the issuer as `iss`, `aud` "onedoor", `iat` now and `exp` in an hour unless `claims` say otherwise. */
  sign(key: IssuerKey, claims: JWTPayload & Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const AUDIENCE = 'onedoor';

/** A key pair the issuer never served (an attacker's). */
export async function foreignKey(alg: IssuerAlg, kid: string): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, spki: await exportSPKI(publicKey) };
}

export async function startLocalIssuer(path = '/realms/onedoor'): Promise<LocalIssuer> {
  const keys = new Map<string, IssuerKey>();
  let fetches = 0;
  let base = '';
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.url === `${path}/.well-known/openid-configuration`) {
      return send(200, { issuer: `${base}${path}`, jwks_uri: `${base}${path}/protocol/openid-connect/certs`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] });
    }
    if (req.url === `${path}/protocol/openid-connect/certs`) {
      fetches++;
      return send(200, { keys: [...keys.values()].map((k) => k.jwk) });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let serial = 0;
  return {
    issuer: `${base}${path}`,
    jwksUrl: `${base}${path}/protocol/openid-connect/certs`,
    jwksFetches: () => fetches,
    async addKey(alg, kid = `${alg.toLowerCase()}-${++serial}`) {
      const key = await foreignKey(alg, kid);
      keys.set(kid, key);
      return key;
    },
    removeKey: (kid) => void keys.delete(kid),
    async sign(key, claims, header = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: `${base}${path}`, aud: AUDIENCE, iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** An unsigned token (`alg: none`), as an attacker would send one. */
export const unsignedToken = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'none', typ: 'JWT' }) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
