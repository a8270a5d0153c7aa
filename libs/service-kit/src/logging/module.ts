import { Module, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { flushTracing } from '../tracing/state';
import { pinoLoggerModule } from './nest';

@Module({})
class TracingShutdown implements OnApplicationShutdown {
  /** The spans of the last requests and messages are exported before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

/** `root` with nestjs-pino's module (PinoLogger, the request's logger) and tracing's shutdown. */
export function withObservability(root: unknown): Type {
  @Module({ imports: [pinoLoggerModule(), TracingShutdown, root as Type] })
  class ObservedApp {}
  return ObservedApp;
}
