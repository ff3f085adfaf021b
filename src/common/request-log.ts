import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { AppLog } from './app-log.js';
import { DomainError } from './errors.js';
import { problemOf } from './problem.filter.js';
import type { Metrics } from './metrics.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept when it is short plain text (a UUID, a proxy's hex id); anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The id of a request: the one a proxy sent when it is sane, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The id given to this request (undefined only for what never reached Express). */
export const requestIdFrom = (req: unknown): string | undefined => (req as { id?: unknown } | undefined)?.id as string | undefined;

/** The route pattern a request matched (`/api/notices/:id`), never its raw URL: one histogram series per route. */
function routeOf(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  // Nest answers unknown paths under /api through a catch-all route (`/api*path`): unmatched too.
  if (route && typeof route.path === 'string' && !route.path.includes('*')) return `${req.baseUrl}${route.path}`;
  const path = (req.originalUrl ?? req.url).split('?')[0];
  return path === '/api' || path.startsWith('/api/') ? '(unmatched)' : '(web app)';
}

/**
 * Before anything else reads a request: gives it an id (answered in X-Request-Id and in every problem
 * details body), logs one JSON line when it ends (method, path without query, route, status, time; never
 * headers, cookies or bodies) and observes its latency by route pattern.
 */
export function observeRequests(app: INestApplication, log: AppLog, metrics: Metrics): void {
  app.use(
    pinoHttp({
      logger: log.pino,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdOf(req);
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      // Read when the answer is done: only then has the router matched the route.
      customSuccessObject: (req, _res, value: object) => ({ ...value, route: routeOf(req as Request) }),
      customErrorObject: (req, _res, _error, value: object) => ({ ...value, route: routeOf(req as Request) }),
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
    next();
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` in Prometheus' text format, outside /api (and outside the API docs), for a bearer
 * `METRICS_TOKEN`; without one configured it answers 404 as if it did not exist.
 */
export function serveMetrics(app: INestApplication, metrics: Metrics, token: string | null): void {
  const expected = token === null ? null : digest(`Bearer ${token}`);
  app.getHttpAdapter().get('/metrics', (req: Request, res: Response) => {
    if (expected === null) {
      const problem = { ...problemOf(new DomainError('NOT_FOUND', '请求的资源不存在')), requestId: requestIdFrom(req) };
      res.status(404).type('application/problem+json').send(JSON.stringify(problem));
      return;
    }
    if (!timingSafeEqual(digest(req.get('Authorization') ?? ''), expected)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('unauthorized\n');
      return;
    }
    metrics.registry
      .metrics()
      .then((text) => res.type(metrics.registry.contentType).send(text))
      .catch(() => res.status(500).type('text/plain').send('metrics unavailable\n'));
  });
}
