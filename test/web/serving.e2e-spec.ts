import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_APP_DIR } from '../../src/web/web-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The built web app (npm run build) is served by the API process at `/`; /api stays the API.
describe('the web app served by the API process', () => {
  let t: TestApp;

  beforeAll(async () => {
    if (!existsSync(join(WEB_APP_DIR, 'index.html'))) throw new Error(`${WEB_APP_DIR}/index.html is missing: run \`npm run build\` first`);
    t = await startTestApp('2022-04-18T09:00:00+08:00');
  });
  afterAll(() => t.close());

  it('answers the app at / and at any page address, so a link from a mail opens the right page', async () => {
    for (const path of ['/', '/login', '/assignments/3f1c2a9e-0000-4000-8000-000000000000']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="app"></div>');
    }
  });

  it('serves the hashed scripts for a year, and a missing file as a 404, not as the app', async () => {
    const script = readdirSync(join(WEB_APP_DIR, 'assets')).find((name) => name.endsWith('.js'))!;
    const res = await t.http.get(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http.get('/assets/not-there-0000.js')).status).toBe(404);
  });

  it('sends the scripts brotli- or gzip-compressed to a browser that accepts it, the same bytes once unpacked', async () => {
    const script = readdirSync(join(WEB_APP_DIR, 'assets')).find((name) => name.startsWith('index-') && name.endsWith('.js'))!;
    const original = readFileSync(join(WEB_APP_DIR, 'assets', script));
    // The client unpacks what it gets (as a browser does): the body is the script again, the length is what travelled.
    const fetch = (encoding: string | undefined) => {
      const req = t.http
        .get(`/assets/${script}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      return encoding === undefined ? req.unset('Accept-Encoding') : req.set('Accept-Encoding', encoding);
    };
    const sent = (res: { headers: Record<string, string> }): number => Number(res.headers['content-length']);

    const br = await fetch('gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(?:text|application)\/javascript/);
    expect(br.headers['vary']).toMatch(/Accept-Encoding/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(sent(br)).toBeLessThan(original.length / 3);
    expect((br.body as Buffer).equals(original)).toBe(true);

    const gz = await fetch('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(sent(gz)).toBeLessThan(original.length / 2);
    expect(sent(gz)).toBeGreaterThan(sent(br));
    expect((gz.body as Buffer).equals(original)).toBe(true);

    expect((await fetch('br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
    const plain = await fetch(undefined);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(sent(plain)).toBe(original.length);
    expect((plain.body as Buffer).equals(original)).toBe(true);
  });

  it('sends the page itself compressed too, still never cached', async () => {
    const res = await t.http.get('/assignments/3f1c2a9e-0000-4000-8000-000000000000').set('Accept-Encoding', 'br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('keeps /api the API: an unknown API address is still a 404 problem, never the app', async () => {
    const res = await t.http.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', detail: '请求的资源不存在' });
    expect((await t.http.post('/somewhere').send({})).status).toBe(404);
  });

  it("tells the screens the server's business time, which decides deadlines", async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['x-server-time']).toBe('2022-04-18T01:00:00.000Z');
    t.clock.set('2022-04-29T09:00:00+08:00');
    expect((await t.http.get('/api/health')).headers['x-server-time']).toBe('2022-04-29T01:00:00.000Z');
  });
});
