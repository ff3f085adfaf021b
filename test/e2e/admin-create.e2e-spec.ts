import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { main as adminCreate } from '../../scripts/admin-create.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Under NODE_ENV=production no demo account exists: `npm run admin:create` makes the first administrator,
// in the reference commission unless told another organisation, with a one-time password printed once.
describe('npm run admin:create on a production database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongwen-admin-'));
  const url = process.env.DATABASE_URL;
  const schema = url ? `t_admin_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}` : undefined;
  const env = {
    NODE_ENV: 'production',
    AUTH_SECRET: 'prod-secret-9f8e7d6c5b4a3210-ZYXWVUTSRQ',
    DATA_DIR: dataDir,
    ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}),
  };
  let t: TestApp;
  let printed: string[] = [];
  let errors: string[] = [];

  const run = async (...args: string[]) => {
    printed = [];
    errors = [];
    const out = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    const err = jest.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
    try {
      return await adminCreate(args, env);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  };

  beforeAll(async () => {
    if (url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates the administrator in the commission and prints a one-time password that must be changed at first sign-in', async () => {
    expect(await run('--username', 'First-Admin', '--name', '系统管理员 王')).toBe(0);
    const text = printed.join('\n');
    expect(text).toContain('管理员账号已创建：first-admin（系统管理员 王，天津市卫生健康委员会）');
    const password = /一次性密码：(\S+)/.exec(text)?.[1];
    expect(password).toBeDefined();

    // The app on the same database: the organisations are there, no demo account, and the printed password works once.
    t = await startTestApp(undefined, {}, { dataDir, schema });
    expect((await t.http.post('/api/auth/login').send({ username: 'admin', password: 'whatever-password-1' })).status).toBe(401);
    const signedIn = await t.http.post('/api/auth/login').send({ username: 'first-admin', password });
    expect(signedIn.status).toBe(200);
    const bearer = { Authorization: `Bearer ${signedIn.body.accessToken as string}` };
    expect((await t.http.get('/api/organisations').set(bearer)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await t.http.post('/api/me/password').set(bearer).send({ currentPassword: password, newPassword: 'a-new-admin-passphrase-42' });
    expect(changed.status).toBe(200);
    const again = await t.http.post('/api/auth/login').send({ username: 'first-admin', password: 'a-new-admin-passphrase-42' });
    const admin = { Authorization: `Bearer ${again.body.accessToken as string}` };
    const organisations = await t.http.get('/api/organisations').query({ pageSize: 100 }).set(admin);
    expect(organisations.status).toBe(200);
    const me = await t.http.get('/api/me').set(admin);
    expect(me.body).toMatchObject({ username: 'first-admin', roles: ['admin'], organisation: { name: '天津市卫生健康委员会' } });
  });

  it('puts the administrator in another organisation by its code, and refuses an unknown code', async () => {
    expect(await run('--username', 'center-admin', '--name', '中心管理员', '--organisation', 'qc-cardio')).toBe(0);
    expect(printed[0]).toMatch(/^管理员账号已创建：center-admin（中心管理员，天津市\S*质量控制中心）\n一次性密码：\S+\n/);
    expect(await run('--username', 'nowhere-admin', '--name', '某管理员', '--organisation', 'no-such-org')).toBe(1);
    expect(errors.join('\n')).toContain('没有代码为 no-such-org 的机构');
  });

  it('refuses a taken or malformed username and a missing option, printing no password', async () => {
    expect(await run('--username', 'first-admin', '--name', '另一位')).toBe(1);
    expect(errors.join('\n')).toContain('未能创建管理员：用户名「first-admin」已被使用');
    expect(await run('--username', 'a b', '--name', '某人')).toBe(1);
    expect(errors.join('\n')).toMatch(/未能创建管理员：.*用户名/);
    expect(await run('--username', 'someone')).toBe(2);
    expect(errors.join('\n')).toContain('--username and --name are required');
    expect(printed).toEqual([]);
  });
});
