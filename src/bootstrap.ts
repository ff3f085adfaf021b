import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';
import { createAppLog, PinoNestLogger, type AppLog } from './common/app-log.js';
import { Metrics } from './common/metrics.js';
import { observeRequests, serveMetrics } from './common/request-log.js';
import { validationExceptionFactory } from './common/validation-messages.js';
import { JSON_BODY_LIMIT_BYTES } from './common/input-limits.js';
import { InputTextPipe } from './common/input-text.pipe.js';
import { answerClientErrorsAsProblems, refuseDeepJson, requireJsonOrMultipart } from './common/request-limits.js';
import { createOpenApiDocument, serveOpenApi } from './openapi-document.js';
import { useSecurityHeaders } from './web/security-headers.js';
import { exposeServerTime, serveWebApp } from './web/web-app.js';

/** Builds the HTTP app exactly as production runs it; tests and the demo call this too. */
export async function createApp(options: { config?: AppConfig; clock?: Clock; logger?: false; log?: AppLog } = {}): Promise<INestApplication> {
  // JSON lines (pino) by default; tests pass `logger: false` and log nothing. Metrics on a registry of this app's own.
  const log = options.log ?? createAppLog({ quiet: options.logger === false });
  const metrics = new Metrics({ processMetrics: Boolean(options.config?.metricsToken) });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ ...options, log, metrics }), {
    bodyParser: false,
    logger: options.logger === false ? false : new PinoNestLogger(log.pino),
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  observeRequests(app, log, metrics);
  serveMetrics(app, metrics, config.metricsToken);
  // The client address (`req.ip`) that sign-in throttling counts by: behind a proxy, TRUST_PROXY says which to believe.
  app.set('trust proxy', config.signIn.trustProxy);
  useSecurityHeaders(app, { https: config.appUrl.startsWith('https:') });
  // Closed unless configured: without CORS_ORIGINS no other origin's page may read an answer.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposedHeaders: ['X-Total-Count', 'X-Server-Time', 'Retry-After', 'Content-Disposition', 'X-Request-Id'],
      maxAge: 600,
    });
  }
  // Before any route reads a body: its type (415), its size (413) and its depth are checked, then its text (InputTextPipe).
  app.use(requireJsonOrMultipart);
  // body-parser's `verify` sees the bytes before JSON.parse; Nest's type leaves it out only because its rawBody option would use it.
  const json = { limit: JSON_BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'], verify: refuseDeepJson };
  app.useBodyParser('json', json);
  answerClientErrorsAsProblems(app.getHttpServer());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new InputTextPipe(),
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
  // Off in production unless API_DOCS=1: the document maps every route for whoever asks.
  if (config.apiDocs) serveOpenApi(app, createOpenApiDocument(app));
  return app;
}
