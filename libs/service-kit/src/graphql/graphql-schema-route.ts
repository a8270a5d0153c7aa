import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { timingSafeEqual } from 'node:crypto';
import { printSchema } from 'graphql';
import { introspectionPolicy } from './graphql-limits';

/** Where a process serves the SDL of its GraphQL schema, for the gateway that composes them. */
export const GRAPHQL_SCHEMA_PATH = '/schema.graphql';
/** The header by which the gateway shows ONEDOOR_SCHEMA_KEY when introspection is off. */
export const GRAPHQL_SCHEMA_KEY_HEADER = 'x-onedoor-schema-key';

/**
 * Whether a request may read the SDL: always while introspection is allowed (outside production,
 * or with ONEDOOR_GRAPHQL_INTROSPECTION=1); otherwise only with the `x-onedoor-schema-key` header
 * equal to ONEDOOR_SCHEMA_KEY (the gateway's), so that the schema is no easier to read than by
 * introspection. Without a configured key nobody may.
 */
export function maySeeSchema(headers: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): boolean {
  if (introspectionPolicy(env) !== 'off') return true;
  const key = env.ONEDOOR_SCHEMA_KEY;
  const given = headers[GRAPHQL_SCHEMA_KEY_HEADER];
  if (!key || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface PlainResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(body: string): void;
}

/**
 * GET /schema.graphql: the SDL of this process's GraphQL schema (text/plain), 404 in a process
 * without GraphQL or to a request that may not see it (maySeeSchema). The gateway reads it from each service's own port to compose one schema; the
 * gateway never routes this path, so outside the services' network it is not reachable.
 */
export function serveGraphQLSchema(app: INestApplication): void {
  let sdl: string | undefined;
  app.getHttpAdapter().get(GRAPHQL_SCHEMA_PATH, (req: { headers: Record<string, unknown> }, res: PlainResponse) => {
    if (!maySeeSchema(req.headers)) {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('not found');
      return;
    }
    try {
      sdl ??= printSchema(app.get(GraphQLSchemaHost, { strict: false }).schema);
    } catch {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('no GraphQL schema in this process');
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(sdl);
  });
}
