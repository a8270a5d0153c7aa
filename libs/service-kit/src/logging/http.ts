import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { derivedTraceparent, isTraceparent } from '@onedoor/messaging';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { LevelWithSilent } from 'pino';
import { runWithLogContext } from './context';
import { rootLogger } from './logger';

/** A request or correlation id a client may choose: 1–128 letters, digits and `._:-`; anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What requestContext knows of a request from its start, kept on the request. */
export interface RequestIds {
  requestId: string;
  /** The flow the request belongs to: the events it appends carry this correlation id. */
  correlationId: string;
  /** The request's W3C traceparent, or one derived from the correlation id when none (valid) came. */
  traceparent: string;
  /** Whether the client chose the correlation id (a well-formed correlation-id / x-correlation-id header). */
  chosenByClient: boolean;
}

const IDS = Symbol('onedoor.request-ids');

/** The ids requestContext gave the request (undefined for a request it did not see). */
export function requestIdsOf(req: unknown): RequestIds | undefined {
  return req !== null && typeof req === 'object' ? (req as { [IDS]?: RequestIds })[IDS] : undefined;
}

/** The client's correlation id (`correlation-id`, else `x-correlation-id`) when well-formed. */
function incomingCorrelationId(req: IncomingMessage): string | undefined {
  for (const name of ['correlation-id', 'x-correlation-id']) {
    const value = req.headers[name];
    if (typeof value === 'string' && REQUEST_ID.test(value)) return value;
  }
  return undefined;
}
const APPLICATION_PATH = /^\/api\/v1\/applications\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i;
const HEALTH_OR_METRICS = /^\/(health|metrics)(\/|\?|$)/;

/** The path of a request without its query string (queries are not logged). */
const pathOf = (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').split('?')[0].slice(0, 300);

/**
 * First middleware of every request: its id (`x-request-id` when well-formed, else a new UUID),
 * echoed in the response's `x-request-id`; its correlation id, known from the start — the
 * client's `correlation-id` / `x-correlation-id` header when well-formed, else the application's
 * id for /applications/{id} paths, else the request id — echoed in `x-correlation-id` and carried
 * by the events the request appends (a submission's); its trace context. With tracing on, the
 * request's `traceparent` becomes that of its HTTP server span, so a submission's events continue
 * the request's trace under that span; without a valid traceparent, log lines carry the trace the
 * request's events get (derived from the correlation id). All three are in the log context and on
 * the request (requestIdsOf).
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
  const chosen = incomingCorrelationId(req);
  const correlationId = chosen ?? APPLICATION_PATH.exec(req.originalUrl ?? req.url)?.[1]?.toLowerCase() ?? requestId;
  res.setHeader('x-correlation-id', correlationId);
  const traceparent = typeof header === 'string' && isTraceparent(header) ? header : derivedTraceparent(correlationId, requestId);
  const ids: RequestIds = { requestId, correlationId, traceparent, chosenByClient: chosen !== undefined };
  (req as { [IDS]?: RequestIds })[IDS] = ids;
  runWithLogContext({ ...ids }, next);
}

/**
 * Once a request has created an application, the application's id is the request's correlation id
 * (in its completion log line and `x-correlation-id`), as it is of every event about the
 * application — unless the client chose one. Call before the answer is sent.
 */
export function correlateWithApplication(res: { req?: unknown; headersSent?: boolean; setHeader?(name: string, value: string): unknown }, applicationId: string): void {
  const ids = requestIdsOf(res.req);
  if (!ids || ids.chosenByClient) return;
  ids.correlationId = applicationId;
  if (!res.headersSent) res.setHeader?.('x-correlation-id', applicationId);
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
 * One line when a request completes — method, path, status, duration, request, correlation and
 * trace ids (those of requestContext, whether or not log context is on) — at
 * requestLogLevel; no headers, no query string, never a body. Health checks and scrapes are not
 * logged. Written directly on the process's logger when `finish` fires, and only when its level is
 * enabled: a request that logs nothing costs no logger objects.
 */
export function httpLogger(): RequestHandler {
  return (req, res, next) => {
    if (HEALTH_OR_METRICS.test(req.url)) return next();
    const started = process.hrtime.bigint();
    const ids = requestIdsOf(req);
    const requestId = ids?.requestId ?? (req as { id?: string }).id;
    res.once('finish', () => {
      const level = requestLogLevel(req, res);
      const logger = rootLogger();
      if (level === 'silent' || !logger.isLevelEnabled(level)) return;
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const path = pathOf(req);
      const trace = ids ? { correlationId: ids.correlationId, traceId: ids.traceparent.slice(3, 35) } : {};
      logger[level]({ req: { method: req.method, path }, res: { statusCode: res.statusCode }, responseTime: ms, requestId, ...trace }, `${req.method} ${path} ${res.statusCode} ${ms} ms`);
    });
    next();
  };
}
