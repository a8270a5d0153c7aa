import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import { isTraceparent, type Logger as PortLogger } from '@onedoor/messaging';
import pino, { type DestinationStream, type LevelWithSilent, type Logger as PinoLogger } from 'pino';
import { currentLogContext } from './context';
import { serviceName } from './service-name';

/**
 * The process's structured log: one JSON object per line on stderr (stdout stays for a command's
 * output), with `level`, `time` (ISO 8601), `service`, `msg` and, where known, `requestId`,
 * `correlationId`, `traceId` and `spanId`. Personal data is censored by path (REDACT_PATHS) and
 * request bodies are never logged. On a terminal in development the lines are pretty-printed.
 */

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * `ONEDOOR_LOG_LEVEL` (fatal, error, warn, info, debug, trace, silent) when set; else
 * `ONEDOOR_LOG`: `quiet` → warn, `debug` → debug; else info.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LevelWithSilent {
  const explicit = env.ONEDOOR_LOG_LEVEL?.trim().toLowerCase();
  if (explicit && LEVELS.has(explicit)) return explicit as LevelWithSilent;
  if (env.ONEDOOR_LOG === 'debug') return 'debug';
  if (env.ONEDOOR_LOG === 'quiet') return 'warn';
  return 'info';
}

/** Keys whose values are personal data, wherever they appear up to three levels deep. */
const PERSONAL_KEYS = ['applicant', 'members', 'household', 'idNumber', 'patientIdNumber', 'name', 'phone', 'birthDate', 'address', 'bankAccount', 'email'];

/**
 * What is censored (`[redacted]`) in every line: credentials in headers, any request or response
 * body, and personal-data keys at the top level and two levels below it.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body',
  'req.body',
  'res.body',
  '*.body',
  ...PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

export const REDACTED = '[redacted]';

/**
 * The fields of the work in progress: request and correlation ids from the log context; trace
 * and span ids of the active OpenTelemetry span, else of the traceparent the work arrived with.
 */
export function contextFields(): Record<string, string> {
  const ctx = currentLogContext();
  const fields: Record<string, string> = {};
  if (ctx?.requestId) fields.requestId = ctx.requestId;
  if (ctx?.correlationId) fields.correlationId = ctx.correlationId;
  const span = trace.getSpan(otelContext.active())?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  } else if (ctx?.traceparent && isTraceparent(ctx.traceparent)) {
    fields.traceId = ctx.traceparent.slice(3, 35);
    fields.spanId = ctx.traceparent.slice(36, 52);
  }
  return fields;
}

export interface LoggerOptions {
  service?: string;
  level?: LevelWithSilent;
  /** Default: stderr (pretty on a terminal outside production, when pino-pretty is installed). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): PinoLogger {
  return pino(
    {
      level: options.level ?? logLevelFromEnv(),
      base: { service: options.service ?? serviceName() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin: contextFields,
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? defaultDestination(),
  );
}

/** Pretty lines for a person at a terminal (development); JSON for files, pipes and containers. */
function defaultDestination(env: NodeJS.ProcessEnv = process.env): DestinationStream {
  const production = env.NODE_ENV === 'production' || env.ONEDOOR_ENV === 'production';
  if (process.stderr.isTTY && process.stdout.isTTY && !production && env.ONEDOOR_LOG_FORMAT !== 'json') {
    try {
      // A development dependency: absent from production images, where JSON is written instead.
      const pretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
      return pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    } catch {
      // fall through to JSON
    }
  }
  return pino.destination({ dest: 2, sync: false });
}

let root: PinoLogger | undefined;

/** The process's logger (created on first use). */
export function rootLogger(): PinoLogger {
  return (root ??= createLogger());
}

/** Replaces the process's logger (tests capture lines this way). */
export function setRootLogger(logger: PinoLogger): void {
  root = logger;
}

/** The messaging libraries' logging port, writing through `logger` (same JSON, same fields). */
export function portLogger(logger: () => PinoLogger = rootLogger): PortLogger {
  return {
    info: (message, fields) => logger().info(fields ?? {}, message),
    warn: (message, fields) => logger().warn(fields ?? {}, message),
    error: (message, fields) => logger().error(fields ?? {}, message),
  };
}
