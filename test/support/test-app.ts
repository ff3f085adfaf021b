import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ManualClock } from '../../src/common/clock.js';
import type { AppLog } from '../../src/common/app-log.js';
import { demoPasswordOf } from '../../src/seed/demo-passwords.js';

/** The secret the demo accounts' passwords derive from (DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'demo-password-for-tests';

/** The password a test signs in with: a demo account's own, derived from DEMO_PASSWORD; `addPerson` gives its people one the same way. */
export const passwordOf = (username: string): string => demoPasswordOf(DEMO_PASSWORD, username);

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  clock: ManualClock;
  database: 'sqlite' | 'postgres';
  dataDir: string;
  /** PostgreSQL schema of this app (undefined on SQLite). */
  schema: string | undefined;
  /** Signs in a demo account and answers its bearer header. */
  login(username: string): Promise<{ Authorization: string }>;
  /** Stops the app; `keepData` leaves the database for another instance or a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * The real app on a database of its own: a fresh SQLite file, or, when
 * DATABASE_URL is set, a fresh PostgreSQL schema dropped at close.
 */
export async function startTestApp(
  start = '2022-04-18T09:00:00+08:00',
  env: Record<string, string> = {},
  /** Another instance on the same database (or the same app after a restart). */
  share?: { dataDir: string; schema: string | undefined },
  /** A log to read (tests of the log lines); otherwise the app logs nothing. */
  log?: AppLog,
): Promise<TestApp> {
  const dir = share?.dataDir ?? mkdtempSync(join(tmpdir(), 'gongwen-test-'));
  const url = process.env.DATABASE_URL;
  const schema = share ? share.schema : url ? `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` : undefined;
  if (url && !share) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const config = loadConfig({
    DATA_DIR: dir,
    DEMO_PASSWORD,
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    // The relay does not poll in tests: a test drains the outbox when it wants mail to go.
    OUTBOX_POLL_MS: '0',
    SCHEDULER_POLL_MS: '0',
    ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}),
    ...env,
  });
  const clock = new ManualClock(start);
  const app = await createApp({ config, clock, logger: false, log });
  await app.init();
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    clock,
    database: url ? 'postgres' : 'sqlite',
    dataDir: dir,
    schema,
    async login(username) {
      let token = tokens.get(username);
      if (!token) {
        const res = await http.post('/api/auth/login').send({ username, password: passwordOf(username) });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        token = (res.body as { accessToken: string }).accessToken;
        tokens.set(username, token);
      }
      return { Authorization: `Bearer ${token}` };
    },
    async close(options = {}) {
      await app.close();
      if (options.keepData) return;
      if (url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
