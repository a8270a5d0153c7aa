/**
 * The read logs of the stores, for the CLI: recording the CLI's own reads of personal data
 * (`onedoor audit` prints an application's events, with their case files), listing reads by
 * subject or reader across the stores, and verifying each log's hash chain (PIPL art. 45, 54).
 */
import { userInfo } from 'node:os';
import { quoteSchema, type SqlDriver } from '@onedoor/event-store';
import {
  migrateReadLog, parseReadLogParams, ProblemError, queryReadLogs, ReadLog, recordLogRead, subjectRefsIn, type ReadEntry, type ReadLogParams,
} from '@onedoor/service-kit';
import { UsageError } from '../cli/args';
import type { Io } from '../cli/context';
import type { ServiceStore } from '../stores';
import type { AuditEvent } from './timeline';

/** The jurisdiction recorded for the CLI's operator: the CLI reads the database directly, everywhere. */
export const OPERATOR_JURISDICTION = '000000';

/**
 * Who runs the CLI, as the read log records it: ONEDOOR_OPERATOR, else the login name, as
 * `ops:<name>` with the role `ops`.
 */
export function operatorOf(io: Io): ReadEntry['reader'] {
  let name = io.env.ONEDOOR_OPERATOR || io.env.USER || io.env.LOGNAME;
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'unknown';
    }
  }
  return { sub: `ops:${name}`, roles: ['ops'], jurisdiction: OPERATOR_JURISDICTION, department: null };
}

const hasReadLog = async (driver: SqlDriver, schema: string) =>
  !!(await driver.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [`${quoteSchema(schema)}.read_log`])).rows[0]?.t;

/** The read logs of the stores that have one (a store whose services never started since has none). */
export async function readLogsOf(driver: SqlDriver, stores: ServiceStore[]): Promise<{ logs: ReadLog[]; without: string[] }> {
  const logs: ReadLog[] = [];
  const without: string[] = [];
  for (const s of stores) {
    if (await hasReadLog(driver, s.schema)) logs.push(new ReadLog(driver, s.schema, s.service));
    else without.push(s.service);
  }
  return { logs, without };
}

/**
 * Records that the operator read these events of an application, in the read log of each store
 * they came from (installing the log first in a store that predates it — the store's migration),
 * before anything is printed. purpose: the command, e.g. `onedoor audit`.
 * @throws when a row cannot be written: the command then prints nothing of the events.
 */
export async function recordEventReads(io: Io, driver: SqlDriver, stores: ServiceStore[], applicationId: string, events: AuditEvent[], purpose: string) {
  const reader = operatorOf(io);
  for (const s of stores) {
    const mine = events.filter((e) => e.service === s.service);
    if (mine.length === 0) continue;
    await migrateReadLog({ driver, schema: s.schema });
    const scope = [...new Set(mine.map((e) => e.metadata?.jurisdiction).filter((j): j is string => typeof j === 'string' && j.length > 0))];
    await new ReadLog(driver, s.schema, s.service).record({
      reader,
      purpose,
      resource: 'events',
      resourceId: applicationId,
      fields: [...new Set(mine.map((e) => e.type))].sort(),
      applicationIds: [applicationId],
      subjectRefs: subjectRefsIn(mine.map((e) => e.data)),
      scope: scope.length ? scope : [OPERATOR_JURISDICTION],
    });
  }
}

/** The --subject/--reader/--from/--to/--limit/--offset options as a read-log filter; a bad one is a usage error. */
export function readsFilter(raw: ReadLogParams) {
  try {
    return parseReadLogParams(raw);
  } catch (e) {
    if (e instanceof ProblemError) throw new UsageError((e.problem.errors ?? []).map((f) => `--${f.field}: ${f.message}`).join('; ') || e.message);
    throw e;
  }
}

/**
 * Reads matching the filter across the logs, newest first, after recording the operator's query in
 * each of them as a read of the log (resource read-log).
 */
export async function listReads(io: Io, logs: ReadLog[], filter: ReturnType<typeof readsFilter>) {
  await recordLogRead(logs, operatorOf(io), 'onedoor audit reads', filter);
  return queryReadLogs(logs, filter);
}
