/** What the benchmarks share about their environment: a throwaway PostgreSQL schema or SQLite file, the app's config. */
import pg from 'pg';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { demoPasswordOf } from '../../src/seed/demo-passwords.js';

export const BENCH_PASSWORD = 'bench-password';

/**
 * The password a benchmark signs in with: a demo account's own (derived from
 * DEMO_PASSWORD = BENCH_PASSWORD), or BENCH_PASSWORD for the `bench-…` center
 * accounts written straight to the database.
 */
export const benchPasswordOf = (username: string, secret = BENCH_PASSWORD): string =>
  username.startsWith('bench-') ? secret : demoPasswordOf(secret, username);

/** PostgreSQL when DATABASE_URL is set (a fresh schema, dropped after), else a fresh SQLite file. */
export const benchDatabaseUrl = process.env.DATABASE_URL;

export async function withSchema<T>(work: (schema: string | null) => Promise<T>): Promise<T> {
  if (!benchDatabaseUrl) return work(null);
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: benchDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    return await work(schema);
  } finally {
    // BENCH_KEEP_SCHEMA=1 leaves the data for a look with EXPLAIN; drop it by hand afterwards.
    if (process.env.BENCH_KEEP_SCHEMA === '1') console.log(`schema ${schema} kept`);
    else await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

export function benchConfig(schema: string | null, dir: string, extra: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    DATA_DIR: dir,
    DEMO_PASSWORD: BENCH_PASSWORD,
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    // The relay and the scheduler are measured by their own benchmarks (bench:mail, bench:timers).
    OUTBOX_POLL_MS: '0',
    SCHEDULER_POLL_MS: '0',
    ...(benchDatabaseUrl ? { DATABASE_URL: benchDatabaseUrl, DATABASE_SCHEMA: schema ?? undefined } : {}),
    ...extra,
  });
}

/** A complete strategy table for goal 2022-01, so that SUBMIT is accepted. */
export const benchTable = {
  goals: [
    {
      goalCode: '2022-01',
      leadCenter: '压测中心',
      partnerUnits: [],
      baseline: { value: '62.4%', dataSource: 'NCIS' },
      target: { value: '≥70%', date: '2022-12-31' },
      coreStrategies: ['区域协同救治'],
      measures: [{ measure: '季度培训', milestone: '2022-06-30', responsible: '张伟' }],
      indicators: [{ name: '再灌注治疗率' }],
    },
  ],
  contact: { name: '王芳', phone: '022-23456789' },
};
