import { DynamicModule, Global, Inject, Module, NestModule, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth/auth.guard';
import { validateConfiguration } from './config/schema';
import { CasesResolver } from './graphql/cases.resolver';
import { ReadLogResolver } from './graphql/read-log.resolver';
import { CasesController } from './http/cases.controller';
import { HealthController } from './http/health.controller';
import { httpMetrics } from './http/http-metrics';
import { ProblemDetailsFilter } from './http/problem.filter';
import { RateLimitGuard, rateLimitModule } from './http/rate-limit';
import { ReadLogController } from './http/read-log.controller';
import { validationPipe } from './http/validation';
import { CaseDeskRegistry } from './runtime/case-desk';
import { INFRASTRUCTURE, type Infrastructure } from './runtime/infrastructure';
import { Metrics } from './runtime/metrics';
import { RuntimeRegistry } from './runtime/runtime-registry';

/**
 * What every OneDoor process has once, whichever services it runs: infrastructure, auth,
 * problem details, validation, health, metrics, the command/query buses and the case desk.
 */
@Global()
@Module({})
export class OneDoorCoreModule implements NestModule, OnApplicationShutdown {
  constructor(
    private readonly runtimes: RuntimeRegistry,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    private readonly metrics: Metrics,
    private readonly adapter: HttpAdapterHost,
  ) {}

  /**
   * Times every HTTP request (onedoor_http_request_duration_seconds): mounted on the whole server
   * ahead of every route, so REST, GraphQL, health and refusals by guards are all measured.
   */
  configure() {
    this.adapter.httpAdapter?.use(httpMetrics(this.metrics));
  }

  static forRoot(infra: Infrastructure, options: { caseDesk?: boolean } = {}): DynamicModule {
    return {
      module: OneDoorCoreModule,
      // The environment against the configuration schema once more (the mains check it before connecting).
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: validateConfiguration }), CqrsModule.forRoot(), rateLimitModule()],
      controllers: [HealthController, ReadLogController, ...(options.caseDesk ? [CasesController] : [])],
      providers: [
        ...(options.caseDesk ? [CasesResolver] : []),
        ReadLogResolver,
        { provide: INFRASTRUCTURE, useValue: infra },
        Metrics,
        RuntimeRegistry,
        CaseDeskRegistry,
        // Before the AuthGuard: the rate limiter counts failed authentications too.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
      ],
      exports: [INFRASTRUCTURE, Metrics, RuntimeRegistry, CaseDeskRegistry, CqrsModule],
    };
  }

  async onApplicationShutdown() {
    for (const r of [...this.runtimes.all()].reverse()) await r.stop();
    await this.infra.close();
  }
}
