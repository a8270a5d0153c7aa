import { Module } from '@nestjs/common';
import { graphqlModule, OneDoorCoreModule, openInfrastructure, startHttp } from '@onedoor/service-kit';
import { TemporaryAidModule } from './temporary-aid.module';

/** The temporary-aid service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
async function main() {
  const infra = await openInfrastructure({ clientId: 'onedoor-temporary-aid' });
  @Module({ imports: [OneDoorCoreModule.forRoot(infra, { caseDesk: true }), graphqlModule(), TemporaryAidModule] })
  class TemporaryAidApp {}
  await startHttp(TemporaryAidApp, { title: 'OneDoor temporary aid', port: Number(process.env.PORT ?? 3002) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
