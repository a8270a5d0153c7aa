import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { isTraceparent } from '@onedoor/messaging';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import { runWithLogContext } from './context';
import { rootLogger } from './logger';

/** A request id a client may choose: 1–128 letters, digits and `._:-`; anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const APPLICATION_PATH = /^\/api\/v1\/applications\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i;
const HEALTH_OR_METRICS = /^\/(health|metrics)(\/|\?|$)/;

/** The path of a request without its query string (queries are not logged). */
const pathOf = (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').split('?')[0].slice(0, 300);

/**
 * First middleware of every request: its id (`x-request-id` when well-formed, else a new UUID),
 * echoed in the response's `x-request-id`; its log context (request id, the application's id as
 * correlation id for /applications/{id} paths, its traceparent). With tracing on, the request's
 * `traceparent` becomes that of its HTTP server span, so a submission's events continue the
 * request's trace under that span.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as { id?: unknown }).id = requestId;
  res.setHeader('x-request-id', requestId);
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    req.headers.traceparent = `00-${span.traceId}-${span.spanId}-${span.traceFlags.toString(16).padStart(2, '0')}`;
  }
  const header = req.headers.traceparent;
  const traceparent = typeof header === 'string' && isTraceparent(header) ? header : undefined;
  const correlationId = APPLICATION_PATH.exec(req.originalUrl ?? req.url)?.[1]?.toLowerCase();
  runWithLogContext({ requestId, correlationId, traceparent }, next);
}

/**
 * The level of a request's completion line: 5xx at error; 4xx at info; everything else at debug
 * (`ONEDOOR_LOG=debug`), so that a busy service writes no line per successful request.
 */
export function requestLogLevel(_req: IncomingMessage, res: ServerResponse, err?: Error): LevelWithSilent {
  if (err || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'info';
  return 'debug';
}

/**
 * pino-http over the process's logger: one line when a request completes (method, path, status,
 * duration, request id) at requestLogLevel; no headers, no query string, never a body. Health
 * checks and scrapes are not logged.
 */
export function httpLogger(): RequestHandler {
  return pinoHttp({
    logger: rootLogger(),
    genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
    customLogLevel: requestLogLevel,
    autoLogging: { ignore: (req) => HEALTH_OR_METRICS.test(req.url ?? '') },
    serializers: {
      req: (req: IncomingMessage & { raw?: IncomingMessage }) => ({ method: req.method, path: pathOf((req.raw ?? req) as IncomingMessage) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${pathOf(req)} ${res.statusCode} ${ms} ms`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customSuccessObject: (req, _res, value) => ({ ...value, requestId: (req as { id?: string }).id }),
    customErrorObject: (req, _res, _err, value) => ({ ...value, requestId: (req as { id?: string }).id }),
  }) as unknown as RequestHandler;
}
