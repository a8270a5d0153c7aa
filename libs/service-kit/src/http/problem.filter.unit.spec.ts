import { Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ConcurrencyError } from '@onedoor/event-store';
import { GraphQLError } from 'graphql';
import { formatGraphQLError } from '../graphql/graphql-errors';
import { ProblemError, RETRY_AFTER_SECONDS } from './problem';
import { ProblemDetailsFilter, toProblem } from './problem.filter';

/** A Logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const log = new Logger('test');
  log.error = ((text: string) => lines.push({ level: 'error', text })) as Logger['error'];
  log.warn = ((text: string) => lines.push({ level: 'warn', text })) as Logger['warn'];
  return { log, lines };
}

/** What the filter wrote: status, headers and the parsed problem. */
function runFilter(exception: unknown) {
  const sent: { status?: number; type?: string; body?: any; headers: Record<string, string> } = { headers: {} };
  const res = {
    headersSent: false,
    status(s: number) {
      sent.status = s;
      return res;
    },
    type(t: string) {
      sent.type = t;
      return res;
    },
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
    },
    send(text: string) {
      sent.body = JSON.parse(text);
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ url: '/api/v1/applications' }) }),
  } as unknown as ArgumentsHost;
  const filter = new ProblemDetailsFilter();
  (filter as unknown as { log: Logger }).log = recordingLogger().log;
  filter.catch(exception, host);
  return sent;
}

const pgDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const kafkaDown = () => Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
/** An error as graphql-js hands a resolver's exception to formatError. */
const fromResolver = (e: unknown) => new GraphQLError(e instanceof Error ? e.message : String(e), { path: ['submitApplication'], originalError: e as Error });

// The mapping logs faults and outages; the assertions read a recording logger instead.
beforeAll(() => Logger.overrideLogger(false));

describe('REST problem mapping', () => {
  it.each([
    ['the database is away', pgDown()],
    ['the broker is away', kafkaDown()],
    ['a serialization race', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['a wrapped connection loss', new Error('append failed', { cause: new Error('Connection terminated unexpectedly') })],
  ])('%s → 503 problem+json with Retry-After', (_, error) => {
    const sent = runFilter(error);
    expect(sent.status).toBe(503);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(sent.body).toMatchObject({ status: 503, title: 'Service unavailable', type: expect.stringMatching(/service-unavailable$/) });
  });

  it('an unexpected error → 500 that says only "internal error" and a correlation id, logged with the stack under that id', () => {
    const { log, lines } = recordingLogger();
    const problem = toProblem(new TypeError("Cannot read properties of undefined (reading 'x')"), log);
    expect(problem.status).toBe(500);
    expect(problem.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(problem.detail).toBe(`internal error (correlation id ${problem.correlationId})`);
    expect(JSON.stringify(problem)).not.toContain('Cannot read');
    expect(lines).toEqual([{ level: 'error', text: expect.stringContaining(String(problem.correlationId)) }]);
    expect(lines[0].text).toContain('TypeError');
    expect(runFilter(new Error('boom')).headers['retry-after']).toBeUndefined();
  });

  it.each([
    ['body too large', { status: 413, expose: true, type: 'entity.too.large', message: 'request entity too large' }, 413, /payload-too-large$/],
    ['latin1 charset', { status: 415, expose: true, type: 'charset.unsupported', message: 'unsupported charset "LATIN1"' }, 415, /unsupported-media-type$/],
    ['unknown content encoding', { status: 415, expose: true, type: 'encoding.unsupported', message: 'unsupported content encoding "foo"' }, 415, /unsupported-media-type$/],
    ['JSON nested too deeply', { status: 400, expose: true, type: 'entity.too.deep', message: 'the JSON body is nested deeper than 32 levels' }, 400, /validation$/],
    ['malformed JSON', { status: 400, expose: true, type: 'entity.parse.failed', message: 'Unexpected end of JSON input' }, 400, /validation$/],
    ['an undecodable path', { status: 400, message: "Failed to decode param '%C0'" }, 400, /validation$/],
  ])('%s → its 4xx status', (_, error, status, type) => {
    const sent = runFilter(Object.assign(new Error(error.message), error));
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ status, type: expect.stringMatching(type) });
  });

  it('a body that is JSON but not an object says so; one that is not JSON says where it breaks', () => {
    const strict = (body: string, message: string) => toProblem(Object.assign(new Error(message), { status: 400, expose: true, type: 'entity.parse.failed', body }));
    expect(strict('null', '"null" is not valid JSON')).toMatchObject({ status: 400, detail: 'the body must be a JSON object' });
    expect(strict('1e999', '"1e999" is not valid JSON')).toMatchObject({ status: 400, detail: 'the body must be a JSON object' });
    expect(strict('{"a":', 'Unexpected end of JSON input')).toMatchObject({ status: 400, detail: 'malformed JSON body: Unexpected end of JSON input' });
  });

  it('keeps the documents of client mistakes: 400 with fields, 409 with the version, 422 with the rule, 404', () => {
    expect(toProblem(ProblemError.badRequest('1 field(s) are invalid', [{ field: 'applicant', message: 'applicant must be an object' }]))).toMatchObject({
      status: 400,
      errors: [{ field: 'applicant', message: 'applicant must be an object' }],
    });
    expect(toProblem(new ConcurrencyError('case-1', 3, 4))).toMatchObject({ status: 409, currentVersion: 4 });
    expect(toProblem(Object.assign(new Error('over the cap'), { rule: 'temporary-aid.cap' }))).toMatchObject({ status: 422, rule: 'temporary-aid.cap' });
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404 });
  });
});

describe('GraphQL error mapping', () => {
  const format = (error: unknown) => {
    const e = error instanceof GraphQLError ? error : fromResolver(error);
    return formatGraphQLError({ message: e.message, path: e.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, e);
  };

  it.each([
    ['validation', ProblemError.badRequest('1 field(s) are invalid', [{ field: 'applicant', message: 'applicant must be an object' }]), 'BAD_USER_INPUT', 400],
    ['unauthenticated', new ProblemError({ type: 'x/unauthorized', title: 'Unauthorized', status: 401, detail: 'a bearer token is required' }), 'UNAUTHENTICATED', 401],
    ['forbidden', ProblemError.forbidden('requires one of the roles: officer'), 'FORBIDDEN', 403],
    ['not found', ProblemError.notFound('application x not found'), 'NOT_FOUND', 404],
    ['conflict', new ConcurrencyError('case-1', 3, 4), 'CONFLICT', 409],
    ['rule violation', Object.assign(new Error('over the cap'), { rule: 'temporary-aid.cap' }), 'BAD_USER_INPUT', 422],
    ['database away', pgDown(), 'SERVICE_UNAVAILABLE', 503],
    ['broker away', kafkaDown(), 'SERVICE_UNAVAILABLE', 503],
  ])('%s → %s with the problem document', (_, error, code, status) => {
    const out = format(error);
    expect(out.extensions).toMatchObject({ code, status, type: expect.any(String), title: expect.any(String), problem: { status } });
    expect(out.path).toEqual(['submitApplication']);
  });

  it('keeps the field list of a validation error', () => {
    const out = format(ProblemError.badRequest('1 field(s) are invalid', [{ field: 'incident.causes', message: 'causes must be an array' }]));
    expect(out.extensions?.errors).toEqual([{ field: 'incident.causes', message: 'causes must be an array' }]);
  });

  it('a fault says only "internal error" and a correlation id; a 503 gives retryAfter', () => {
    const out = format(new RangeError('Maximum call stack size exceeded'));
    expect(out.message).toBe('internal error');
    expect(out.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', status: 500, correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify(out)).not.toContain('call stack');
    expect(format(pgDown()).extensions).toMatchObject({ retryAfter: RETRY_AFTER_SECONDS });
  });

  it("graphql's own refusals keep their client codes; a parser stack overflow does not leak", () => {
    const syntax = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatGraphQLError({ message: syntax.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, syntax)).toMatchObject({
      message: syntax.message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED', status: 400 },
    });
    const deep = new GraphQLError('Maximum call stack size exceeded', { originalError: new RangeError('Maximum call stack size exceeded'), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    const out = formatGraphQLError({ message: deep.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, deep);
    expect(out.message).toBe('the document is nested too deeply to be parsed');
    expect(out.extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', status: 400 });
  });

  it('a request the server refuses with an HTTP 4xx and no code (a persisted-query hash that does not match) is BAD_REQUEST', () => {
    const refused = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    const out = formatGraphQLError({ message: refused.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, refused);
    expect(out).toMatchObject({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST', status: 400 } });
  });
});
