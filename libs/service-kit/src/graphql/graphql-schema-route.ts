import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';

/** Where a process serves the SDL of its GraphQL schema, for the gateway that composes them. */
export const GRAPHQL_SCHEMA_PATH = '/schema.graphql';

interface PlainResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(body: string): void;
}

/**
 * GET /schema.graphql: the SDL of this process's GraphQL schema (text/plain), 404 in a process
 * without GraphQL. The gateway reads it from each service's own port to compose one schema; the
 * gateway never routes this path, so outside the services' network it is not reachable.
 */
export function serveGraphQLSchema(app: INestApplication): void {
  let sdl: string | undefined;
  app.getHttpAdapter().get(GRAPHQL_SCHEMA_PATH, (_req: unknown, res: PlainResponse) => {
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
