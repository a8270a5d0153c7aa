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
  `${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`;

/** One JSON line per entry on stderr; info is dropped unless ONEDOOR_LOG_LEVEL=info. */
export const stderrLogger: Logger = {
  info: (m, f) => {
    if (process.env.ONEDOOR_LOG_LEVEL === 'info') process.stderr.write(line('info', m, f));
  },
  warn: (m, f) => void process.stderr.write(line('warn', m, f)),
  error: (m, f) => void process.stderr.write(line('error', m, f)),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Error text safe to log and to put in a header: the message only, bounded. */
export function errorText(e: unknown, max = 1000): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
