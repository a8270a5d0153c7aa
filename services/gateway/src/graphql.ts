import type { IncomingMessage, ServerResponse } from 'node:http';
import { delegateToSchema, defaultMergedResolver, type SubschemaConfig } from '@graphql-tools/delegate';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { stitchSchemas } from '@graphql-tools/stitch';
import {
  buildSchema, execute, getOperationAST, GraphQLError, NoSchemaIntrospectionCustomRule, OperationTypeNode, parse, print, specifiedRules, validate,
  type DocumentNode, type ExecutionResult, type GraphQLFieldResolver, type GraphQLFormattedError, type GraphQLObjectType, type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  bearerTokenOf, graphqlLimitRules, graphqlLimitsFromEnv, introspectionPolicy, problemType, usesIntrospection, verifyToken,
} from '@onedoor/service-kit';
import { GATEWAY_RETRY_AFTER_SECONDS } from './problems';
import { forwardedHeaders, mergeReadLogPages, type ReadLogPage } from './rest';
import { departmentOfCase, UPSTREAMS, type Upstream } from './routes';

/** What every operation through the gateway carries to the services: the caller's headers (FORWARDED_HEADERS). */
export interface GatewayContext {
  headers: Record<string, string>;
}

type Executor = NonNullable<SubschemaConfig['executor']>;
type Request = Parameters<Executor>[0];

const problemExtensions = (code: string, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => {
  const problem = { type: problemType(code === 'SERVICE_UNAVAILABLE' ? 'service-unavailable' : code === 'NOT_FOUND' ? 'not-found' : 'validation'), title, status, detail, ...extra };
  return { code, ...problem, problem };
};

/** The error of a service that cannot be reached, with `extensions.code` SERVICE_UNAVAILABLE as the services give it. */
export const unavailableError = (upstream: string): GraphQLFormattedError => ({
  message: 'service unavailable; retry later',
  extensions: problemExtensions('SERVICE_UNAVAILABLE', 503, 'Service unavailable', `${upstream} cannot be reached; retry later`, { retryAfter: GATEWAY_RETRY_AFTER_SECONDS }),
});

/** Queries and mutations: HTTP POST to the service's /graphql with the caller's headers. */
function httpExecutor(upstream: Upstream, url: string): Executor {
  const fetchOrUnavailable = async (input: string, init?: RequestInit) => {
    try {
      return await fetch(input, init);
    } catch {
      return new Response(JSON.stringify({ errors: [unavailableError(upstream)] }), { status: 503, headers: { 'content-type': 'application/json' } });
    }
  };
  return buildHTTPExecutor({
    endpoint: `${url}/graphql`,
    headers: (request) => (request?.context as GatewayContext | undefined)?.headers ?? {},
    fetch: fetchOrUnavailable as never,
  }) as Executor;
}

/**
 * Subscriptions: one graphql-ws connection to the service per subscription, authenticated with the
 * caller's Authorization as `connectionParams.authorization`; closed when the subscription ends.
 */
function wsExecutor(upstream: Upstream, url: string): Executor {
  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  return ((request: Request) => {
    const authorization = (request.context as GatewayContext | undefined)?.headers?.authorization;
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      lazy: true,
      retryAttempts: 0,
    });
    const results = client.iterate({
      query: print(request.document),
      variables: request.variables as Record<string, unknown> | undefined,
      operationName: request.operationName,
    });
    let done = false;
    const finish = async () => {
      done = true;
      await results.return?.().catch(() => undefined);
      await client.dispose();
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        if (done) return { done: true, value: undefined };
        try {
          const next = await results.next();
          if (next.done) await finish();
          return next as IteratorResult<ExecutionResult>;
        } catch (e) {
          await finish();
          // The service refused the subscription (its errors) or could not be reached.
          const errors = Array.isArray(e) ? (e as GraphQLFormattedError[]) : [unavailableError(upstream)];
          return { done: false, value: { errors: errors.map((x) => new GraphQLError(x.message, { extensions: x.extensions })) } };
        }
      },
      async return() {
        await finish();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  }) as Executor;
}

/** The executor of one service: subscriptions over graphql-ws, everything else over HTTP. */
function executorOf(upstream: Upstream, url: string): Executor {
  const http = httpExecutor(upstream, url);
  const ws = wsExecutor(upstream, url);
  return ((request: Request) => {
    const operation = request.operationType ?? getOperationAST(request.document, request.operationName)?.operation;
    return operation === OperationTypeNode.SUBSCRIPTION ? ws(request) : http(request);
  }) as Executor;
}

const READ_LOG_QUERY = parse(`query ReadLog($subject: String, $reader: String, $from: String, $to: String, $limit: Int, $offset: Int) {
  readLog(subject: $subject, reader: $reader, from: $from, to: $to, limit: $limit, offset: $offset) {
    total limit offset
    items { service seq at date reader { sub roles jurisdiction department } purpose resource resourceId fields applicationIds subjectRefs hash }
  }
}`);

/** Marks values the gateway assembled itself (the merged read log), read field by field. */
const ASSEMBLED = Symbol('assembled');
const assembled = <T extends object>(value: T): T => Object.assign(value, { [ASSEMBLED]: true });

const errorOf = (e: GraphQLFormattedError) => new GraphQLError(e.message, { extensions: e.extensions });

/**
 * The one schema of the gateway: the services' schemas stitched together. Types the services
 * define alike (Case, ReadLogPage…) are one type. `case(id)` and `decideCase(input)` go to the
 * department the case id names; `readLog` asks every service and merges the pages newest first
 * (as GET /api/v1/read-log); everything else goes to the one service that defines it.
 */
export function composeSchema(sdl: Record<Upstream, string>, urls: Record<Upstream, string>): GraphQLSchema {
  const subschemas = Object.fromEntries(
    UPSTREAMS.map((u) => [u, { schema: buildSchema(sdl[u]), executor: executorOf(u, urls[u]), name: u } satisfies SubschemaConfig]),
  ) as Record<Upstream, SubschemaConfig & { schema: GraphQLSchema; executor: Executor }>;

  const caseNotFound = (caseId: string) =>
    new GraphQLError(`case ${caseId} not found`, { extensions: problemExtensions('NOT_FOUND', 404, 'Not found', `case ${caseId} not found`) });

  const toDepartment =
    (operation: OperationTypeNode, caseIdOf: (args: Record<string, any>) => unknown): GraphQLFieldResolver<unknown, GatewayContext> =>
    (_root, args, context, info) => {
      const caseId = String(caseIdOf(args) ?? '');
      const department = departmentOfCase(caseId);
      if (!department) throw caseNotFound(caseId);
      return delegateToSchema({ schema: subschemas[department], operation, fieldName: info.fieldName, args, context, info });
    };

  const readLog: GraphQLFieldResolver<unknown, GatewayContext> = async (_root, args, context) => {
    const limit = (args.limit as number | null | undefined) ?? 50;
    const offset = (args.offset as number | null | undefined) ?? 0;
    const valid = limit >= 1 && limit <= 500 && offset >= 0;
    const askOf = valid ? UPSTREAMS : (['intake'] as const); // out of range: refused by a service as every one would
    const variables = valid ? { ...args, offset: 0, limit: Math.min(500, offset + limit) } : args;
    const results = await Promise.all(
      askOf.map(async (u) => (await subschemas[u].executor({ document: READ_LOG_QUERY, variables, context, operationType: OperationTypeNode.QUERY })) as ExecutionResult<{ readLog: ReadLogPage }>),
    );
    const failed = results.find((r) => r.errors?.length || !r.data?.readLog);
    if (failed) throw errorOf(failed.errors?.[0] ?? { message: 'the read log could not be gathered' });
    const page = mergeReadLogPages(results.map((r) => r.data!.readLog), offset, limit);
    return assembled({ ...page, items: page.items.map((item) => assembled({ ...item, reader: assembled({ ...(item.reader as object) }) })) });
  };

  // Fields of the read-log types answer from the merged page as well as from a delegated result.
  const either: GraphQLFieldResolver<any, GatewayContext> = (parent, args, context, info) =>
    parent && parent[ASSEMBLED] ? parent[info.fieldName] : defaultMergedResolver(parent, args, context, info);
  const fieldsOf = (typeName: string) => Object.keys((subschemas.intake.schema.getType(typeName) as GraphQLObjectType).getFields());
  const readLogTypes = Object.fromEntries(['ReadLogPage', 'ReadLogEntry', 'Reader'].map((t) => [t, Object.fromEntries(fieldsOf(t).map((f) => [f, either]))]));

  return stitchSchemas({
    subschemas: Object.values(subschemas),
    resolvers: {
      ...readLogTypes,
      Query: {
        case: toDepartment(OperationTypeNode.QUERY, (args) => args.id),
        // The department desk (any service hosting departments on the kit): by case id, or by department.
        departmentCases: (_root, args, context, info) => {
          const service = departmentOfCase(`${String(args.department ?? '')}-`);
          const detail = `department ${String(args.department)} not found`;
          if (!service) throw new GraphQLError(detail, { extensions: problemExtensions('NOT_FOUND', 404, 'Not found', detail) });
          return delegateToSchema({ schema: subschemas[service], operation: OperationTypeNode.QUERY, fieldName: info.fieldName, args, context, info });
        },
        readLog,
      },
      Mutation: {
        decideCase: toDepartment(OperationTypeNode.MUTATION, (args) => args.input?.caseId),
        acceptCase: toDepartment(OperationTypeNode.MUTATION, (args) => args.caseId),
        decidePartnerCase: toDepartment(OperationTypeNode.MUTATION, (args) => args.input?.caseId),
        reportCasePayment: toDepartment(OperationTypeNode.MUTATION, (args) => args.input?.caseId),
      },
    },
  });
}

/** The validation rules of the gateway: graphql's, the services' limits and, when the policy is `off`, no introspection. */
export function gatewayValidationRules(env: NodeJS.ProcessEnv = process.env): ValidationRule[] {
  const limits = graphqlLimitRules(graphqlLimitsFromEnv(env));
  return [...specifiedRules, ...limits, ...(introspectionPolicy(env) === 'off' ? [NoSchemaIntrospectionCustomRule] : [])];
}

const formatted = (e: GraphQLError | GraphQLFormattedError) => (e instanceof GraphQLError ? e.toJSON() : e);

/** A refusal of the gateway itself (parse, validation, request shape): `extensions.code` and status 400 as the services answer. */
const clientError = (code: string, message: string): GraphQLFormattedError => ({
  message,
  extensions: problemExtensions(code, 400, 'Invalid request', message),
});

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/graphql-response+json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * May this caller introspect? The services' policy (introspectionPolicy): staff bearer tokens
 * only, or no one (then a validation rule refuses it). An error document when not.
 */
async function introspectionRefusal(authorization: string | undefined): Promise<GraphQLFormattedError | undefined> {
  const refuse = (status: 401 | 403, detail: string): GraphQLFormattedError => ({
    message: detail,
    extensions: { ...problemExtensions(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', status, status === 401 ? 'Unauthorized' : 'Forbidden', detail), type: problemType(status === 401 ? 'unauthorized' : 'forbidden') },
  });
  const token = bearerTokenOf(authorization);
  if (!token) return refuse(401, 'introspection requires a bearer token of staff');
  try {
    const principal = await verifyToken(token);
    return principal.roles.some((r) => r !== 'applicant') ? undefined : refuse(403, 'introspection is open to staff only');
  } catch (e) {
    return refuse(401, `introspection requires a valid bearer token of staff: ${(e as Error)?.message ?? 'invalid token'}`);
  }
}

/**
 * POST (or GET, for queries) /graphql against the composed schema `schema()` (undefined while it
 * is not composed yet: 503 with Retry-After). Errors of the services come back as they gave them
 * (message, path, `extensions.code` and problem); an answer whose only errors say a service is
 * away and that has no data is a 503 with Retry-After, as the services answer.
 */
export function graphqlHttpHandler(schema: () => GraphQLSchema | undefined, rules: ValidationRule[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const current = schema();
    if (!current) {
      send(res, 503, { errors: [{ ...unavailableError('the composed schema'), message: 'the gateway is still composing the schema of the services; retry later' }] }, { 'retry-after': String(GATEWAY_RETRY_AFTER_SECONDS) });
      return;
    }
    let params: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      if (req.method === 'GET') {
        const url = new URL(req.url ?? '/', 'http://gateway');
        const variables = url.searchParams.get('variables');
        params = { query: url.searchParams.get('query') ?? undefined, variables: variables ? JSON.parse(variables) : undefined, operationName: url.searchParams.get('operationName') ?? undefined };
      } else if (req.method === 'POST') {
        params = JSON.parse(await readBody(req, 1024 * 1024));
      } else {
        send(res, 405, { errors: [clientError('BAD_REQUEST', 'GraphQL is served over GET and POST')] }, { allow: 'GET, POST' });
        return;
      }
    } catch {
      send(res, 400, { errors: [clientError('BAD_REQUEST', 'the request body must be a JSON object of at most 1 MiB')] });
      return;
    }
    if (typeof params?.query !== 'string' || !params.query.trim()) {
      send(res, 400, { errors: [clientError('BAD_REQUEST', 'the request must carry a query')] });
      return;
    }
    let document: DocumentNode;
    try {
      document = parse(params.query);
    } catch (e) {
      send(res, 400, { errors: [clientError('GRAPHQL_PARSE_FAILED', e instanceof GraphQLError ? e.message : 'the document could not be parsed')] });
      return;
    }
    const invalid = validate(current, document, rules);
    if (invalid.length) {
      send(res, 400, { errors: invalid.map((e) => ({ ...formatted(e), extensions: problemExtensions('GRAPHQL_VALIDATION_FAILED', 400, 'Invalid request', e.message) })) });
      return;
    }
    const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      send(res, 400, { errors: [clientError('OPERATION_RESOLUTION_FAILURE', 'the operation to run cannot be told: name it with operationName')] });
      return;
    }
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
      send(res, 400, { errors: [clientError('BAD_REQUEST', 'subscriptions are served over graphql-ws (connect a WebSocket to /graphql)')] });
      return;
    }
    if (operation.operation !== OperationTypeNode.QUERY && req.method === 'GET') {
      send(res, 405, { errors: [clientError('BAD_REQUEST', 'mutations are sent with POST')] }, { allow: 'POST' });
      return;
    }
    const context: GatewayContext = { headers: forwardedHeaders(req.headers) };
    if (usesIntrospection(document)) {
      const refusal = await introspectionRefusal(context.headers.authorization);
      if (refusal) {
        send(res, (refusal.extensions?.status as number) ?? 401, { errors: [refusal] });
        return;
      }
    }
    const result = await execute({
      schema: current,
      document,
      operationName,
      variableValues: params.variables && typeof params.variables === 'object' ? (params.variables as Record<string, unknown>) : undefined,
      contextValue: context,
    });
    const errors = result.errors?.map(formatted);
    const noData = !result.data || Object.values(result.data).every((v) => v == null);
    const outage = !!errors?.length && noData && errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
    send(res, outage ? 503 : 200, { ...(errors ? { errors } : {}), data: result.data ?? null }, outage ? { 'retry-after': String(errors![0].extensions?.retryAfter ?? GATEWAY_RETRY_AFTER_SECONDS) } : {});
  };
}
