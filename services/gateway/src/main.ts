import { guardProcess, refuseInvalidConfiguration, refuseUnsafeStart } from '@onedoor/service-kit';
import { createGateway } from './gateway';
import { upstreamUrlsFromEnv } from './routes';

/**
 * The gateway (distributed mode): one origin for REST, GraphQL and subscriptions in front of the
 * five services, on PORT (default 3000); the services at ONEDOOR_<SERVICE>_URL (default
 * http://127.0.0.1:3001 … :3005). Stops on SIGTERM after the open requests finished.
 */
async function main() {
  refuseInvalidConfiguration('onedoor-gateway'); // every value that does not fit the configuration schema, listed at once: exit 1 before anything connects
  refuseUnsafeStart('onedoor-gateway'); // in production: token verification configured (it authenticates subscriptions)
  guardProcess(); // a transient failure rejected unhandled is logged, never ends the process
  const urls = upstreamUrlsFromEnv();
  const port = Number(process.env.PORT ?? 3000);
  const gateway = createGateway({ urls });
  await new Promise<void>((resolve) => gateway.server.listen(port, '0.0.0.0', resolve));
  console.log(`OneDoor gateway on http://localhost:${port} (REST /api/v1, GraphQL /graphql) in front of ${Object.values(urls).join(', ')}`);
  const stop = () => {
    gateway.server.closeIdleConnections();
    gateway.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
