import type { ServerResponse } from 'node:http';
import { problemType, RETRY_AFTER_SECONDS } from '@onedoor/service-kit';

/** Seconds a client should wait before retrying when a service behind the gateway is away. */
export const GATEWAY_RETRY_AFTER_SECONDS = RETRY_AFTER_SECONDS;

/** A problem document (RFC 9457) as the services write them. */
export interface GatewayProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  retryAfter?: number;
}

/** 503: the service that answers this path cannot be reached; retry after GATEWAY_RETRY_AFTER_SECONDS. */
export const unavailable = (detail: string): GatewayProblem => ({
  type: problemType('service-unavailable'),
  title: 'Service unavailable',
  status: 503,
  detail,
  retryAfter: GATEWAY_RETRY_AFTER_SECONDS,
});

/** 404 for a path (or case id) no service answers. */
export const notFound = (detail: string): GatewayProblem => ({ type: problemType('not-found'), title: 'Not found', status: 404, detail });

/** Writes `problem` as application/problem+json (with Retry-After when it has one), unless an answer was already started. */
export function sendProblem(res: ServerResponse, problem: GatewayProblem): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = problem.status;
  res.setHeader('content-type', 'application/problem+json');
  res.setHeader('cache-control', 'no-store');
  if (problem.retryAfter !== undefined) res.setHeader('retry-after', String(problem.retryAfter));
  res.end(JSON.stringify(problem));
}
