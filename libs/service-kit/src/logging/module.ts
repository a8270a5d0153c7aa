import { Module, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { flushTracing } from '../tracing/state';
import { logContextEnabled } from './context';
import { pinoLoggerModule } from './nest';

@Module({})
class TracingShutdown implements OnApplicationShutdown {
  /** The spans of the last requests and messages are exported before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

/**
 * `root` with nestjs-pino's module (PinoLogger, the request's logger; not with
 * `ONEDOOR_LOG_CONTEXT=off`) and tracing's shutdown.
 */
export function withObservability(root: unknown): Type {
  @Module({ imports: [...(logContextEnabled() ? [pinoLoggerModule()] : []), TracingShutdown, root as Type] })
  class ObservedApp {}
  return ObservedApp;
}
