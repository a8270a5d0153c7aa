import { RequestMethod } from '@nestjs/common';
import { Logger as PinoNestLogger, LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import { rootLogger } from './logger';

/**
 * Nest's logging through pino (nestjs-pino): `new Logger(context).log(…)` anywhere — before the
 * application exists too — writes the process's JSON lines, with `context` as a field.
 */
const params = (): Params => ({ pinoHttp: { logger: rootLogger() }, useExisting: true, forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }] });

let nestLogger: PinoNestLogger | undefined;

/** The LoggerService that replaces Nest's own (pass as `logger` to NestFactory, or overrideLogger). */
export function pinoNestLogger(): PinoNestLogger {
  if (!nestLogger) {
    const p = params();
    nestLogger = new PinoNestLogger(new PinoLogger(p), p);
  }
  return nestLogger;
}

/**
 * nestjs-pino's module: PinoLogger for injection; within a request it logs on the process's logger,
 * whose lines carry the request's context (logging/context).
 */
export function pinoLoggerModule() {
  return LoggerModule.forRoot(params());
}
