import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '@onedoor/contracts';

/** The caller, as the bearer token says. */
export interface Principal {
  sub: string;
  roles: Role[];
  department?: string;
  /** Division code: access is limited to this subtree. */
  jurisdiction: string;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** The configured signing secret; a fixed development secret only when none is set. */
export function jwtSecret(): string {
  return process.env.ONEDOOR_JWT_SECRET ?? 'onedoor-local-development-secret';
}

/** HS256 JWT. Small and dependency-free: we only ever sign and verify our own tokens. */
export function signToken(claims: Principal & { exp?: number }, secret = jwtSecret(), ttlSeconds = 8 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iat: now, exp: claims.exp ?? now + ttlSeconds, ...claims }));
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

export class InvalidTokenError extends Error {}

export function verifyToken(token: string, secret = jwtSecret(), now = Date.now()): Principal {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, sig] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  let head: any;
  let claims: any;
  try {
    head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (head.alg !== 'HS256') throw new InvalidTokenError('unsupported algorithm');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < now) throw new InvalidTokenError('token expired');
  if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || typeof claims.jurisdiction !== 'string') {
    throw new InvalidTokenError('token lacks sub, roles or jurisdiction');
  }
  return { sub: claims.sub, roles: claims.roles, department: claims.department, jurisdiction: claims.jurisdiction };
}
