import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConcurrencyError, isTransientError } from '@onedoor/event-store';
import { localiseProblem } from '@onedoor/notices';
import type { Response } from 'express';
import { localeOfRequest } from './locale';
import { ProblemError, problemType, RETRY_AFTER_SECONDS, type Problem } from './problem';

/**
 * Every error leaves as application/problem+json: client mistakes are 4xx, an unavailable database
 * or broker is 503 with `Retry-After`, and anything else is a 500 that says only "internal error"
 * and a correlation id (logged with the stack). `title` and `detail` are in the request's language
 * (zh-CN unless `Accept-Language` prefers English; `Content-Language` says which); `type`,
 * `status`, codes, fields and numbers are the same in every language.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<{ url: string; headers?: Record<string, unknown> }>();
    const locale = localeOfRequest(req);
    const problem: Problem = { ...localiseProblem(toProblem(exception, this.log), locale), instance: req.url };
    if (res.headersSent) return;
    res.setHeader('Content-Language', locale);
    if (problem.status === 503) res.setHeader('Retry-After', String(problem.retryAfter ?? RETRY_AFTER_SECONDS));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

/** body-parser's error types (http-errors with `expose`), by what the client did. */
const BODY_ERRORS: Record<string, { slug: string; title: string; detail?: string }> = {
  'entity.parse.failed': { slug: 'validation', title: 'Invalid request' },
  'entity.too.deep': { slug: 'validation', title: 'Invalid request' },
  'entity.too.large': { slug: 'payload-too-large', title: 'Payload too large' },
  'parameters.too.many': { slug: 'payload-too-large', title: 'Payload too large' },
  'charset.unsupported': { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  'encoding.unsupported': { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  'request.aborted': { slug: 'validation', title: 'Invalid request', detail: 'the request body was aborted' },
  'request.size.invalid': { slug: 'validation', title: 'Invalid request', detail: 'the request body does not match its Content-Length' },
};

/** OneDoor's title of a client error by its status (the catalogue's `problem.title.*`), not the framework's reason phrase. */
const STATUS_TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
};

/**
 * The problem document for any error thrown while handling a request (REST or GraphQL).
 *
 * - ProblemError → its own document; ConcurrencyError → 409 with `currentVersion`; a decider's rule
 *   violation (`{ rule, message }`) → 422 with `rule`;
 * - NestJS HttpException, body-parser and router errors (http-errors with a 4xx status) → that
 *   status (400 malformed JSON or too deep, 413 too large, 415 charset or content encoding);
 * - an infrastructure failure (`isTransientError`: database or broker away) → 503 with
 *   `retryAfter` seconds, logged as a warning;
 * - anything else → 500 with a fresh `correlationId`, logged (with the stack) under that id.
 */
export function toProblem(exception: unknown, log?: Logger): Problem {
  if (exception instanceof ProblemError) return exception.problem;
  if (exception instanceof ConcurrencyError) {
    return ProblemError.conflict(exception.message, { currentVersion: exception.actualVersion }).problem;
  }
  const rule = exception as { rule?: unknown; message?: string; name?: string };
  if (typeof rule?.rule === 'string' && typeof rule.message === 'string') {
    return ProblemError.ruleViolation(rule.rule, rule.message).problem;
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    const body = exception.getResponse() as any;
    const detail = typeof body === 'string' ? body : Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    return {
      type: problemType(status === 400 ? 'validation' : `http-${status}`),
      title: STATUS_TITLES[status] ?? (typeof body?.error === 'string' ? body.error : exception.name),
      status,
      // body-parser's malformed JSON arrives here as a 400.
      detail: status === 400 && /JSON/.test(String(detail)) ? `malformed JSON body: ${detail}` : detail,
      ...(body?.errors ? { errors: body.errors } : {}),
    };
  }
  const e = exception as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose !== false) {
    const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
    const message = typeof e.message === 'string' ? e.message : 'invalid request';
    return {
      type: problemType(known?.slug ?? (e.status === 400 ? 'validation' : `http-${e.status}`)),
      title: known?.title ?? 'Invalid request',
      status: e.status,
      detail: known?.detail ?? (e.type === 'entity.parse.failed' ? parseFailure(exception as { body?: unknown }, message) : message),
    };
  }
  if (isTransientError(exception)) {
    log?.warn(`service unavailable: ${(exception as Error)?.message ?? String(exception)}`);
    return ProblemError.serviceUnavailable('the database or the message broker is unavailable; retry later').problem;
  }
  const correlationId = randomUUID();
  log?.error(`internal error ${correlationId}: ${exception instanceof Error ? exception.stack ?? exception.message : String(exception)}`);
  return {
    type: problemType('internal'),
    title: 'Internal error',
    status: 500,
    detail: `internal error (correlation id ${correlationId})`,
    correlationId,
  };
}

/** body-parser's strict mode refuses valid JSON that is not an object or array (`null`, `"x"`, `1`): say so. */
function parseFailure(error: { body?: unknown }, message: string): string {
  if (typeof error.body === 'string') {
    try {
      JSON.parse(error.body);
      return 'the body must be a JSON object';
    } catch {
      // not JSON at all: body-parser's message says where
    }
  }
  return `malformed JSON body: ${message}`;
}
