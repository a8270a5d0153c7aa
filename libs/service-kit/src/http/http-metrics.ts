import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../runtime/metrics';

/** Paths served outside the router (no route pattern of their own), by their mount point. */
const MOUNTED = ['/graphql', '/docs'];

/**
 * The route pattern a request matched (`/api/v1/applications/:id`), never the raw URL: the mount
 * point for GraphQL and the API docs, `unmatched` for anything no route took (404s).
 */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}` || '/';
  const path = req.originalUrl ?? req.url ?? '';
  return MOUNTED.find((m) => path === m || path.startsWith(`${m}/`) || path.startsWith(`${m}?`)) ?? 'unmatched';
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * Express middleware observing every answered request in `onedoor_http_request_duration_seconds`
 * (seconds from its arrival to the last byte sent) by method, route pattern and status class.
 */
export function httpMetrics(metrics: Metrics) {
  const histogram = metrics.httpDuration;
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('finish', () => {
      const status = STATUS_CLASSES[Math.floor(res.statusCode / 100) - 1] ?? 'other';
      histogram.observe({ method: req.method, route: routeOf(req), status_class: status }, (performance.now() - started) / 1000);
    });
    next();
  };
}
