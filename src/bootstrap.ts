import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import type { Clock } from './common/clock.js';
import { validationExceptionFactory } from './common/validation-messages.js';

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
      // The messages name each field by the label of its DTO and quote the rule's arguments: keep the objects the errors come from.
      validationError: { target: true, value: true },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.enableShutdownHooks();
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
