import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConcurrencyError } from '@onedoor/event-store';
import type { Response } from 'express';
import { ProblemError, problemType, type Problem } from './problem';

/** Every error leaves as application/problem+json; client mistakes are 4xx, never 5xx. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<{ url: string }>();
    const problem = { ...toProblem(exception, this.log), instance: req.url };
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

export function toProblem(exception: unknown, log?: Logger): Problem {
  if (exception instanceof ProblemError) return exception.problem;
  if (exception instanceof ConcurrencyError) {
    return ProblemError.conflict(exception.message, { currentVersion: exception.actualVersion }).problem;
  }
  const rule = exception as { rule?: unknown; message?: string; name?: string };
  if (typeof rule?.rule === 'string' && typeof rule.message === 'string') {
    return ProblemError.ruleViolation(rule.rule, rule.message).problem;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse() as any;
    // body-parser's malformed JSON arrives here as a 400.
    const detail = typeof body === 'string' ? body : Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    return {
      type: problemType(status === 400 ? 'validation' : `http-${status}`),
      title: typeof body?.error === 'string' ? body.error : exception.name,
      status,
      detail: status === 400 && /JSON/i.test(String(detail)) ? `malformed JSON body: ${detail}` : detail,
      ...(body?.errors ? { errors: body.errors } : {}),
    };
  }
  const e = exception as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed' || (e?.status === 400 && e?.message)) {
    return { type: problemType('validation'), title: 'Invalid request', status: 400, detail: `malformed JSON body: ${e.message}` };
  }
  log?.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  return { type: problemType('internal'), title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it has been logged' };
}
