import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { notFound, sendProblem, unavailable } from './problems';
import { routeOf, UPSTREAMS, type Upstream } from './routes';

/** Request headers the gateway passes on to a service when it asks one itself (the read log). */
export const FORWARDED_HEADERS = ['authorization', 'idempotency-key', 'traceparent', 'tracestate', 'x-request-id', 'accept-language'] as const;

/** The headers of FORWARDED_HEADERS that `headers` carries. */
export function forwardedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** One page of the read log as GET /api/v1/read-log answers it. */
export interface ReadLogPage {
  total: number;
  limit: number;
  offset: number;
  items: { at: string; seq: number; [field: string]: unknown }[];
}

/** The largest page a service gives; the merged page is cut from the first offset+limit rows of each. */
const MAX_PAGE = 500;

/**
 * The page `offset`…`offset+limit` of the read logs of every service, newest first (then by
 * position in the store's chain), as the embedded process orders its stores' rows; `total` is
 * the sum. Each page must start at 0 and hold up to offset+limit rows.
 */
export function mergeReadLogPages(pages: readonly ReadLogPage[], offset: number, limit: number): ReadLogPage {
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => (a.at === b.at ? b.seq - a.seq : a.at < b.at ? 1 : -1))
    .slice(offset, offset + limit);
  return { total: pages.reduce((n, p) => n + p.total, 0), limit, offset, items };
}

/** The limit and offset the read log asks each service for, and the page it then cuts. */
export function readLogWindow(query: URLSearchParams): { limit: number; offset: number; upstreamLimit: number } | undefined {
  const int = (name: string, fallback: number) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : NaN;
  };
  const limit = int('limit', 50);
  const offset = int('offset', 0);
  if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset) || limit < 1 || limit > MAX_PAGE || offset < 0) return undefined;
  return { limit, offset, upstreamLimit: Math.min(MAX_PAGE, offset + limit) };
}

/**
 * The REST side of the gateway: requests under /api/v1 go to the service routeOf names, as they
 * are (method, path, query, headers, body), and its answer comes back as it is (status, headers,
 * problem documents, Retry-After). A service that cannot be reached is a 503 problem with
 * Retry-After; a path no service answers is a 404 problem. GET /api/v1/read-log asks every service
 * and merges the pages (see mergeReadLogPages); the first refusal of any service is passed back.
 */
export function restHandler(urls: Record<Upstream, string>, timeoutMs = 30_000) {
  const proxies = new Map<Upstream, RequestHandler>();
  for (const upstream of UPSTREAMS) {
    proxies.set(
      upstream,
      createProxyMiddleware<IncomingMessage, ServerResponse>({
        target: urls[upstream],
        changeOrigin: true,
        xfwd: true,
        proxyTimeout: timeoutMs,
        on: {
          error: (_err, _req, res) => {
            if ('setHeader' in res) sendProblem(res as ServerResponse, unavailable(`${upstream} cannot be reached; retry later`));
            else res.destroy();
          },
        },
      }),
    );
  }

  async function readLog(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const window = readLogWindow(url.searchParams);
    if (!window || req.method !== 'GET') {
      // Refused by one service as the others would: its answer says why.
      return proxies.get('intake')!(req, res, () => sendProblem(res, notFound(`${req.method} ${url.pathname} is not served`)));
    }
    const query = new URLSearchParams(url.searchParams);
    query.set('offset', '0');
    query.set('limit', String(window.upstreamLimit));
    const headers = { ...forwardedHeaders(req.headers), accept: 'application/json' };
    const answers = await Promise.all(
      UPSTREAMS.map(async (upstream) => {
        try {
          const r = await fetch(`${urls[upstream]}/api/v1/read-log?${query}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
          return { upstream, status: r.status, headers: r.headers, text: await r.text() };
        } catch {
          return { upstream, status: 0, headers: new Headers(), text: '' };
        }
      }),
    );
    const down = answers.find((a) => a.status === 0);
    const refused = answers.find((a) => a.status !== 200 && a.status !== 0);
    if (refused) {
      res.statusCode = refused.status;
      for (const name of ['content-type', 'retry-after', 'www-authenticate']) {
        const value = refused.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      return res.end(refused.text);
    }
    if (down) return sendProblem(res, unavailable(`${down.upstream} cannot be reached; retry later`));
    const merged = mergeReadLogPages(answers.map((a) => JSON.parse(a.text) as ReadLogPage), window.offset, window.limit);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(merged));
  }

  /** Handles one request under /api/. */
  return (req: IncomingMessage, res: ServerResponse): void => {
    const route = routeOf(req.url ?? '/');
    const fallthrough = () => sendProblem(res, notFound(`${req.method} ${req.url} is not served`));
    switch (route.kind) {
      case 'proxy':
        void proxies.get(route.upstream)!(req, res, fallthrough);
        return;
      case 'read-log':
        readLog(req, res).catch(() => sendProblem(res, unavailable('the read log cannot be gathered; retry later')));
        return;
      case 'unknown-case':
        sendProblem(res, notFound(`case ${route.caseId} not found`));
        return;
      default:
        fallthrough();
    }
  };
}
