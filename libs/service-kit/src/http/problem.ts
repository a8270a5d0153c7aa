/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const BASE = 'https://onedoor.example/problems/';

/** An error that already knows its problem document; thrown by handlers for client mistakes. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  static badRequest(detail: string, errors?: Problem['errors']) {
    return new ProblemError({ type: `${BASE}validation`, title: 'Invalid request', status: 400, detail, errors });
  }
  static notFound(detail: string) {
    return new ProblemError({ type: `${BASE}not-found`, title: 'Not found', status: 404, detail });
  }
  static forbidden(detail: string) {
    return new ProblemError({ type: `${BASE}forbidden`, title: 'Forbidden', status: 403, detail });
  }
  static conflict(detail: string, extra: Record<string, unknown> = {}) {
    return new ProblemError({ type: `${BASE}conflict`, title: 'Conflict', status: 409, detail, ...extra });
  }
  static ruleViolation(rule: string, detail: string) {
    return new ProblemError({ type: `${BASE}rule-violation`, title: 'Business rule violated', status: 422, detail, rule });
  }
  static unprocessable(detail: string) {
    return new ProblemError({ type: `${BASE}unprocessable`, title: 'Unprocessable request', status: 422, detail });
  }
  /** 415: the body is not JSON (UTF-8), or its content encoding is unknown. */
  static unsupportedMediaType(detail: string) {
    return new ProblemError({ type: `${BASE}unsupported-media-type`, title: 'Unsupported media type', status: 415, detail });
  }
  /**
   * 503: the database or the message broker is away; the same request succeeds later.
   * `retryAfter` (seconds) is sent as the `Retry-After` header by REST and as an extension by GraphQL.
   */
  static serviceUnavailable(detail: string, retryAfter = RETRY_AFTER_SECONDS) {
    return new ProblemError({ type: `${BASE}service-unavailable`, title: 'Service unavailable', status: 503, detail, retryAfter });
  }
}

/** Seconds a client should wait before retrying after a 503 (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 5;

export const problemType = (slug: string) => `${BASE}${slug}`;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `asOf` query parameter or argument: an ISO 8601 date or date-time (years 1900–9999), given once.
 * Returns undefined when absent; throws a 400 ProblemError naming `asOf` otherwise.
 */
export function parseAsOf(asOf: unknown): Date | undefined {
  if (asOf === undefined || asOf === null) return undefined;
  const at = typeof asOf === 'string' && ISO_INSTANT.test(asOf) ? new Date(asOf) : new Date(NaN);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1900 || year > 9999) {
    throw ProblemError.badRequest('asOf must be an ISO 8601 date-time', [{ field: 'asOf', message: 'asOf must be an ISO 8601 date-time (years 1900–9999)' }]);
  }
  return at;
}
