import { logLevel, type logCreator } from 'kafkajs';
import { errorText, type Logger } from './logger';

// Only these fields of a kafkajs log entry are passed on. kafkajs attaches request and response
// payloads to some entries (at DEBUG, or when KAFKAJS_LOG_LEVEL raises the level); an allow-list
// guarantees that message keys, values and headers never reach the logs whatever the level.
const SAFE_FIELDS = ['topic', 'partition', 'offset', 'groupId', 'memberId', 'broker', 'clientId', 'retryCount', 'retryTime'];

// Known warnings that do not apply to how we use kafkajs. The transport bounds the idempotent
// producer's retries on purpose (see KafkaTransport): a publish that gives up is retried from the
// relay's checkpoint with nothing sent after it, so order and at-least-once still hold.
const SUPPRESSED = [/Limiting retries for the idempotent producer/];

/** Routes kafkajs logs to our Logger, keeping metadata and dropping payloads. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      if (SUPPRESSED.some((re) => re.test(log.message))) return;
      const fields: Record<string, unknown> = { component: `kafkajs${namespace ? `:${namespace}` : ''}` };
      for (const k of SAFE_FIELDS) if ((log as any)[k] !== undefined) fields[k] = (log as any)[k];
      if ((log as any).error !== undefined) fields.error = errorText((log as any).error);
      // kafkajs logs every error response at ERROR, also the retriable ones it then recovers from
      // (a coordinator still loading, a topic not yet known, a leader moving: entries carrying a
      // retryCount are such intermediate attempts). Failures that matter surface as
      // rejected calls, which the callers log; these are only worth a warning.
      const retried = (namespace === 'Connection' && /^Response /.test(log.message)) || (log as any).retryCount !== undefined;
      if ((level === logLevel.ERROR || level === logLevel.NOTHING) && !retried) logger.error(log.message, fields);
      else if (level <= logLevel.WARN) logger.warn(log.message, fields);
      else logger.info(log.message, fields);
    };
}
