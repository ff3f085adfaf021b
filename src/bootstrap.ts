import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';
import { validationFailed, type FieldError } from './common/errors.js';
import { exposeServerTime, serveWebApp } from './web/web-app.js';

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
  exposeServerTime(app, app.get(Clock));
  serveWebApp(app);
  const docs = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('gongwen 公文流转')
      .setDescription('Workflow and approval engine for official document circulation')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, docs, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
