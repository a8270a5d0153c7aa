import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { isTraceparent } from '@onedoor/messaging';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { LevelWithSilent } from 'pino';
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
export function requestLogLevel(_req: IncomingMessage, res: ServerResponse): LevelWithSilent {
  if (res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'info';
  return 'debug';
}

/**
 * One line when a request completes — method, path, status, duration, request id — at
 * requestLogLevel; no headers, no query string, never a body. Health checks and scrapes are not
 * logged. Written directly on the process's logger when `finish` fires, and only when its level is
 * enabled: a request that logs nothing costs no logger objects.
 */
export function httpLogger(): RequestHandler {
  return (req, res, next) => {
    if (HEALTH_OR_METRICS.test(req.url)) return next();
    const started = process.hrtime.bigint();
    const requestId = (req as { id?: string }).id;
    res.once('finish', () => {
      const level = requestLogLevel(req, res);
      const logger = rootLogger();
      if (level === 'silent' || !logger.isLevelEnabled(level)) return;
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const path = pathOf(req);
      logger[level]({ req: { method: req.method, path }, res: { statusCode: res.statusCode }, responseTime: ms, requestId }, `${req.method} ${path} ${res.statusCode} ${ms} ms`);
    });
    next();
  };
}
