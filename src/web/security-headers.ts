import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * What the web app (Vite-built Vue with Element Plus) and Swagger UI need, and
 * no more: scripts only from this origin, styles also inline (Element Plus sets
 * some), PDFs shown in an iframe from a blob: URL (PdfView), images as data:.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  // The browser's PDF viewer is a plugin: 'none' would stop a PDF opened from the API or framed from a blob.
  "object-src 'self' blob:",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The usual security headers on every answer, and no `X-Powered-By`. HSTS
 * only when the app is served over https (APP_URL): over plain http the
 * browser ignores it, and a wrong one locks users out for its max-age.
 */
export function useSecurityHeaders(app: NestExpressApplication, options: { https: boolean }): void {
  app.disable('x-powered-by');
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Another site may not frame the app (clickjacking); the app frames its own PDFs.
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (options.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  });
}
