import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { HTTP_SECONDS } from '@onedoor/service-kit';
import { UPSTREAMS, type Upstream } from './routes';

/** REST resources the gateway routes: the only values of the `route` label under /api/v1. */
const RESOURCES = new Set(['applications', 'subjects', 'cases', 'budgets', 'read-log']);
const OWN_PATHS = new Set(['/graphql', '/metrics', '/health', '/health/live', '/health/ready']);
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * The `route` label of a request: `/api/v1/<resource>` for the resources routed to services (never
 * the raw path: ids would make a series per request), `/graphql`, `/graphql-ide` for the IDE's
 * assets, the health and metrics paths, `unmatched` for anything else.
 */
export function gatewayRouteOf(url: string): string {
  const path = url.split('?')[0];
  if (OWN_PATHS.has(path)) return path;
  if (path.startsWith('/graphql-ide/')) return '/graphql-ide';
  const resource = /^\/api\/v1\/([^/]+)/.exec(path)?.[1];
  return resource !== undefined && RESOURCES.has(resource) ? `/api/v1/${resource}` : 'unmatched';
}

/**
 * The gateway's Prometheus registry, served at GET /metrics: the Node.js and process defaults
 * (CPU, memory, GC, event-loop lag), `onedoor_http_request_duration_seconds` as the services
 * have it (method, route, status class), whether the schema is composed, and each service's
 * readiness (checked when scraped).
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'onedoor_http_request_duration_seconds',
    help: 'HTTP requests answered, seconds until the answer was sent, by method, route pattern and status class (2xx…5xx).',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_SECONDS,
    registers: [this.registry],
  });

  /** 1 once the services' schemas are composed into one, 0 while composing. */
  readonly schemaComposed: Gauge;

  /** Each service: 1 when it answers its readiness check with 200, 0 otherwise. */
  readonly upstreamReady: Gauge<'upstream'>;

  /**
   * `composed` and `upstreams` are read when scraped (the services' states as the readiness check
   * finds them); `processMetrics` false leaves out the Node.js defaults (tests).
   */
  constructor(sources: { composed: () => boolean; upstreams: () => Promise<Record<Upstream, string>> }, processMetrics = true) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    this.schemaComposed = new Gauge({
      name: 'onedoor_gateway_schema_composed',
      help: '1 once the gateway composed the services\' GraphQL schemas into one, 0 while it is still composing.',
      registers: [this.registry],
      collect() {
        this.set(sources.composed() ? 1 : 0);
      },
    });
    this.upstreamReady = new Gauge({
      name: 'onedoor_gateway_upstream_ready',
      help: '1 when the service answers its readiness check (/health/ready) with 200, 0 when it is not ready or cannot be reached; checked when scraped.',
      labelNames: ['upstream'] as const,
      registers: [this.registry],
      async collect() {
        const states = await sources.upstreams();
        for (const upstream of UPSTREAMS) this.set({ upstream }, states[upstream] === 'ready' ? 1 : 0);
      },
    });
  }

  /** Observes the request in onedoor_http_request_duration_seconds when its answer is sent. */
  observe(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    res.once('finish', () => {
      const status = STATUS_CLASSES[Math.floor(res.statusCode / 100) - 1] ?? 'other';
      this.httpDuration.observe({ method: req.method ?? 'GET', route: gatewayRouteOf(req.url ?? '/'), status_class: status }, (performance.now() - started) / 1000);
    });
  }

  /** Answers GET /metrics with the exposition (Prometheus text format). */
  async serve(res: ServerResponse): Promise<void> {
    const body = await this.registry.metrics();
    res.statusCode = 200;
    res.setHeader('content-type', this.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  }
}
