import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { localiseProblem, localiseProblemText } from '@onedoor/notices';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { currentLocale } from '../http/locale';
import { ProblemError, problemType, type Problem } from '../http/problem';
import { toProblem } from '../http/problem.filter';

/** `extensions.code` by the HTTP status of the problem (GraphQL's conventions; 503 → SERVICE_UNAVAILABLE). */
export const GRAPHQL_CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  413: 'BAD_USER_INPUT',
  415: 'BAD_USER_INPUT',
  422: 'BAD_USER_INPUT',
  503: 'SERVICE_UNAVAILABLE',
};

/** Codes graphql-js and Apollo give to requests they refuse themselves (syntax, validation, variables, request shape). */
const GRAPHQL_CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'INTROSPECTION_DISABLED', 'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
]);

const log = new Logger('graphql');

/** A document graphql-js could not parse because it nests too deeply (its parser recursed out of stack). */
const tooDeep = (e: unknown) => e instanceof RangeError || (e instanceof Error && /call stack/i.test(e.message));

/**
 * Apollo `formatError`: every error carries `extensions.code` and the problem document, both as
 * `extensions.problem` and spread into `extensions` (`type`, `title`, `status`, `detail`,
 * `errors[]`, and `rule`, `currentVersion`, `retryAfter` or `correlationId` where they apply).
 *
 * - errors thrown by resolvers are mapped like REST (toProblem): 400/413/415/422 → BAD_USER_INPUT
 *   (rule violations keep `rule`), 401 UNAUTHENTICATED, 403 FORBIDDEN, 404 NOT_FOUND, 409 CONFLICT,
 *   429 TOO_MANY_REQUESTS (`retryAfter`), database or broker away → SERVICE_UNAVAILABLE
 *   (`retryAfter` seconds); so are errors of request plugins that carry a ProblemError;
 * - graphql's own refusals (syntax, unknown fields, variable types) keep their client codes
 *   (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT…) as status 400;
 * - anything else is INTERNAL_SERVER_ERROR with the message "internal error" and a
 *   `correlationId` under which the stack is logged.
 *
 * The message and the problem's `title` and `detail` are in the request's language (zh-CN unless
 * `Accept-Language` prefers English); codes, `type`, `status`, fields and numbers are unchanged.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A request plugin (introspection, limits) refuses with a GraphQLError carrying its ProblemError.
  const carried = error instanceof GraphQLError && error.originalError instanceof ProblemError ? error.originalError : undefined;
  const original = carried ?? unwrapResolverError(error);
  const ownCode = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  const thrownByResolver = original !== error && !(original instanceof GraphQLError);
  let problem: Problem;
  let code: string;
  let message: string;
  // Apollo refuses some requests itself with an HTTP 4xx and no code (e.g. a persisted-query hash that does not match).
  const httpStatus = error instanceof GraphQLError ? (error.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
  const refusedByServer = typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500;
  if (!thrownByResolver && ((ownCode && GRAPHQL_CLIENT_CODES.has(ownCode)) || (refusedByServer && !carried))) {
    const cause = error instanceof GraphQLError ? error.originalError : undefined;
    message = tooDeep(cause) || tooDeep(error) ? 'the document is nested too deeply to be parsed' : formatted.message;
    code = ownCode && GRAPHQL_CLIENT_CODES.has(ownCode) ? ownCode : 'BAD_REQUEST';
    problem = { type: problemType('validation'), title: 'Invalid request', status: 400, detail: message };
  } else {
    problem = toProblem(thrownByResolver ? original : (error ?? formatted), log);
    code = GRAPHQL_CODE_BY_STATUS[problem.status] ?? (problem.status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR');
    message = problem.status === 500 ? 'internal error' : problem.status === 503 ? 'service unavailable; retry later' : (problem.detail ?? problem.title);
  }
  const locale = currentLocale();
  problem = localiseProblem(problem, locale);
  message = localiseProblemText(message, locale);
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code, ...problem, problem },
  };
}
