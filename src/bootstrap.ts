import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';
import { validationExceptionFactory } from './common/validation-messages.js';
import { createOpenApiDocument, serveOpenApi } from './openapi-document.js';
import { exposeServerTime, serveWebApp } from './web/web-app.js';

/** Builds the HTTP app exactly as production runs it; tests and the demo call this too. */
export async function createApp(options: { config?: AppConfig; clock?: Clock; logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bodyParser: false,
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  // The client address (`req.ip`) that sign-in throttling counts by: behind a proxy, TRUST_PROXY says which to believe.
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).signIn.trustProxy);
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The messages name each field by the label of its DTO and quote the rule's arguments: keep the objects the errors come from.
      validationError: { target: true, value: true },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.enableShutdownHooks();
  exposeServerTime(app, app.get(Clock));
  serveWebApp(app);
  // OpenAPI from explicit decorators: the build is plain tsc, so the @nestjs/swagger CLI plugin never runs (see openapi-document.ts).
  serveOpenApi(app, createOpenApiDocument(app));
  return app;
}
