import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { defaultPortOf, type Service } from '@onedoor/contracts';
import { startHttp } from './bootstrap';
import { refuseInvalidConfiguration } from './config/schema';
import { refuseUnsafeStart } from './config/production-safety';
import { OneDoorCoreModule } from './core.module';
import { graphqlModule } from './graphql/graphql.module';
import { awaitInfrastructure } from './runtime/await-infrastructure';
import { openInfrastructure } from './runtime/infrastructure';
import { guardProcess } from './runtime/process-guards';

export interface RunServiceOptions {
  /** The service (SERVICE_REGISTRY): its client id `onedoor-<service>` and default port. */
  service: Service;
  /** The title of its OpenAPI document (`OneDoor medical aid`). */
  title: string;
  /** Its NestJS module. */
  module: Type<unknown> | DynamicModule;
  /** Whether it answers GET /cases/{caseId} through the shared case desk (services hosting departments). */
  caseDesk?: boolean;
  /** Whether it holds personal data in clear (intake): production then also refuses development personal-data keys. */
  personalData?: boolean;
}

/**
 * Starts one service alone (distributed mode) from DATABASE_URL and KAFKA_BROKERS, on PORT (default
 * 3000 + its offset): refuses an invalid or (in production) unsafe configuration with exit 1 before
 * anything connects, keeps the process alive through transient failures, waits for PostgreSQL and
 * Kafka instead of exiting when they are not there yet, then serves REST and GraphQL. A failure to
 * start is printed and ends the process with exit code 1.
 */
export function runService({ service, title, module, caseDesk = false, personalData = false }: RunServiceOptions): void {
  const clientId = `onedoor-${service}`;
  const main = async () => {
    refuseInvalidConfiguration(clientId);
    refuseUnsafeStart(clientId, { personalData });
    guardProcess();
    const infra = await openInfrastructure({ clientId });
    await awaitInfrastructure(infra);
    @Module({ imports: [OneDoorCoreModule.forRoot(infra, { caseDesk }), graphqlModule(), module] })
    class ServiceApp {}
    Object.defineProperty(ServiceApp, 'name', { value: `${('module' in module ? module.module : module).name.replace(/Module$/, '')}App` });
    await startHttp(ServiceApp, { title, port: Number(process.env.PORT ?? defaultPortOf(service)) });
  };
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
