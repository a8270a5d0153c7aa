/**
 * The OpenAPI document of the REST API (served at /docs, written by `npm run openapi`): the error
 * responses every operation shares (RFC 9457 problem details), the optional headers
 * (`Idempotency-Key` on writes, `traceparent`), servers, bearer security and tags.
 */
import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiExtraModels, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, DocumentBuilder, SwaggerModule, type OpenAPIObject,
} from '@nestjs/swagger';
import { RETRY_AFTER_SECONDS } from './problem';

@ApiSchema({ name: 'FieldError', description: 'One invalid input: the field (dotted path, `[i]` for array items) and what is wrong with it.' })
export class FieldErrorModel {
  @ApiProperty({ example: 'household.members[0].idNumber' }) field: string;
  @ApiProperty({ example: 'idNumber has a wrong check digit (GB 11643)' }) message: string;
}

@ApiSchema({
  name: 'Problem',
  description:
    'RFC 9457 problem details, sent as `application/problem+json` for every error. `title` and `detail` are Chinese by ' +
    'default and English with `Accept-Language: en`; `type`, `rule` and numbers are the same in both.',
})
export class ProblemModel {
  @ApiProperty({ description: 'URI naming the kind of problem', example: 'https://onedoor.example/problems/validation' }) type: string;
  @ApiProperty({ description: 'short summary of the kind of problem', example: 'Invalid request' }) title: string;
  @ApiProperty({ description: 'the HTTP status', example: 400, minimum: 400, maximum: 599 }) status: number;
  @ApiPropertyOptional({ description: 'what went wrong with this request' }) detail?: string;
  @ApiPropertyOptional({ description: 'the request path', example: '/api/v1/applications' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorModel], description: 'every invalid field (400)' }) errors?: FieldErrorModel[];
  @ApiPropertyOptional({ description: 'the business rule refused (422)', example: 'temporary-aid.cap' }) rule?: string;
  @ApiPropertyOptional({ description: 'the current version of what was changed concurrently (409)', example: 3 }) currentVersion?: number;
  @ApiPropertyOptional({ description: 'the id a fault is logged under (500)', format: 'uuid' }) correlationId?: string;
  @ApiPropertyOptional({ description: 'seconds to wait before trying again (429, 503); also the `Retry-After` header', example: RETRY_AFTER_SECONDS })
  retryAfter?: number;
}

const problem = (slug: string, title: string, status: number, extra: Record<string, unknown> = {}) => ({
  type: `https://onedoor.example/problems/${slug}`,
  title,
  status,
  ...extra,
});

const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};

/** The shared error responses, by status: the name under components/responses, what it means, an example. */
export const PROBLEM_RESPONSES: Record<number, { name: string; description: string; example: Record<string, unknown>; headers?: Record<string, unknown> }> = {
  400: {
    name: 'BadRequest',
    description:
      'Invalid input: fields (`errors`), malformed or too deeply nested JSON, a bad id in the path, a query parameter out of range or repeated. Nothing was written.',
    example: problem('validation', 'Invalid request', 400, {
      detail: '1 field(s) are invalid',
      instance: '/api/v1/applications',
      errors: [{ field: 'household.members[0].idNumber', message: 'idNumber has a wrong check digit (GB 11643)' }],
    }),
  },
  401: {
    name: 'Unauthorized',
    description: 'No bearer token, or one that is not valid (see the `WWW-Authenticate` challenge).',
    example: problem('unauthorized', 'Unauthorized', 401, { detail: 'a bearer token is required' }),
    headers: { 'WWW-Authenticate': { description: 'RFC 6750 bearer challenge', schema: { type: 'string' } } },
  },
  403: {
    name: 'Forbidden',
    description: 'The token is valid but its role or jurisdiction may not do this.',
    example: problem('forbidden', 'Forbidden', 403, { detail: 'jurisdiction 371600 is outside your jurisdiction' }),
  },
  404: {
    name: 'NotFound',
    description: 'Not found, or outside the caller\u2019s jurisdiction (the two are not told apart).',
    example: problem('not-found', 'Not found', 404, { detail: 'application 0b5c\u2026 not found' }),
  },
  409: {
    name: 'Conflict',
    description: 'A concurrent change: `currentVersion` is the version now stored; read again and retry.',
    example: problem('conflict', 'Conflict', 409, { detail: 'expected version 2, found 3', currentVersion: 3 }),
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'A body over 256 kB (after decompression).',
    example: problem('payload-too-large', 'Payload too large', 413, { detail: 'request entity too large' }),
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'A body that is not `application/json` in UTF-8, or an unknown `Content-Encoding`.',
    example: problem('unsupported-media-type', 'Unsupported media type', 415, { detail: 'request bodies must be application/json, not text/plain' }),
  },
  422: {
    name: 'Unprocessable',
    description: 'A business rule refused the request (`rule`), or an `Idempotency-Key` was reused with another body.',
    example: problem('rule-violation', 'Business rule violated', 422, { detail: 'the amount exceeds the cap of the track', rule: 'temporary-aid.cap' }),
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many writes, or too many refused tokens, from this caller: retry after `Retry-After` seconds.',
    example: problem('too-many-requests', 'Too many requests', 429, { detail: 'too many writes', retryAfter: 30 }),
    headers: RETRY_AFTER_HEADER,
  },
  500: {
    name: 'InternalError',
    description: 'A fault: only "internal error" and a `correlationId`, under which it is logged.',
    example: problem('internal', 'Internal error', 500, { detail: 'internal error (correlation id 3f0e8f4e-6a3c-4d3b-9a57-0d7c7f1c2b11)', correlationId: '3f0e8f4e-6a3c-4d3b-9a57-0d7c7f1c2b11' }),
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The database or the broker is away: the same request succeeds later; retry after `Retry-After` seconds.',
    example: problem('service-unavailable', 'Service unavailable', 503, { detail: 'the database is not available', retryAfter: RETRY_AFTER_SECONDS }),
    headers: RETRY_AFTER_HEADER,
  },
};

/** What can go wrong for any authenticated operation. */
const ALWAYS = [401, 403, 429, 500, 503];
/** Errors of a read by id (400: a bad id or query parameter). */
export const READ_ERRORS = [400, 404, ...ALWAYS];
/** Errors of a search or list. */
export const LIST_ERRORS = [400, ...ALWAYS];
/** Errors of a write with a JSON body. */
export const WRITE_ERRORS = [400, 409, 413, 415, 422, ...ALWAYS];

/** The operation's error responses: each a `Problem` as `application/problem+json` (see PROBLEM_RESPONSES). */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemModel, FieldErrorModel),
    ...[...new Set(statuses)].map((status) => ApiResponse({ status, description: PROBLEM_RESPONSES[status]?.description ?? 'Problem details' })),
  );
}

/** An operation: its summary, id (unique, used as the client method's name), description and error responses. */
export function ApiOp(options: { summary: string; operationId: string; description?: string; errors?: number[] }) {
  return applyDecorators(
    ApiOperation({ summary: options.summary, operationId: options.operationId, description: options.description }),
    ApiProblems(...(options.errors ?? [])),
  );
}

/** The optional `Idempotency-Key` header of a write. */
export function ApiIdempotencyKey(what = 'result') {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `The same key and body give the same ${what}, once (the answer is replayed with \`Idempotent-Replayed: true\`); the same key with another body is 422.`,
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$', minLength: 1, maxLength: 200 },
  });
}

/** The optional W3C `traceparent` header: the events the operation records join this trace. */
export function ApiTraceparent() {
  return ApiHeader({
    name: 'traceparent',
    required: false,
    description: 'W3C Trace Context; the events this request records join its trace (a malformed value is ignored).',
    schema: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
}

const TAGS: { name: string; description: string }[] = [
  { name: 'applications', description: 'The one window: submit an application; its dossier (one status across departments), timeline, search and who read it.' },
  { name: 'cases', description: 'A department\u2019s case of an application, and officers\u2019 decisions on it.' },
  { name: 'budgets', description: 'Budgets per programme, fiscal year and jurisdiction: allocate, top up, read. Never overspent.' },
  { name: 'read-log', description: 'Who read whose personal data, when, what and why (PIPL art. 45), for auditors.' },
  { name: 'subjects', description: 'Data subjects: erasure of their clear personal data (PIPL art. 47).' },
  { name: 'ops', description: 'Health, readiness, metrics and the AsyncAPI document of the Kafka topics; no token needed.' },
];

/** Servers the document names: the host serving it, and any deployment by its address (`npm start`: http://localhost:3000). */
const SERVERS: { url: string; description: string; variables?: Record<string, { default: string; enum?: string[]; description?: string }> }[] = [
  { url: '/', description: 'the host serving this document' },
  {
    url: '{scheme}://{host}',
    description: 'a deployment by its address; `npm start` listens on http://localhost:3000',
    variables: {
      scheme: { default: 'https', enum: ['https', 'http'] },
      host: { default: 'onedoor.example', description: 'host name and port' },
    },
  },
];

export function openApiConfig(title: string): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setTitle(title)
    .setDescription(
      'OneDoor: one application, every department, funded exactly once. JSON in camelCase; money in integer fen (fields ending `Fen`); ' +
        'dates ISO 8601 (`YYYY-MM-DD` for China dates). Every error is RFC 9457 problem details (`application/problem+json`, schema `Problem`). ' +
        'Writes accept an optional `Idempotency-Key`. Every operation except health, metrics and the AsyncAPI document needs ' +
        '`Authorization: Bearer <JWT>` (roles and a jurisdiction; access is limited to that subtree). The Kafka events are described at `/asyncapi`.',
    )
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://onedoor.example/license')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a JWT from the identity provider (`npm run token` locally)' }, 'bearer');
  for (const s of SERVERS) builder.addServer(s.url, s.description, s.variables);
  for (const t of TAGS) builder.addTag(t.name, t.description);
  return builder.build();
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/**
 * The final touches swagger's decorators cannot express: every error response refers to the
 * shared one (`#/components/responses/<Name>`, `application/problem+json` with `Problem`), and
 * operations without a bearer requirement say so (`security: []`).
 */
export function finishOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const used = new Set<number>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const [code, response] of Object.entries(op.responses ?? {})) {
        const status = Number(code);
        if (status >= 400 && PROBLEM_RESPONSES[status]) {
          op.responses[code] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };
          used.add(status);
        } else if (status >= 400 && response && 'description' in response) {
          op.responses[code] = { ...response, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
        }
      }
      op.security ??= [];
    }
  }
  const responses: Record<string, any> = {};
  for (const status of [...used].sort()) {
    const r = PROBLEM_RESPONSES[status];
    responses[r.name] = {
      description: r.description,
      ...(r.headers ? { headers: r.headers } : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example: r.example } },
    };
  }
  document.components = { ...document.components, responses: { ...document.components?.responses, ...responses } };
  return document;
}

/** The document of `app`'s routes, as /docs serves it. */
export function createOpenApiDocument(app: INestApplication, title: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, openApiConfig(title) as OpenAPIObject, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return finishOpenApiDocument(document);
}
