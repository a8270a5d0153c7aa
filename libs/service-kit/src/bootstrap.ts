import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createOpenApiDocument } from './http/openapi';
import { ProblemError } from './http/problem';
import { corsFromEnv, securityHeaders } from './http/security-headers';
import { refuseDeepJson } from './http/validation';
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
 * Request bodies are JSON in UTF-8: a body of any other media type or charset gets 415 before it
 * is read (requests without a body pass).
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return next();
  const contentType = req.headers['content-type'] ?? '';
  if (!req.is(['application/json', 'application/*+json'])) {
    return next(ProblemError.unsupportedMediaType(`request bodies must be application/json, not ${contentType.slice(0, 100) || 'untyped'}`));
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(ProblemError.unsupportedMediaType(`request bodies must be UTF-8, not ${charset.slice(0, 40)}`));
  }
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
 * MAX_INPUT_DEPTH deep (400); no urlencoded parser. Security headers on every answer (helmet, see
 * securityHeaders); CORS only for the origins of `ONEDOOR_CORS_ORIGINS` (corsFromEnv), none by
 * default. Throws at start for a CORS or proxy setting that is not valid. Every answer carries the
 * request's `x-request-id`; logs are the process's JSON lines (logging/), with request and trace ids.
 */
export async function createHttpApp(rootModule: unknown, options: Omit<HttpOptions, 'port'>): Promise<INestApplication> {
  const cors = corsFromEnv();
  // Logs: pino JSON lines through nestjs-pino (levels from ONEDOOR_LOG / ONEDOOR_LOG_LEVEL).
  const app = await NestFactory.create<NestExpressApplication>(withObservability(rootModule), { logger: pinoNestLogger(), bodyParser: false });
  app.use(requestContext); // request id (x-request-id), log and trace context of the request
  app.use(httpLogger()); // one line per completed request (see requestLogLevel)
  app.disable('x-powered-by');
  const proxy = trustProxy();
  if (proxy !== undefined) app.set('trust proxy', proxy);
  app.use(securityHeaders());
  if (cors) app.enableCors(cors);
  app.use(requireJsonBody);
  const json = { limit: MAX_BODY, strict: true, verify: refuseDeepJson };
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
