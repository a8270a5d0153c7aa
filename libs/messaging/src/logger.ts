/**
 * A tiny logging port so the library never decides where logs go. Callers pass only metadata
 * (topics, offsets, event ids, error messages) — never message values, which may hold personal data.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const line = (level: string, message: string, fields?: Record<string, unknown>) =>
  `${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`;

/** One JSON line per entry on stderr; info is dropped unless ONEDOOR_LOG_LEVEL=info (or debug, trace). */
const plainStderr: Logger = {
  info: (m, f) => {
    if (['info', 'debug', 'trace'].includes(process.env.ONEDOOR_LOG_LEVEL ?? '')) process.stderr.write(line('info', m, f));
  },
  warn: (m, f) => void process.stderr.write(line('warn', m, f)),
  error: (m, f) => void process.stderr.write(line('error', m, f)),
};

let processLogger: Logger = plainStderr;

/**
 * Where the libraries log when no logger is passed: the process's logger once set
 * (setProcessLogger: a service's structured log), else plain JSON lines on stderr.
 */
export const stderrLogger: Logger = {
  info: (m, f) => processLogger.info(m, f),
  warn: (m, f) => processLogger.warn(m, f),
  error: (m, f) => processLogger.error(m, f),
};

/** Routes every library log without a logger of its own to `logger` (undefined: back to stderr). */
export function setProcessLogger(logger: Logger | undefined): void {
  processLogger = logger ?? plainStderr;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Error text safe to log and to put in a header: the message only, bounded. */
export function errorText(e: unknown, max = 1000): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
