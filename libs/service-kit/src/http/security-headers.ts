import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Content-Security-Policy of the API's own answers (JSON, problem+json, metrics): nothing may be
 * loaded, framed or submitted.
 */
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } };

/**
 * The pages OneDoor serves itself — /docs (Swagger UI) and /graphql (the GraphiQL IDE,
 * graphql-ide.ts): scripts and stylesheets from the service itself (no inline script), inline
 * styles, data: images and fonts, and the same origin over HTTP and WebSocket ('self' covers ws:
 * and wss: to the same host). No other origin appears.
 */
const SELF_HOSTED_PAGE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * Security headers with helmet on every answer: Content-Security-Policy (none at all for the API;
 * what Swagger UI needs under /docs and the GraphQL IDE needs at /graphql), Strict-Transport-Security,
 * X-Content-Type-Options nosniff, X-Frame-Options, Referrer-Policy no-referrer,
 * Cross-Origin-Opener-Policy and -Resource-Policy, and no X-Powered-By.
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({ contentSecurityPolicy: API_CSP });
  const page = helmet({ contentSecurityPolicy: SELF_HOSTED_PAGE_CSP });
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    const handler = path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-') || path === '/graphql' ? page : api;
    handler(req, res, next);
  };
}

/** helmet with the API's policy (API_CSP), for servers without Express (the gateway's own answers). */
export const apiSecurityHeaders = () => helmet({ contentSecurityPolicy: API_CSP });

/** helmet with the self-hosted pages' policy (SELF_HOSTED_PAGE_CSP), for servers without Express (the gateway's GraphQL IDE). */
export const pageSecurityHeaders = () => helmet({ contentSecurityPolicy: SELF_HOSTED_PAGE_CSP });

const ORIGIN = /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?\/?$/i;

/**
 * CORS from `ONEDOOR_CORS_ORIGINS`: unset or empty → undefined (no CORS headers: browsers of other
 * origins cannot read answers); a comma-separated list of origins (`https://desk.example.gov.cn`)
 * → those origins may call with a bearer token (no cookies), `*` → any origin. Throws an Error
 * naming the variable for an entry that is not an origin (scheme, host and port only).
 */
export function corsFromEnv(env: NodeJS.ProcessEnv = process.env): CorsOptions | undefined {
  const entries = (env.ONEDOOR_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  for (const o of entries) {
    if (o !== '*' && !ORIGIN.test(o)) throw new Error(`ONEDOOR_CORS_ORIGINS: ${JSON.stringify(o.slice(0, 100))} is not an origin such as https://desk.example.gov.cn`);
  }
  return {
    origin: entries.includes('*') ? '*' : entries.map((o) => o.replace(/\/$/, '').toLowerCase()),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'traceparent', 'tracestate'],
    exposedHeaders: ['Location', 'Retry-After', 'WWW-Authenticate', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    credentials: false,
    maxAge: 600,
  };
}
