import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '@onedoor/contracts';
import { ProblemError } from '../http/problem';
import { InvalidTokenError, verifyToken, type Principal } from './jwt';

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

/** Verifies the bearer token and the handler's roles; the principal lands on request.principal. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = requestOf(context);
    const header: string | undefined = req?.headers?.authorization ?? req?.connectionParams?.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw unauthorized('a bearer token is required');
    let principal: Principal;
    try {
      principal = verifyToken(token);
    } catch (e) {
      throw unauthorized(e instanceof InvalidTokenError ? e.message : 'invalid token');
    }
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles?.length && !roles.some((r) => principal.roles.includes(r) || principal.roles.includes('admin'))) {
      throw ProblemError.forbidden(`requires one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}

function unauthorized(detail: string) {
  return new ProblemError({
    type: 'https://onedoor.example/problems/unauthorized',
    title: 'Unauthorized',
    status: 401,
    detail,
  });
}
