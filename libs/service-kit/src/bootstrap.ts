import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export interface HttpOptions {
  title: string;
  port: number;
  host?: string;
}

const logLevels = (): LogLevel[] =>
  process.env.ONEDOOR_LOG === 'debug' ? ['error', 'warn', 'log', 'debug'] : process.env.ONEDOOR_LOG === 'quiet' ? ['error', 'warn'] : ['error', 'warn', 'log'];

/** REST under /api/v1, OpenAPI at /docs, health and metrics at the root. */
export async function createHttpApp(rootModule: unknown, options: Omit<HttpOptions, 'port'>): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule as any, { logger: logLevels() });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics', 'asyncapi'] });
  app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription('OneDoor: one application, every department, funded exactly once. Errors are RFC 9457 problem details.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  return app;
}

export async function startHttp(rootModule: unknown, options: HttpOptions): Promise<INestApplication> {
  const app = await createHttpApp(rootModule, options);
  // Longer than a busy event loop may stall, so a kept-alive connection is not closed while a
  // client's next request is already on the wire.
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(options.port, options.host ?? '0.0.0.0');
  return app;
}
