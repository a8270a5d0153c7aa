import type { IncomingMessage } from 'node:http';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { InvalidTokenError, verifyToken, type Principal } from '../auth/jwt';
import { formatGraphQLError } from './graphql-errors';
import { bearerTokenOf } from './graphql-limits';

/** Close codes of a refused graphql-ws connection (4401 as graphql-ws itself uses for "Unauthorized"). */
export const WS_CLOSE_UNAUTHORIZED = 4401;
export const WS_CLOSE_UNAVAILABLE = 4503;

/** What the WebSocket server gives graphql-ws as `extra`, with the principal once the connection is accepted. */
export interface WsExtra {
  /** The `ws` socket of the connection. */
  socket: { close(code: number, reason: string): void };
  request: IncomingMessage;
  principal?: Principal;
}

type Ctx = WsContext<Record<string, unknown> | undefined, WsExtra>;

/** `connectionParams.authorization` (or `Authorization`) of the connection_init message. */
const authorizationOf = (ctx: Ctx): unknown => ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;

/** The close reason of a WebSocket frame is at most 123 bytes. */
const reason = (text: string) => Buffer.from(text).subarray(0, 123).toString('utf8').replace(/\uFFFD$/, '');

/**
 * graphql-ws `onConnect`: the connection is accepted only with `connectionParams: { authorization:
 * 'Bearer <token>' }` whose token verifyToken accepts (the function the HTTP guard uses). Without
 * one, or with an invalid one, the socket is closed with 4401 and the reason; when the token issuer
 * cannot be reached, with 4503 (retry later). The principal is kept on `ctx.extra.principal`.
 */
export async function authenticateConnection(ctx: Ctx): Promise<boolean> {
  const token = bearerTokenOf(authorizationOf(ctx));
  const refuse = (code: number, text: string) => {
    ctx.extra.socket.close(code, reason(text));
    return false;
  };
  if (!token) return refuse(WS_CLOSE_UNAUTHORIZED, "Unauthorized: connectionParams.authorization must be 'Bearer <token>'");
  try {
    ctx.extra.principal = await verifyToken(token);
    return true;
  } catch (e) {
    if ((e as Error)?.name === 'IssuerUnavailableError') return refuse(WS_CLOSE_UNAVAILABLE, 'Service unavailable: the token issuer cannot be reached; retry later');
    return refuse(WS_CLOSE_UNAUTHORIZED, `Unauthorized: ${e instanceof InvalidTokenError ? e.message : 'invalid token'}`);
  }
}

/**
 * The GraphQL context of an operation: over HTTP `{ req, res }` as Express gave them; over
 * graphql-ws a request-like object carrying the connection's Authorization as a header (so the
 * guard verifies it again for every subscription, and sees an expired token), the accepted
 * principal and the client's address.
 */
export function graphqlContext(arg: unknown): { req: unknown; res?: unknown } {
  const ws = arg as Partial<Ctx>;
  if (ws && typeof ws === 'object' && 'connectionInitReceived' in ws && ws.extra) {
    const request = ws.extra.request;
    return {
      req: {
        headers: { authorization: authorizationOf(ws as Ctx) },
        principal: ws.extra.principal,
        ip: request?.socket?.remoteAddress,
        socket: request?.socket,
        webSocket: true,
      },
    };
  }
  const http = arg as { req?: unknown; res?: unknown };
  return { req: http?.req, res: http?.res };
}

/** Errors graphql-ws found itself (validation, an unknown operation) carry no code: they are the client's. */
const withClientCode = (e: GraphQLError): GraphQLError =>
  e.extensions?.code || e.originalError
    ? e
    : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } });

const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatGraphQLError(e.toJSON(), e));

/**
 * The graphql-ws server options: authentication at connection (authenticateConnection), a
 * document that does not parse refused as GRAPHQL_PARSE_FAILED (the connection stays open),
 * validation with `limitRules` and without introspection (served over HTTP only), and every error
 * formatted as over HTTP (formatGraphQLError: `extensions.code` and the problem).
 */
export function graphqlWsOptions(limitRules: ValidationRule[]) {
  const rules = [...specifiedRules, ...limitRules, NoSchemaIntrospectionCustomRule];
  return {
    onConnect: authenticateConnection,
    onSubscribe: (_ctx: Ctx, _id: string, payload: { query?: unknown }) => {
      try {
        parse(String(payload.query ?? ''));
        return undefined;
      } catch (e) {
        const message = e instanceof GraphQLError ? e.message : 'the document could not be parsed';
        return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
      }
    },
    validate: (schema: GraphQLSchema, document: Parameters<typeof validate>[1]) => validate(schema, document, rules),
    onNext: (_ctx: Ctx, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
      result.errors?.length ? { ...result, errors: format(result.errors) } : undefined,
    onError: (_ctx: Ctx, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => format(errors.map(withClientCode)),
  };
}
