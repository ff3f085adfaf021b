import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../common/clock.js';
import { PROJECT_ROOT } from '../common/project-paths.js';

/** Where `npm run build` puts the web app (web/ built by Vite). */
export const WEB_APP_DIR = join(PROJECT_ROOT, 'dist', 'web');

const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');
/** A path whose last segment has an extension names a file: a missing one is a 404, not the app. */
const looksLikeFile = (path: string): boolean => /\.[^/]+$/.test(path);

/**
 * Serves the built web app at `/`: its files, and index.html for every other GET
 * outside /api, so that a page link (/assignments/…) opened in a new tab loads the
 * app, which then routes in the browser. /api stays the API (unknown paths there
 * still answer 404 problem details). Answers false when the app is not built.
 */
export function serveWebApp(app: NestExpressApplication, dir = WEB_APP_DIR): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`the web app is not built (${index} is missing): run npm run build`);
    return false;
  }
  app.useStaticAssets(dir, {
    index: false,
    // File names under assets/ carry a content hash: cache them for good; anything else is checked each time.
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || looksLikeFile(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}

/**
 * Every API answer carries the server's business time (`X-Server-Time`, from the
 * injected Clock): the screens count down to deadlines against it, not against the
 * browser's clock, because the server decides what is late.
 */
export function exposeServerTime(app: NestExpressApplication, clock: Clock): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isApiPath(req.path)) res.setHeader('X-Server-Time', clock.now().toISOString());
    next();
  });
}
