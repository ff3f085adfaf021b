import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ValidationError } from 'class-validator';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './common/clock.js';
import { validationFailed, type FieldError } from './common/errors.js';
import { createOpenApiDocument, serveOpenApi } from './openapi-document.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Builds the HTTP app exactly as production runs it; tests and the demo call this too. */
export async function createApp(options: { config?: AppConfig; clock?: Clock; logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bodyParser: false,
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => {
        const fields = flatten(errors);
        return validationFailed(`请求内容有误：${fields.map((f) => f.field).join('、')}`, fields);
      },
    }),
  );
  app.enableShutdownHooks();
  // OpenAPI from explicit decorators: the build is plain tsc, so the @nestjs/swagger CLI plugin never runs (see openapi-document.ts).
  serveOpenApi(app, createOpenApiDocument(app));
  return app;
}
