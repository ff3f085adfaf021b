import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { templatePath } from '../../src/common/project-paths.js';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { Db } from '../../src/database/db.js';
import { ReferenceDataService } from '../../src/seed/reference-data.service.js';
import { passwordOf, startTestApp, type TestApp } from '../support/test-app.js';

describe('passwords and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives every demo account its own password: one account’s password opens no other', async () => {
    const { accounts } = t.app.get(ReferenceDataService).report;
    expect(accounts.length).toBeGreaterThan(10);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(accounts.length);
    expect((await t.http.post('/api/auth/login').send({ username: 'admin', password: passwordOf('admin') })).status).toBe(200);
    expect((await t.http.post('/api/auth/login').send({ username: 'admin', password: passwordOf('staff') })).status).toBe(401);
  });

  it('refuses a token with a fourth segment, or a signature spelt differently, and takes the token as issued', async () => {
    const { Authorization } = await t.login('reviewer');
    const token = Authorization.slice('Bearer '.length);
    expect((await t.http.get('/api/me').set({ Authorization: `Bearer ${token}` })).status).toBe(200);
    for (const forged of [`${token}.extra`, `${token}.`, `${token}..x`, `${token}=`]) {
      const res = await t.http.get('/api/me').set({ Authorization: `Bearer ${forged}` });
      expect([forged, res.status, res.body.code]).toEqual([forged, 401, 'UNAUTHENTICATED']);
    }
  });
});

describe('demo accounts and their passwords at start', () => {
  it('creates no demo account under NODE_ENV=production, only the organisations, and prints no password', async () => {
    const t = await startTestApp(undefined, { NODE_ENV: 'production', DEMO_PASSWORD: '' });
    try {
      const report = t.app.get(ReferenceDataService).report;
      expect(report).toMatchObject({ seeded: false, accounts: [] });
      const counts = await t.app
        .get(Db)
        .read((sql) =>
          sql.one<{ users: string; organisations: string }>(
            'SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM organisations) AS organisations',
          ),
        );
      const reference = JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as { organisations: unknown[] };
      expect([Number(counts!.users), Number(counts!.organisations)]).toEqual([0, 1 + reference.organisations.length]);
      expect((await t.http.post('/api/auth/login').send({ username: 'admin', password: passwordOf('admin') })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('refuses to start with a DEMO_PASSWORD from the list of common passwords, or with one under NODE_ENV=production', () => {
    expect(() => loadConfig({ DEMO_PASSWORD: 'password' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEMO_PASSWORD: 'Password123' })).toThrow(/DEMO_PASSWORD is one of the most common passwords/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(8) + 'Kq3vZ9pL2mR7tW4nB8cF6hJ1', DEMO_PASSWORD: 'walnut-harbour-tiger' }),
    ).toThrow(/DEMO_PASSWORD is not used under NODE_ENV=production/);
    expect(loadConfig({ DEMO_PASSWORD: 'walnut-harbour-tiger' }).demoPassword).toBe('walnut-harbour-tiger');
  });
});
