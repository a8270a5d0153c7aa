import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '@onedoor/contracts';
import { ProblemError } from '../http/problem';
import { InvalidTokenError, IssuerUnavailableError, verifyToken, type Principal } from './jwt';

export const PUBLIC = 'onedoor:public';
export const ROLES = 'onedoor:roles';
/** Health, metrics and docs need no token. */
export const Public = () => SetMetadata(PUBLIC, true);
/** The roles allowed to call a handler (any of them). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export function requestOf(context: ExecutionContext): any {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

/**
 * Verifies the bearer token (jwt.ts) and the handler's roles; the principal lands on
 * request.principal. No token or an invalid one → 401 problem+json with a `WWW-Authenticate`
 * challenge (RFC 6750 §3: `Bearer` alone without a token, `error="invalid_token"` and its
 * description otherwise); the issuer unreachable → 503; a role that may not → 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = requestOf(context);
    const header: unknown = req?.headers?.authorization ?? req?.connectionParams?.authorization;
    const match = typeof header === 'string' ? /^Bearer +([^\s]+) *$/i.exec(header) : null;
    if (!match) throw challenge(context, 'a bearer token is required');
    let principal: Principal;
    try {
      principal = await verifyToken(match[1]);
    } catch (e) {
      if (e instanceof IssuerUnavailableError) throw ProblemError.serviceUnavailable('the token issuer cannot be reached to verify the token; retry later');
      throw challenge(context, e instanceof InvalidTokenError ? e.message : 'invalid token', true);
    }
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles?.length && !roles.some((r) => principal.roles.includes(r) || principal.roles.includes('admin'))) {
      throw ProblemError.forbidden(`requires one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}

/** The RFC 6750 challenge: `Bearer` without a token, with `error="invalid_token"` for a refused one. */
export function bearerChallenge(description?: string): string {
  if (description === undefined) return 'Bearer';
  // quoted-string of RFC 6750 §3: printable ASCII without `"` and `\`.
  const safe = description.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '').slice(0, 200);
  return `Bearer error="invalid_token", error_description="${safe}"`;
}

function challenge(context: ExecutionContext, detail: string, invalidToken = false) {
  if (context.getType<string>() === 'http') {
    const res = context.switchToHttp().getResponse();
    res?.setHeader?.('WWW-Authenticate', bearerChallenge(invalidToken ? detail : undefined));
  }
  return new ProblemError({
    type: 'https://onedoor.example/problems/unauthorized',
    title: 'Unauthorized',
    status: 401,
    detail,
  });
}
