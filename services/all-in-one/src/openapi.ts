import type { OpenAPIObject } from '@nestjs/swagger';
import { createHttpApp, createOpenApiDocument, openInfrastructure } from '@onedoor/service-kit';
import { oneDoorModule } from './onedoor.module';

/**
 * The OpenAPI document of the whole REST API, as /docs serves it, without listening on a port:
 * the embedded process's module on an in-memory PGlite and the in-process bus (whatever
 * DATABASE_URL and KAFKA_BROKERS say), closed again once the document is made.
 */
export async function buildOpenApiDocument(title = 'OneDoor'): Promise<OpenAPIObject> {
  const infra = await openInfrastructure({ databaseUrl: '', kafkaBrokers: '', dataDir: ':memory:', clientId: 'onedoor-openapi' });
  const app = await createHttpApp(oneDoorModule(infra), { title });
  try {
    return createOpenApiDocument(app, title);
  } finally {
    await app.close();
  }
}
