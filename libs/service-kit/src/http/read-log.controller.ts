import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { significantPrefix } from '../auth/jurisdiction';
import type { Principal } from '../auth/jwt';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { queryReadLogs, readerOf, type ReadEntry, type ReadLog, type ReadLogFilter, type ReadLogRow } from '../runtime/read-log';
import { RuntimeRegistry } from '../runtime/runtime-registry';
import { ReadLogPageDto } from './api-models';
import { ApiOp, LIST_ERRORS } from './openapi';
import { ProblemError } from './problem';
import { OPAQUE_ID, queryInteger, queryText } from './validation';

/** Largest `offset` of a read-log page (each store is read up to offset + limit rows). */
const MAX_OFFSET = 100_000;
const READER = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
const CHINA_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

type FieldError = { field: string; message: string };

/** Query parameters of a read-log page as received (text, or an array when repeated). */
export interface ReadLogParams {
  subject?: unknown;
  reader?: unknown;
  from?: unknown;
  to?: unknown;
  limit?: unknown;
  offset?: unknown;
}

/**
 * A bound of a period: an ISO instant with its offset, or a date (YYYY-MM-DD) meaning that day in
 * China (UTC+8) — its start for `from`, the start of the next day for `to` (exclusive).
 */
function bound(raw: string | undefined, field: 'from' | 'to', errors: FieldError[]): Date | undefined {
  if (raw === undefined) return undefined;
  let at: Date | undefined;
  if (CHINA_DATE.test(raw)) {
    // Date rolls 2026-02-30 over into March: only a real calendar day is accepted.
    const midnightUtc = new Date(`${raw}T00:00:00Z`);
    if (!Number.isNaN(midnightUtc.getTime()) && midnightUtc.toISOString().slice(0, 10) === raw) {
      at = new Date(midnightUtc.getTime() - 8 * 3600_000 + (field === 'to' ? 86_400_000 : 0));
    }
  } else if (INSTANT.test(raw)) at = new Date(raw);
  if (!at || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 9999) {
    errors.push({ field, message: `${field} must be a date (YYYY-MM-DD, a day in China) or an ISO 8601 date-time with its offset` });
    return undefined;
  }
  return at;
}

/**
 * Validates a read-log query: `subject` (an application id or a person/household reference) and/or
 * `reader` (a token subject) — at least one unless `subjectFixed` —, `from`/`to`, `limit` 1–500
 * (50), `offset` 0–100,000. Throws a 400 problem naming every bad parameter.
 */
export function parseReadLogParams(raw: ReadLogParams, options: { subjectFixed?: string } = {}): Omit<ReadLogFilter, 'scopePrefix'> {
  const errors: FieldError[] = [];
  const subject = options.subjectFixed ?? queryText(raw.subject, 'subject', errors);
  const reader = queryText(raw.reader, 'reader', errors);
  const from = bound(queryText(raw.from, 'from', errors), 'from', errors);
  const to = bound(queryText(raw.to, 'to', errors), 'to', errors);
  const limit = queryInteger(raw.limit, 'limit', { min: 1, max: 500, fallback: 50 }, errors);
  const offset = queryInteger(raw.offset, 'offset', { min: 0, max: MAX_OFFSET, fallback: 0 }, errors);
  if (subject !== undefined && !OPAQUE_ID.test(subject)) errors.push({ field: 'subject', message: "subject must be an application id or a person reference (1–200 letters, digits, '.', '_', ':' or '-')" });
  if (reader !== undefined && !READER.test(reader)) errors.push({ field: 'reader', message: "reader must be a token subject (1–200 letters, digits, '.', '_', ':', '@' or '-')" });
  if (subject === undefined && reader === undefined && !errors.some((e) => e.field === 'subject' || e.field === 'reader')) {
    errors.push({ field: 'subject', message: 'give subject (an application id or person reference) or reader (a token subject)' });
  }
  if (from && to && from.getTime() >= to.getTime()) errors.push({ field: 'to', message: 'to must be after from' });
  if (errors.length) throw ProblemError.badRequest(`${errors.length} query parameter(s) are invalid`, errors);
  return { subject, reader, from, to, limit, offset };
}

/**
 * Records that `reader` read the read log itself (resource `read-log`, the filter as resourceId,
 * no application or person: a read of the log is not a read of personal data), in every log read.
 * @throws ProblemError 503 when a row cannot be written.
 */
export async function recordLogRead(logs: readonly ReadLog[], reader: ReadEntry['reader'], purpose: string, filter: Omit<ReadLogFilter, 'scopePrefix'>) {
  const resourceId = [filter.subject !== undefined && `subject=${filter.subject}`, filter.reader !== undefined && `reader=${filter.reader}`].filter(Boolean).join('&');
  for (const log of logs) {
    await log.record({
      reader,
      purpose,
      resource: 'read-log',
      resourceId,
      fields: ['reader', 'purpose', 'resource', 'applicationIds', 'subjectRefs'],
      applicationIds: [],
      subjectRefs: [],
      scope: [reader.jurisdiction],
    });
  }
}

/** A page of reads as the API answers it. */
export interface ReadLogPage {
  total: number;
  limit: number;
  offset: number;
  items: ReadLogRow[];
}

/**
 * The auditor's view (PIPL art. 45, 54): reads by subject or by reader across the logs of every
 * store in this process, limited to rows whose data lies in the auditor's jurisdiction (all for
 * the whole country). The query is itself recorded as a read of the log.
 */
export async function auditReadLog(runtimes: RuntimeRegistry, principal: Principal, raw: ReadLogParams, purpose: string): Promise<ReadLogPage> {
  const filter = parseReadLogParams(raw);
  const logs = runtimes.all().map((r) => r.readLog);
  await recordLogRead(logs, readerOf(principal), purpose, filter);
  const page = await queryReadLogs(logs, { ...filter, scopePrefix: significantPrefix(principal.jurisdiction) });
  return { ...page, limit: filter.limit, offset: filter.offset };
}

/** GET /read-log: who read whose personal data, when, what and why — for auditors. */
@ApiTags('read-log')
@ApiBearerAuth('bearer')
@Controller('read-log')
export class ReadLogController {
  constructor(private readonly runtimes: RuntimeRegistry) {}

  @Get()
  @Roles('auditor')
  @ApiOp({
    summary: 'Search the read log',
    operationId: 'searchReadLog',
    description: 'Auditor: reads by subject or by reader, within the auditor\u2019s jurisdiction, newest first. The query is itself recorded.',
    errors: LIST_ERRORS,
  })
  @ApiOkResponse({ type: ReadLogPageDto, description: 'a page of reads' })
  @ApiQuery({ name: 'subject', required: false, description: 'an application id or a person/household reference' })
  @ApiQuery({ name: 'reader', required: false, description: 'the token subject of the reader' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (a day in China) or an ISO date-time; inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (up to the end of that day in China) or an ISO date-time; exclusive' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: 100000, default: 0 } })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query('subject') subject?: unknown,
    @Query('reader') reader?: unknown,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
  ): Promise<ReadLogPage> {
    return auditReadLog(this.runtimes, principal, { subject, reader, from, to, limit, offset }, 'GET /api/v1/read-log');
  }
}
