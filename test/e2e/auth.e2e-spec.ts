import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('passwords and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
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
