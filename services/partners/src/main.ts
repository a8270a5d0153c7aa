import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { Module } from '@nestjs/common';
import { awaitInfrastructure, graphqlModule, guardProcess, OneDoorCoreModule, openInfrastructure, refuseInvalidConfiguration, refuseUnsafeStart, startHttp } from '@onedoor/service-kit';
import { PartnersModule } from './partners.module';

/** The partners service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
async function main() {
  refuseInvalidConfiguration('onedoor-partners'); // every value that does not fit the configuration schema, listed at once: exit 1 before anything connects
  refuseUnsafeStart('onedoor-partners'); // unsafe configuration (in production: development keys, no token verification) ends the process
  guardProcess(); // a transient failure rejected unhandled is logged, never ends the process
  const infra = await openInfrastructure({ clientId: 'onedoor-partners' });
  await awaitInfrastructure(infra); // started before its database or broker: waits for them instead of exiting
  @Module({ imports: [OneDoorCoreModule.forRoot(infra, { caseDesk: true }), graphqlModule(), PartnersModule] })
  class PartnersApp {}
  await startHttp(PartnersApp, { title: 'OneDoor partner departments', port: Number(process.env.PORT ?? 3006) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
