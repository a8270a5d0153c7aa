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
}

export const problemType = (slug: string) => `${BASE}${slug}`;

/** `asOf` query parameter: an ISO 8601 instant, or a 400 problem. */
export function parseAsOf(asOf: string | undefined): Date | undefined {
  if (asOf === undefined) return undefined;
  const at = new Date(asOf);
  if (!/^\d{4}-\d{2}-\d{2}/.test(asOf) || Number.isNaN(at.getTime())) {
    throw ProblemError.badRequest('asOf must be an ISO 8601 date-time', [{ field: 'asOf', message: 'asOf must be an ISO 8601 date-time' }]);
  }
  return at;
}
