/**
 * End to end, embedded: the GraphQL IDE a browser gets at /graphql is served entirely by OneDoor —
 * every script and stylesheet from the same origin, no URL of another site in the page, and a
 * Content-Security-Policy that allows no other origin — while GraphQL clients at /graphql are
 * answered as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { signToken } from '@onedoor/service-kit';
import { startEmbedded, type EmbeddedServer } from '@onedoor/testing';
import { SIYANG } from '../support/applications';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'onedoor-e2e-graphql-ide-'));
let server: EmbeddedServer;

beforeAll(async () => {
  server = await startEmbedded({ dataDir, env: { ONEDOOR_SEED: 'false' }, label: 'e2e-graphql-ide' });
}, 150_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function page() {
  const res = await fetch(`${server.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
  return { res, html: await res.text() };
}

/** `<script src>` and `<link href>` of the page, resolved against its URL. */
function assetsOf(html: string, pageUrl: string) {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => new URL(m[1], pageUrl));
  const links = [...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']+)["']/gi)].map((m) => new URL(m[1], pageUrl));
  return { scripts, links };
}

/** Sources of a CSP that name another origin: a host, a scheme such as https: or ws:, or *. */
function foreignSources(csp: string): string[] {
  return csp
    .split(';')
    .flatMap((directive) => directive.trim().split(/\s+/).slice(1))
    .filter((source) => !/^'(self|none|unsafe-inline)'$/.test(source) && source !== 'data:');
}

describe('the GraphQL IDE at /graphql', () => {
  it('answers a browser with a GraphiQL page whose every script and stylesheet is served by OneDoor', async () => {
    const { res, html } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('id="graphiql"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // no inline script

    const pageUrl = `${server.url}/graphql`;
    const { scripts, links } = assetsOf(html, pageUrl);
    expect(scripts.map((u) => u.pathname)).toEqual(expect.arrayContaining(['/graphql-ide/graphiql.min.js', '/graphql-ide/react.production.min.js', '/graphql-ide/react-dom.production.min.js']));
    expect(links.map((u) => u.pathname)).toContain('/graphql-ide/graphiql.min.css');
    for (const [urls, type] of [[scripts, /^(text|application)\/javascript/], [links, /^text\/css/]] as const) {
      for (const url of urls) {
        expect(url.origin).toBe(new URL(pageUrl).origin);
        const asset = await fetch(url);
        const body = await asset.text();
        expect({ url: url.pathname, status: asset.status }).toEqual({ url: url.pathname, status: 200 });
        expect(asset.headers.get('content-type')).toMatch(type);
        expect(body.length).toBeGreaterThan(10);
      }
    }
  });

  it('sends a Content-Security-Policy that allows scripts, styles and connections from its own origin only', async () => {
    const { res } = await page();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(foreignSources(csp)).toEqual([]);
  });

  it("runs the page's own script: GraphiQL with the Headers editor for the bearer token, not stored in the browser", async () => {
    const res = await fetch(`${server.url}/graphql-ide/onedoor-ide.js`);
    const script = await res.text();
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain('defaultHeaders');
    expect(script).toContain('shouldPersistHeaders: false');
    expect(script).toContain('connectionParams');
  });

  it('serves nothing else under /graphql-ide', async () => {
    for (const path of ['/graphql-ide/', '/graphql-ide/package.json', '/graphql-ide/..%2Fpackage.json', '/graphql-ide/react.development.js']) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    }
  });

  it('still answers GraphQL clients at /graphql', async () => {
    const token = signToken({ sub: 'caseworker-siyang-ide', roles: ['caseworker'], jurisdiction: SIYANG });
    const post = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toMatch(/json/);
  });
});
