import { Injectable, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import {
  InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail, type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { PUBLIC } from '../auth/auth.guard';
import { InvalidTokenError, verifyToken, type Principal } from '../auth/jwt';
import { ProblemError, problemType } from './problem';

/** At most `limit` events per `ttlMs` milliseconds, per client. */
export interface RateLimit {
  limit: number;
  ttlMs: number;
}

/** Per-client limits; `undefined` turns one off. */
export interface RateLimits {
  /** POST, PUT, PATCH, DELETE and GraphQL mutations, per token subject. */
  writes?: RateLimit;
  /** Requests whose bearer token is missing or refused, per client address. */
  authFailures?: RateLimit;
}

export const DEFAULT_RATE_LIMITS: Readonly<Required<RateLimits>> = {
  writes: { limit: 60, ttlMs: 60_000 },
  authFailures: { limit: 20, ttlMs: 60_000 },
};

const UNIT_MS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * A rate written `N/unit` or `N/<k><unit>` (`60/min`, `5/10s`, `1000/hour`; units s, sec, second,
 * m, min, minute, h, hour), or `off` / `0` for none. Throws an Error naming `name` otherwise.
 */
export function parseRateLimit(name: string, raw: string): RateLimit | undefined {
  const text = raw.trim().toLowerCase();
  if (text === 'off' || text === '0') return undefined;
  const m = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+?)s?$/.exec(text);
  const unit = m ? UNIT_MS[m[3]] : undefined;
  const limit = m ? Number(m[1]) : NaN;
  const times = m && m[2] ? Number(m[2]) : 1;
  if (!m || unit === undefined || !Number.isSafeInteger(limit) || limit < 1 || times < 1) {
    throw new Error(`${name} must look like 60/min, 5/10s or 1000/hour (or off), not ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return { limit, ttlMs: unit * times };
}

/**
 * `ONEDOOR_RATE_LIMIT_WRITES` (default 60/min per token subject) and
 * `ONEDOOR_RATE_LIMIT_AUTH_FAILURES` (default 20/min per client address); see parseRateLimit.
 */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const read = (name: string, fallback: RateLimit) => (env[name] === undefined || env[name]!.trim() === '' ? fallback : parseRateLimit(name, env[name]!));
  return {
    writes: read('ONEDOOR_RATE_LIMIT_WRITES', DEFAULT_RATE_LIMITS.writes),
    authFailures: read('ONEDOOR_RATE_LIMIT_AUTH_FAILURES', DEFAULT_RATE_LIMITS.authFailures),
  };
}

export const RATE_LIMITS = Symbol('onedoor:rate-limits');
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Per request: the outcome of authentication as the limiter saw it (one verification, one failure counted). */
const SEEN = Symbol('onedoor:rate-limit-auth');
const TRACKER = Symbol('onedoor:rate-limit-tracker');

type Seen = { principal?: Principal; failed?: boolean; counted?: boolean };
type Req = { headers?: Record<string, unknown>; ip?: string; socket?: { remoteAddress?: string }; webSocket?: boolean; [SEEN]?: Promise<Seen>; [TRACKER]?: string };

function tooManyRequests(detail: string, retryAfter: number): ProblemError {
  return new ProblemError({ type: problemType('too-many-requests'), title: 'Too many requests', status: 429, detail, retryAfter: Math.max(1, retryAfter) });
}

/**
 * Per-client rate limits with @nestjs/throttler (in-memory, per process). Registered before the
 * AuthGuard so that it sees failed authentications too:
 *
 * - a request to a non-public handler whose bearer token is missing or refused (verifyToken, as
 *   the AuthGuard) counts against the client address (`authFailures`); past the limit it is
 *   answered 429 instead of 401 until the window has passed;
 * - a write — REST POST/PUT/PATCH/DELETE or a GraphQL mutation field — with a valid token counts
 *   against the token's subject (`writes`); past the limit, 429.
 *
 * A 429 is problem+json with `Retry-After` (seconds; GraphQL: TOO_MANY_REQUESTS with
 * `retryAfter`). Reads, public handlers (health, metrics) and subscriptions are never limited.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
  ) {
    super(options, storage, reflector);
  }

  private get limits(): RateLimits {
    return (this.options as { limits?: RateLimits }).limits ?? {};
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'http' && type !== 'graphql') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const { req, res } = this.getRequestResponse(context) as { req?: Req; res?: Record<string, any> };
    if (!req || req.webSocket) return true;
    const seen = await (req[SEEN] ??= this.authenticate(req));
    if (seen.failed) {
      if (!seen.counted && this.limits.authFailures) {
        seen.counted = true;
        const { limit, ttlMs } = this.limits.authFailures;
        const hit = await this.storageService.increment(`auth-failures:${this.clientAddress(req)}`, ttlMs, limit, ttlMs, 'auth-failures');
        if (hit.isBlocked) {
          this.setResponseHeader(res, 'Retry-After', hit.timeToBlockExpire);
          throw tooManyRequests(`too many failed authentications from this address: at most ${limit} per ${ttlMs / 1000} s; retry after ${hit.timeToBlockExpire} s`, hit.timeToBlockExpire);
        }
      }
      return true; // the AuthGuard answers 401
    }
    if (!seen.principal || !this.limits.writes || !this.isWrite(context, req)) return true;
    req[TRACKER] = `sub:${seen.principal.sub}`;
    return super.canActivate(context);
  }

  /** The token's principal, `failed` for a missing or refused token; neither when the issuer is away (the AuthGuard answers 503). */
  private async authenticate(req: Req): Promise<Seen> {
    const header = req.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer +([^\s]+) *$/i.exec(header) : null;
    if (!match) return { failed: true };
    try {
      return { principal: await verifyToken(match[1]) };
    } catch (e) {
      return e instanceof InvalidTokenError || (e as Error)?.name === 'InvalidTokenError' ? { failed: true } : {};
    }
  }

  private isWrite(context: ExecutionContext, req: Req & { method?: string }): boolean {
    if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getInfo()?.operation?.operation === 'mutation';
    return WRITE_METHODS.has(String(req.method).toUpperCase());
  }

  private clientAddress(req: Req): string {
    return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
  }

  protected override getRequestResponse(context: ExecutionContext): { req: Record<string, any>; res: Record<string, any> } {
    if (context.getType<string>() === 'graphql') {
      const ctx = GqlExecutionContext.create(context).getContext<{ req?: Record<string, any>; res?: Record<string, any> }>();
      return { req: ctx?.req as Record<string, any>, res: ctx?.res as Record<string, any> };
    }
    return super.getRequestResponse(context);
  }

  protected override setResponseHeader(res: Record<string, any> | undefined, name: string, value: string | number): void {
    if (res && !res.headersSent) super.setResponseHeader(res, name, value);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return (req as Req)[TRACKER] ?? `ip:${this.clientAddress(req as Req)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw tooManyRequests(`too many writes: at most ${detail.limit} per ${detail.ttl / 1000} s; retry after ${detail.timeToBlockExpire} s`, detail.timeToBlockExpire);
  }
}

/**
 * The throttler configuration for RateLimitGuard: its one throttler is the write limit (`default`,
 * so that the headers are `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `Retry-After`).
 * Throws at start for a limit variable that is not valid.
 */
export function rateLimitModule(limits: RateLimits = rateLimitsFromEnv()): DynamicModule {
  const writes = limits.writes ?? DEFAULT_RATE_LIMITS.writes;
  return ThrottlerModule.forRoot({ throttlers: [{ name: 'default', limit: writes.limit, ttl: writes.ttlMs }], limits } as ThrottlerModuleOptions);
}
