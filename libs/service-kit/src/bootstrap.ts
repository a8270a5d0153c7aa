import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createOpenApiDocument } from './http/openapi';
import { ProblemError } from './http/problem';
import { localeContext } from './http/locale';
import { corsFromEnv, securityHeaders } from './http/security-headers';
import { verifyJsonBody } from './http/validation';
import { httpLogger, requestContext } from './logging/http';
import { withObservability } from './logging/module';
import { pinoNestLogger } from './logging/nest';
import { serveGraphQLSchema } from './graphql/graphql-schema-route';

export interface HttpOptions {
  title: string;
  port: number;
  host?: string;
}

/** Largest request body accepted (after decompression); larger ones get 413. */
export const MAX_BODY = '256kb';

/**
 * Request bodies are JSON in UTF-8: a body of any other media type (`application/vnd.x+json` and
 * other `+json` types too, which the JSON parser does not read) or charset gets 415 before it is
 * read (requests without a body pass).
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return next();
  const contentType = req.headers['content-type'] ?? '';
  if (!req.is('application/json')) {
    return next(ProblemError.unsupportedMediaType(`request bodies must be application/json, not ${contentType.slice(0, 100) || 'untyped'}`));
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(ProblemError.unsupportedMediaType(`request bodies must be UTF-8, not ${charset.slice(0, 40)}`));
  }
  next();
}

/** A query parameter name in bracket form (`a[]`, `a[b]`, `__proto__[x]`). */
const BRACKET_NAME = /[[\]]/;

/**
 * Query parameters are plain names, each read as text (Express's simple parser: no nested
 * objects). A name in bracket form (`?offset[]=1`, `?a[b]=1`, `?__proto__[x]=1`), which some
 * parsers turn into arrays or objects and this one leaves as a parameter nobody reads, gets a 400
 * problem naming it rather than being ignored.
 */
export function refuseBracketQuery(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url ?? '';
  const start = url.indexOf('?');
  if (start < 0) return next();
  const errors: { field: string; message: string }[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const raw = pair.split('=', 1)[0].replace(/\+/g, ' ');
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      name = raw;
    }
    if (!BRACKET_NAME.test(name)) continue;
    const field = name.slice(0, 100);
    errors.push({ field, message: `query parameter ${field} is not supported: parameters are plain names (no a[] or a[b] forms), each given once` });
    if (errors.length >= 20) break;
  }
  if (errors.length) return next(ProblemError.badRequest(`unsupported query parameter(s): ${errors.map((e) => e.field).join(', ')}`, errors));
  next();
}

/**
 * `ONEDOOR_TRUST_PROXY`: Express's `trust proxy` (a hop count such as `1`, or addresses/subnets
 * such as `loopback, 10.0.0.0/8`), so that the client address (rate limits) is taken from
 * X-Forwarded-For behind a reverse proxy. Unset: the socket's address.
 */
function trustProxy(env: NodeJS.ProcessEnv = process.env): number | string | undefined {
  const raw = env.ONEDOOR_TRUST_PROXY?.trim();
  if (!raw) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/**
 * REST under /api/v1, OpenAPI at /docs, health and metrics at the root. Bodies: JSON only (415
 * otherwise, or for an unknown Content-Encoding), at most MAX_BODY (413), nested at most
 * MAX_INPUT_DEPTH deep, valid UTF-8 and without a key given twice in one object (400,
 * verifyJsonBody); no urlencoded parser. Query strings: the simple parser, bracket-form names
 * refused (400, refuseBracketQuery). Security headers on every answer (helmet, see
 * securityHeaders); CORS only for the origins of `ONEDOOR_CORS_ORIGINS` (corsFromEnv), none by
 * default. Throws at start for a CORS or proxy setting that is not valid. Every answer carries the
 * request's `x-request-id`; logs are the process's JSON lines (logging/), with request and trace ids.
 */
export async function createHttpApp(rootModule: unknown, options: Omit<HttpOptions, 'port'>): Promise<INestApplication> {
  const cors = corsFromEnv();
  // Logs: pino JSON lines through nestjs-pino (levels from ONEDOOR_LOG / ONEDOOR_LOG_LEVEL).
  const app = await NestFactory.create<NestExpressApplication>(withObservability(rootModule), { logger: pinoNestLogger(), bodyParser: false });
  app.use(requestContext); // request id (x-request-id), log and trace context of the request
  app.use(localeContext); // the language of problems and notices (Accept-Language)
  app.use(httpLogger()); // one line per completed request (see requestLogLevel)
  app.disable('x-powered-by');
  const proxy = trustProxy();
  if (proxy !== undefined) app.set('trust proxy', proxy);
  app.use(securityHeaders());
  if (cors) app.enableCors(cors);
  app.set('query parser', 'simple');
  app.use(refuseBracketQuery);
  app.use(requireJsonBody);
  const json = { limit: MAX_BODY, strict: true, type: 'application/json', verify: verifyJsonBody };
  app.useBodyParser('json', json);
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'metrics', 'asyncapi'] });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app, options.title));
  serveGraphQLSchema(app); // GET /schema.graphql, for the gateway
  return app;
}

export async function startHttp(rootModule: unknown, options: HttpOptions): Promise<INestApplication> {
  const app = await createHttpApp(rootModule, options);
  // Longer than a busy event loop may stall, so a kept-alive connection is not closed while a
  // client's next request is already on the wire.
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(options.port, options.host ?? '0.0.0.0');
  return app;
}
