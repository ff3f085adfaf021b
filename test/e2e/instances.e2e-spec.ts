import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Db } from '../../src/database/db.js';
import { MIGRATIONS } from '../../src/database/migrations/index.js';

const url = process.env.DATABASE_URL;

/** An empty database for several instances: a new SQLite directory, or a new PostgreSQL schema with no table in it. */
async function emptyDatabase(): Promise<{ dataDir: string; schema: string | undefined }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongwen-test-'));
  if (!url) return { dataDir, schema: undefined };
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return { dataDir, schema };
}

/** The last instance drops the database. */
async function closeAll(apps: TestApp[]): Promise<void> {
  for (const [i, t] of apps.entries()) await t.close({ keepData: i < apps.length - 1 });
}

/** What start-up wrote into the database, read through the first instance. */
async function startupRecord(t: TestApp) {
  return t.app.get(Db).read(async (sql) => ({
    migrations: (await sql.many<{ name: string; n: number | string }>(`SELECT name, COUNT(*) AS n FROM migrations GROUP BY name ORDER BY name`)).map((r) => [
      r.name,
      Number(r.n),
    ]),
    organisations: Number((await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM organisations`))!.n),
    users: Number((await sql.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM users`))!.n),
    notices: (await sql.many<{ title: string }>(`SELECT title FROM notices`)).map((r) => r.title),
  }));
}

/** Each migration once; the reference case of domain.md once: 19 organisations, 18 demo accounts, one draft notice. */
const ONCE = {
  migrations: MIGRATIONS.map((m) => [m.name, 1]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)),
  organisations: 19,
  users: 18,
  notices: [expect.stringContaining('天津市')],
};

/** Every instance answers sign-in with the one demo password, and sees the one reference notice. */
async function expectServing(apps: TestApp[]): Promise<void> {
  for (const t of apps) {
    const list = await t.http.get('/api/notices').set(await t.login('staff'));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
  }
}

describe('starting the app again on the same database', () => {
  it('applies no migration a second time and loads the reference data only the first time', async () => {
    const first = await startTestApp();
    const before = await startupRecord(first);
    await first.close({ keepData: true });
    const second = await startTestApp(undefined, {}, { dataDir: first.dataDir, schema: first.schema });
    try {
      expect(before).toEqual(ONCE);
      expect(await startupRecord(second)).toEqual(ONCE);
      await expectServing([second]);
    } finally {
      await second.close();
    }
  });
});

// Several processes on one SQLite file is not a supported deployment (one process per file), so instances
// started at once are a PostgreSQL case only; the restart above is what SQLite's one process meets.
if (url) {
  describe('instances started at once on one empty PostgreSQL schema', () => {
    it.each([2, 4])('%i instances all come up; each migration is applied once and the reference data loaded once', async (count) => {
      const database = await emptyDatabase();
      const started = await Promise.allSettled(Array.from({ length: count }, () => startTestApp(undefined, {}, database)));
      const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        expect(started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []))).toEqual([]);
        expect(await startupRecord(apps[0])).toEqual(ONCE);
        await expectServing(apps);
      } finally {
        await closeAll(apps);
      }
    });
  });
}
