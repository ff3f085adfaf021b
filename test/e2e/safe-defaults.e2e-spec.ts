import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** What a deployment gets without configuring anything: headers that close the usual doors, CORS closed, no API map in production. */
describe('safe defaults', () => {
  describe('an app on plain http with nothing configured', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it.each(['/api/health', '/api/nowhere', '/'])('answers %s with the security headers and without X-Powered-By', async (path) => {
      const res = await t.http.get(path);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
      });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      // HSTS over plain http would be ignored, and a wrong one locks users out: only under an https APP_URL.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('answers a page of another origin without CORS headers: it cannot read the answer', async () => {
      const preflight = await t.http
        .options('/api/notices')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const res = await t.http.get('/api/health').set('Origin', 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('serves the API docs outside production', async () => {
      expect((await t.http.get('/api/docs/')).status).toBe(200);
    });
  });

  describe('an app under an https APP_URL with CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(undefined, { APP_URL: 'https://gongwen.wsjkw.tianjin.example', CORS_ORIGINS: 'https://portal.wsjkw.tianjin.example' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('tells browsers to keep to https', async () => {
      const res = await t.http.get('/api/health');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('lets the configured origin call the API, and no other', async () => {
      const allowed = await t.http
        .options('/api/notices')
        .set('Origin', 'https://portal.wsjkw.tianjin.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.wsjkw.tianjin.example');
      expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      const list = await t.http.get('/api/health').set('Origin', 'https://portal.wsjkw.tianjin.example');
      expect(list.headers['access-control-allow-origin']).toBe('https://portal.wsjkw.tianjin.example');
      const other = await t.http.get('/api/health').set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('under NODE_ENV=production', () => {
    // No demo accounts in production: DEMO_PASSWORD is refused there.
    const production = { NODE_ENV: 'production', DEMO_PASSWORD: '' };

    it('does not serve the API docs', async () => {
      const t = await startTestApp(undefined, production);
      try {
        expect((await t.http.get('/api/docs/')).status).toBe(404);
        expect((await t.http.get('/api/docs-json')).status).toBe(404);
      } finally {
        await t.close();
      }
    });

    it('serves them when API_DOCS=1', async () => {
      const t = await startTestApp(undefined, { ...production, API_DOCS: '1' });
      try {
        expect((await t.http.get('/api/docs/')).status).toBe(200);
        expect((await t.http.get('/api/docs-json')).body.info.title).toBe('gongwen 公文流转');
      } finally {
        await t.close();
      }
    });
  });

  describe('configuration refused at start', () => {
    const base = { AUTH_SECRET: randomBytes(32).toString('base64url') };

    it.each([
      ['32 × "a"', 'a'.repeat(32)],
      ['31 bytes', randomBytes(32).toString('base64url').slice(0, 31)],
      ['a pattern repeated', 'Xy7!'.repeat(10)],
      ['two characters', 'ab'.repeat(20)],
      ['six distinct characters', `${'012345'.repeat(7)}0`],
    ])('refuses an AUTH_SECRET of %s', (_what, secret) => {
      expect(() => loadConfig({ AUTH_SECRET: secret })).toThrow(ConfigError);
    });

    it.each([
      ['openssl rand -base64 32', randomBytes(32).toString('base64')],
      ['openssl rand -hex 16', randomBytes(16).toString('hex')],
      ['a long passphrase', '天津市卫生健康委员会-公文流转-2022-春季-改进目标'],
    ])('accepts an AUTH_SECRET from %s', (_what, secret) => {
      expect(loadConfig({ AUTH_SECRET: secret }).authSecret).toBe(secret);
    });

    it.each(['*', 'https://portal.example.cn/path', 'portal.example.cn', 'ftp://portal.example.cn', 'https://a.example,'])(
      'refuses CORS_ORIGINS=%s',
      (origins) => {
        expect(() => loadConfig({ ...base, CORS_ORIGINS: origins })).toThrow(ConfigError);
      },
    );

    it('accepts a list of origins', () => {
      expect(loadConfig({ ...base, CORS_ORIGINS: 'https://a.example.cn, http://localhost:5173' }).corsOrigins).toEqual([
        'https://a.example.cn',
        'http://localhost:5173',
      ]);
    });

    it('refuses API_DOCS other than 0 or 1', () => {
      expect(() => loadConfig({ ...base, API_DOCS: 'yes' })).toThrow(ConfigError);
    });
  });
});
