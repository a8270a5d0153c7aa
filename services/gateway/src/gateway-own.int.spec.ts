/**
 * What the gateway answers itself, with no service behind it (every upstream URL refuses
 * connections): Prometheus metrics at /metrics, and the self-hosted GraphQL IDE at GET /graphql
 * with its assets under /graphql-ide/ — the same page and assets the services serve.
 */
import type { AddressInfo } from 'node:net';
import { GRAPHQL_IDE_HTML } from '@onedoor/service-kit';
import { createGateway, type Gateway } from './gateway';
import { gatewayRouteOf } from './metrics';
import { UPSTREAMS, type Upstream } from './routes';

let gateway: Gateway;
let url: string;

beforeAll(async () => {
  // Port 1 on loopback: nothing listens, every connection is refused at once.
  const urls = Object.fromEntries(UPSTREAMS.map((u) => [u, 'http://127.0.0.1:1'])) as Record<Upstream, string>;
  gateway = createGateway({ urls, readyTimeoutMs: 500, processMetrics: false });
  await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway?.close();
});

const sample = (text: string, series: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(series))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));

describe('the gateway’s own answers', () => {
  it('serves Prometheus metrics: requests by route pattern, the schema and each service’s readiness', async () => {
    expect((await fetch(`${url}/api/v1/applications/00000000-0000-0000-0000-000000000000`)).status).toBe(503);
    expect((await fetch(`${url}/nowhere/at/all`)).status).toBe(404);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = await res.text();
    expect(text).toContain('# TYPE onedoor_http_request_duration_seconds histogram');
    expect(sample(text, 'onedoor_http_request_duration_seconds_count{method="GET",route="/api/v1/applications",status_class="5xx"}')).toEqual([1]);
    expect(sample(text, 'onedoor_http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"}')).toEqual([1]);
    // No raw path (an id) ever becomes a label.
    expect(text).not.toContain('00000000-0000-0000-0000-000000000000');
    expect(sample(text, 'onedoor_gateway_schema_composed')).toEqual([0]);
    expect(sample(text, 'onedoor_gateway_upstream_ready{upstream=')).toEqual(UPSTREAMS.map(() => 0));
    for (const u of UPSTREAMS) expect(text).toContain(`onedoor_gateway_upstream_ready{upstream="${u}"} 0`);
  });

  it('labels requests by route pattern only', () => {
    expect(gatewayRouteOf('/api/v1/cases/temporary-aid-1/decisions?x=1')).toBe('/api/v1/cases');
    expect(gatewayRouteOf('/api/v1/budgets/a%3Ab')).toBe('/api/v1/budgets');
    expect(gatewayRouteOf('/api/v1/whatever/1')).toBe('unmatched');
    expect(gatewayRouteOf('/graphql?query=x')).toBe('/graphql');
    expect(gatewayRouteOf('/graphql-ide/graphiql.min.js')).toBe('/graphql-ide');
    expect(gatewayRouteOf('/health/ready')).toBe('/health/ready');
  });

  it('answers a browser at /graphql with the self-hosted IDE, every asset from its own origin', async () => {
    const res = await fetch(`${url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toBe(GRAPHQL_IDE_HTML);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1], `${url}/graphql`));
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset.origin).toBe(url);
      const answer = await fetch(asset);
      expect({ asset: asset.pathname, status: answer.status }).toEqual({ asset: asset.pathname, status: 200 });
      expect(answer.headers.get('content-type')).toMatch(asset.pathname.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await answer.text()).length).toBeGreaterThan(10);
    }
    const missing = await fetch(`${url}/graphql-ide/..%2Fpackage.json`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('still answers GraphQL clients at /graphql (503 while no schema is composed)', async () => {
    const get = await fetch(`${url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html,application/json' } });
    expect(get.status).toBe(503);
    const post = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(post.status).toBe(503);
    expect(post.headers.get('retry-after')).toEqual(expect.any(String));
    expect(((await post.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  });
});
