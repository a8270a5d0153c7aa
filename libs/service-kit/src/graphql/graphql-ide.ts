import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Where the IDE's assets are served, beside /graphql. */
export const GRAPHQL_IDE_ASSETS = '/graphql-ide';

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * Every file the IDE page loads, by the name it is served under: GraphiQL's prebuilt UMD bundle and
 * stylesheet, React and ReactDOM (UMD, production builds), the graphql-ws client (subscriptions)
 * and the page's own script. Nothing else under GRAPHQL_IDE_ASSETS answers.
 */
const ASSET_FILES: Record<string, () => string> = {
  'react.production.min.js': () => join(packageDir('react'), 'umd', 'react.production.min.js'),
  'react-dom.production.min.js': () => join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
  'graphql-ws.min.js': () => join(packageDir('graphql-ws'), 'umd', 'graphql-ws.min.js'),
  'graphiql.min.js': () => join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': () => join(packageDir('graphiql'), 'graphiql.min.css'),
};

const STYLESHEETS = ['graphiql.min.css', 'onedoor-ide.css'];
const SCRIPTS = ['react.production.min.js', 'react-dom.production.min.js', 'graphql-ws.min.js', 'graphiql.min.js', 'onedoor-ide.js'];

/**
 * The page at GET /graphql. Asset URLs are relative to it (`graphql-ide/…` beside `graphql`), so
 * that the page works under whatever path prefix a reverse proxy gives the service.
 */
export const GRAPHQL_IDE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>OneDoor GraphQL</title>
${STYLESHEETS.map((f) => `<link rel="stylesheet" href="graphql-ide/${f}">`).join('\n')}
</head>
<body>
<div id="graphiql">Loading the GraphQL IDE…</div>
${SCRIPTS.map((f) => `<script src="graphql-ide/${f}"></script>`).join('\n')}
</body>
</html>
`;

const IDE_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
`;

/**
 * The page's script (no inline script on the page: the CSP allows scripts from the service only).
 * GraphiQL with the Headers editor open on `Authorization: Bearer `: the token pasted there goes
 * with every request (an empty one is left out, a bare token gets its `Bearer ` prefix); headers
 * are not stored in the browser. Subscriptions go over graphql-ws on the same origin, with the
 * same authorization as connection parameters.
 */
const IDE_JS = `(function () {
  'use strict';
  var endpoint = location.origin + location.pathname;
  var wsEndpoint = endpoint.replace(/^http/, 'ws');

  function withAuthorization(headers) {
    var out = {};
    Object.keys(headers || {}).forEach(function (name) {
      var value = headers[name];
      if (name.toLowerCase() !== 'authorization') { out[name] = value; return; }
      var text = String(value == null ? '' : value).trim();
      if (text === '' || /^bearer$/i.test(text)) return;
      out.Authorization = /^bearer\\s+/i.test(text) ? text.replace(/^bearer\\s+/i, 'Bearer ') : 'Bearer ' + text;
    });
    return out;
  }

  var fetchers = {};
  function fetcherFor(authorization) {
    if (!fetchers[authorization]) {
      var wsClient = graphqlWs.createClient({
        url: wsEndpoint,
        lazy: true,
        retryAttempts: 0,
        connectionParams: authorization ? { authorization: authorization } : {},
      });
      fetchers[authorization] = GraphiQL.createFetcher({ url: endpoint, wsClient: wsClient });
    }
    return fetchers[authorization];
  }

  function fetcher(params, options) {
    var headers = withAuthorization(options && options.headers);
    return fetcherFor(headers.Authorization || '')(params, Object.assign({}, options, { headers: headers }));
  }

  var defaultQuery = [
    '# OneDoor GraphQL. Paste a bearer token after "Bearer " under Headers below;',
    '# npm run token -- --role caseworker --jurisdiction 321323 mints one for the local secret.',
    '# The schema (Docs, autocompletion) loads for staff tokens where introspection is on.',
    '',
    'query {',
    '  __typename',
    '}',
    '',
  ].join('\\n');

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultHeaders: JSON.stringify({ Authorization: 'Bearer ' }, null, 2),
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const GENERATED: Record<string, { type: string; body: string }> = {
  'onedoor-ide.js': { type: 'text/javascript; charset=utf-8', body: IDE_JS },
  'onedoor-ide.css': { type: 'text/css; charset=utf-8', body: IDE_CSS },
};

/** One asset of the IDE by its name under GRAPHQL_IDE_ASSETS: text made here, or a file of node_modules. */
export type GraphqlIdeAsset = { kind: 'text'; type: string; body: string } | { kind: 'file'; type: string; path: string };

const FILE_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The asset served as `GRAPHQL_IDE_ASSETS/<name>`, or undefined for any other name (404). */
export function graphqlIdeAsset(name: string): GraphqlIdeAsset | undefined {
  const generated = Object.hasOwn(GENERATED, name) ? GENERATED[name] : undefined;
  if (generated) return { kind: 'text', type: generated.type, body: generated.body };
  const file = Object.hasOwn(ASSET_FILES, name) ? ASSET_FILES[name] : undefined;
  return file && { kind: 'file', type: FILE_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream', path: file() };
}

/**
 * The IDE's assets under /graphql-ide/: the files of ASSET_FILES from node_modules, the page's own
 * script and stylesheet; any other path passes on (404).
 */
export function graphqlIdeAssets(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith(`${GRAPHQL_IDE_ASSETS}/`)) return next();
    const asset = graphqlIdeAsset(req.path.slice(GRAPHQL_IDE_ASSETS.length + 1));
    if (!asset) return next();
    if (asset.kind === 'text') {
      res.set('Cache-Control', 'no-cache').type(asset.type).send(asset.body);
      return;
    }
    res.sendFile(asset.path, { maxAge: '1h' }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}

/**
 * Apollo's landing page, replaced: GET /graphql from a browser (Accept prefers text/html) answers
 * GRAPHQL_IDE_HTML. GraphQL requests to /graphql are answered as before.
 */
export const graphqlIdeLandingPage: ApolloServerPlugin = {
  async serverWillStart() {
    return {
      async renderLandingPage() {
        return { html: GRAPHQL_IDE_HTML };
      },
    };
  },
};

/**
 * The GraphQL IDE, self-hosted: a browser opening /graphql gets a GraphiQL page (the landing page
 * of graphqlIdeLandingPage) whose every script and stylesheet this module serves under
 * /graphql-ide/ from the process itself — nothing from a CDN, so the IDE works on a closed network.
 */
@Module({})
export class GraphqlIdeModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    // Registered before the application's routes are closed by the not-found handler.
    this.adapterHost.httpAdapter?.use(graphqlIdeAssets());
  }
}
