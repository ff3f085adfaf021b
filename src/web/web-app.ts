import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
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
  // File names under assets/ carry a content hash: cache them for good; anything else is checked each time.
  const cacheControl = (path: string): string => (path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  const compressed = precompressedFiles(dir);
  /** Sends the file at a URL path, brotli or gzip when the build compressed it and the browser accepts it. */
  const send = (req: Request, res: Response, path: string): void => {
    const encodings = compressed.get(path);
    const encoding = encodings && acceptedEncoding(req.get('Accept-Encoding'), encodings);
    res.setHeader('Cache-Control', cacheControl(path));
    if (encodings) res.setHeader('Vary', 'Accept-Encoding');
    if (!encoding) return res.sendFile(join(dir, path));
    res.setHeader('Content-Encoding', encoding);
    res.type(extname(path));
    res.sendFile(join(dir, `${path}${SUFFIX[encoding]}`));
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && compressed.has(req.path)) return send(req, res, req.path);
    next();
  });
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControl(`/${relative(dir, path).split(sep).join('/')}`)),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || looksLikeFile(req.path)) return next();
    send(req, res, '/index.html');
  });
  return true;
}

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * The first of ours (best first) that the browser's Accept-Encoding allows: ours
 * decide among those it rates equally, since browsers list gzip before br.
 */
function acceptedEncoding(header: string | undefined, ours: Encoding[]): Encoding | undefined {
  const quality = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name) quality.set(name, q ? Number(q.slice(2)) : 1);
  }
  return ours.find((e) => (quality.get(e) ?? quality.get('*') ?? 0) > 0);
}

/**
 * The URL paths of the files the build also wrote compressed (web/vite.config.ts),
 * with the encodings it wrote, best first. Read once at start: a request is matched
 * against this list exactly, never turned into a path of its own.
 */
function precompressedFiles(dir: string): Map<string, Encoding[]> {
  const files = new Set(readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => `/${name.split(sep).join('/')}`));
  const found = new Map<string, Encoding[]>();
  for (const file of files) {
    const encodings = (Object.keys(SUFFIX) as Encoding[]).filter((e) => files.has(`${file}${SUFFIX[e]}`));
    if (encodings.length > 0) found.set(file, encodings);
  }
  return found;
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
