import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { execute, subscribe, validate, type GraphQLSchema } from 'graphql';
import type * as GraphQLWsOverWs from 'graphql-ws/dist/use/ws';
import { WebSocketServer } from 'ws';
import {
  apiSecurityHeaders, authenticateConnection, GRAPHQL_IDE_ASSETS, GRAPHQL_IDE_HTML, GRAPHQL_SCHEMA_KEY_HEADER, GRAPHQL_SCHEMA_PATH, graphqlIdeAsset, pageSecurityHeaders,
  type WsExtra,
} from '@onedoor/service-kit';
import { composeSchema, gatewayValidationRules, graphqlHttpHandler, type GatewayContext } from './graphql';
import { GatewayMetrics } from './metrics';
import { notFound, sendProblem } from './problems';
import { restHandler } from './rest';
import { UPSTREAMS, type Upstream } from './routes';

/** How the gateway is set up. */
export interface GatewayOptions {
  /** Base URL of each service (ONEDOOR_<SERVICE>_URL). */
  urls: Record<Upstream, string>;
  /** How often the services' schemas are read again, and recomposed when one changed (ms, default 30 000). */
  schemaRefreshMs?: number;
  /** Timeout of a service's readiness answer (ms, default ONEDOOR_READY_TIMEOUT_MS or 2000). */
  readyTimeoutMs?: number;
  /** false: /metrics without the Node.js and process defaults (several gateways in one process, tests). */
  processMetrics?: boolean;
}

/** A running gateway. */
export interface Gateway {
  server: Server;
  /** The composed schema, once every service gave its own. */
  schema(): GraphQLSchema | undefined;
  /** Reads every service's schema now and recomposes when one changed; false when a service did not answer. */
  refreshSchema(): Promise<boolean>;
  /** The Prometheus registry served at /metrics. */
  metrics: GatewayMetrics;
  close(): Promise<void>;
}

// The `ws` integration of graphql-ws is a subpath export, which this project's module resolution types only through its file.
const { useServer } = require('graphql-ws/use/ws') as typeof GraphQLWsOverWs;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
};

/** A browser opening /graphql: it accepts HTML and asks no query (GraphQL clients send one, or accept JSON only). */
function wantsIdePage(req: IncomingMessage): boolean {
  const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
  return !query.has('query') && /\btext\/html\b/i.test(req.headers.accept ?? '');
}

function sendText(res: ServerResponse, status: number, type: string, body: string, cache: string) {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('cache-control', cache);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** An asset of the GraphQL IDE (graphqlIdeAsset), or a 404 problem for any other name. */
function sendIdeAsset(req: IncomingMessage, res: ServerResponse, name: string) {
  const asset = graphqlIdeAsset(name);
  if (!asset) return sendProblem(res, notFound(`GET ${GRAPHQL_IDE_ASSETS}/${name.slice(0, 100)} is not served`));
  if (asset.kind === 'text') return sendText(res, 200, asset.type, asset.body, 'no-cache');
  res.statusCode = 200;
  res.setHeader('content-type', asset.type);
  res.setHeader('cache-control', 'public, max-age=3600');
  if (req.method === 'HEAD') return void res.end();
  createReadStream(asset.path)
    .on('error', () => sendProblem(res, notFound(`GET ${GRAPHQL_IDE_ASSETS}/${name} is not available`)))
    .pipe(res);
}

/**
 * The one front door of the distributed mode, an HTTP server (not listening yet):
 *
 * - `/api/…`: REST, routed to the service that answers the path (restHandler, routes.ts);
 * - `/graphql`: one schema composed of the services' schemas (composeSchema), queries and
 *   mutations over HTTP, subscriptions over graphql-ws (the connection authenticated by
 *   `connectionParams.authorization`, forwarded to the service);
 * - GET `/graphql` from a browser (Accept text/html, no query): the self-hosted GraphQL IDE, its
 *   scripts and stylesheets under `/graphql-ide/` (as the services serve it, graphql-ide.ts);
 * - `/health/live`, `/health/ready` (every service's /health/ready answers 200 and the schema is
 *   composed), `/health` (the same, with each service's state);
 * - `/metrics`: Prometheus (GatewayMetrics).
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { urls } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? (Number(process.env.ONEDOOR_READY_TIMEOUT_MS ?? 2000) || 2000);
  const rules = gatewayValidationRules();
  let composed: GraphQLSchema | undefined;
  let sdls: Record<Upstream, string> | undefined;

  async function refreshSchema(): Promise<boolean> {
    try {
      const texts = await Promise.all(
        UPSTREAMS.map(async (u) => {
          const key = process.env.ONEDOOR_SCHEMA_KEY;
          const res = await fetch(`${urls[u]}${GRAPHQL_SCHEMA_PATH}`, {
            signal: AbortSignal.timeout(5000),
            headers: key ? { [GRAPHQL_SCHEMA_KEY_HEADER]: key } : {},
          });
          if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
          return [u, await res.text()] as const;
        }),
      );
      const next = Object.fromEntries(texts) as Record<Upstream, string>;
      if (!sdls || UPSTREAMS.some((u) => sdls![u] !== next[u])) {
        composed = composeSchema(next, urls);
        sdls = next;
      }
      return true;
    } catch {
      return false;
    }
  }

  // Composed as soon as every service answers; read again now and then (a service redeployed with a new schema).
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    const ok = await refreshSchema();
    timer = setTimeout(loop, ok ? (options.schemaRefreshMs ?? 30_000) : 1000);
    timer.unref();
  };
  void loop();

  async function upstreamStates(): Promise<Record<Upstream, string>> {
    const states = await Promise.all(
      UPSTREAMS.map(async (u) => {
        try {
          const res = await fetch(`${urls[u]}/health/ready`, { signal: AbortSignal.timeout(readyTimeoutMs) });
          await res.arrayBuffer();
          return [u, res.status === 200 ? 'ready' : 'not ready'] as const;
        } catch {
          return [u, 'unreachable'] as const;
        }
      }),
    );
    return Object.fromEntries(states) as Record<Upstream, string>;
  }

  const rest = restHandler(urls);
  const graphqlHttp = graphqlHttpHandler(() => composed, rules);
  const metrics = new GatewayMetrics({ composed: () => !!composed, upstreams: upstreamStates }, options.processMetrics ?? true);
  const apiHeaders = apiSecurityHeaders();
  const pageHeaders = pageSecurityHeaders();
  const fail = (res: ServerResponse) => () => sendProblem(res, { type: 'about:blank', title: 'Internal error', status: 500, detail: 'internal error' });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    metrics.observe(req, res);
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/api/')) return rest(req, res);
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (read && path === '/graphql' && wantsIdePage(req)) return pageHeaders(req, res, () => sendText(res, 200, 'text/html; charset=utf-8', GRAPHQL_IDE_HTML, 'no-cache'));
    if (read && path.startsWith(`${GRAPHQL_IDE_ASSETS}/`)) return pageHeaders(req, res, () => sendIdeAsset(req, res, path.slice(GRAPHQL_IDE_ASSETS.length + 1)));
    if (read && path === '/metrics') return apiHeaders(req, res, () => void metrics.serve(res).catch(fail(res)));
    if (path === '/graphql') {
      graphqlHttp(req, res).catch(() => sendProblem(res, { type: 'about:blank', title: 'Internal error', status: 500, detail: 'internal error' }));
      return;
    }
    if (path === '/health/live') return json(res, 200, { status: 'live', uptimeSeconds: Math.round(process.uptime()) });
    if (path === '/health/ready' || path === '/health') {
      void upstreamStates().then((upstreams) => {
        const ready = Object.values(upstreams).every((s) => s === 'ready') && !!composed;
        json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', mode: 'gateway', upstreams, graphql: composed ? 'composed' : 'composing' });
      });
      return;
    }
    sendProblem(res, notFound(`${req.method} ${path} is not served`));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const wss = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer<Record<string, unknown> | undefined, WsExtra & Record<PropertyKey, unknown>>(
    {
      schema: () => composed!,
      execute,
      subscribe,
      onConnect: async (ctx) => (composed ? authenticateConnection(ctx) : (ctx.extra.socket.close(4503, 'Service unavailable: composing the schema; retry later'), false)),
      context: (ctx): GatewayContext => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        return { headers: typeof authorization === 'string' ? { authorization } : {} };
      },
      validate: (schema, document) => validate(schema, document, rules),
    },
    wss,
  );

  return {
    server,
    schema: () => composed,
    refreshSchema,
    metrics,
    async close() {
      if (timer) clearTimeout(timer);
      await ws.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
