import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { awaitInfrastructure, demoSeedEnabled, guardProcess, openInfrastructure, refuseInvalidConfiguration, refuseUnsafeStart, startHttp } from '@onedoor/service-kit';
import { oneDoorModule } from './onedoor.module';
import { seedDemo } from './seed';

/**
 * The embedded default: all five services in one process and one port, on PGlite (./data) and
 * the in-process bus unless DATABASE_URL / KAFKA_BROKERS say otherwise. The services still talk
 * only through their topics; this launcher merely hosts them side by side.
 */
async function main() {
  refuseInvalidConfiguration('onedoor'); // every value that does not fit the configuration schema, listed at once: exit 1 before anything connects
  refuseUnsafeStart('onedoor', { personalData: true, demoSeed: true }); // unsafe configuration (in production: development keys, no token verification) ends the process
  guardProcess(); // a transient failure rejected unhandled is logged, never ends the process
  const infra = await openInfrastructure({ clientId: 'onedoor' });
  await awaitInfrastructure(infra); // started before its database or broker: waits for them instead of exiting
  const port = Number(process.env.PORT ?? 3000);
  const app = await startHttp(oneDoorModule(infra), { title: 'OneDoor', port });
  if (demoSeedEnabled()) await seedDemo(app); // on by default outside production, off in production
  console.log(`OneDoor is up (${infra.mode}): http://localhost:${port}/docs · GraphQL http://localhost:${port}/graphql · health http://localhost:${port}/health`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
