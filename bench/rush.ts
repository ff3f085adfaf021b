/**
 * bench:rush — the deadline-morning rush. A campaign of 1,000 assignments on a
 * fresh database; 50 concurrent clients submit over real HTTP. Prints
 * submissions/s and p50/p99, and, with the same driver and durability
 * settings, the raw rate of plain one-insert-plus-one-update transactions.
 * On PostgreSQL when DATABASE_URL is set, else on a fresh SQLite file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { Db } from '../src/database/db.js';
import { newId } from '../src/common/ids.js';
import { hashPassword } from '../src/identity/password.js';
import { TokenService } from '../src/identity/token.service.js';
import { apiClient, issueCampaign, seedCenters } from './support/bench-campaign.js';

const ASSIGNMENTS = Number(process.env.RUSH_ASSIGNMENTS ?? 1000);
const CONCURRENCY = Number(process.env.RUSH_CLIENTS ?? 50);
const url = process.env.DATABASE_URL;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function withSchema<T>(work: (schema: string | undefined) => Promise<T>): Promise<T> {
  if (!url) return work(undefined);
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    return await work(schema);
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

async function rush(schema: string | undefined, dir: string) {
  const config = loadConfig({
    DATA_DIR: dir,
    DEMO_PASSWORD: 'bench-password',
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    // The relay and the scheduler are measured by their own benchmarks (bench:mail, bench:timers).
    OUTBOX_POLL_MS: '0',
    SCHEDULER_POLL_MS: '0',
    ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}),
  });
  const app = await createApp({ config, logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api`;
  const db = app.get(Db);
  const tokens = app.get(TokenService);

  // 1,000 QC centers, each with one account (one password hash shared: setup speed, not under test).
  const hash = await hashPassword('bench-password');
  const centers = await seedCenters(db, ASSIGNMENTS, hash);
  const call = apiClient(base, 'bench-password');
  const noticeId = await issueCampaign(call, centers, '压测：2022年度策略表报送');
  const rows = await db.read((sql) =>
    sql.many<{ id: string; organisation_id: string }>('SELECT id, organisation_id FROM assignments WHERE notice_id = $1', [noticeId]),
  );
  const byOrg = new Map(centers.map((c) => [c.id, c]));
  const jobs = rows.map((r) => {
    const c = byOrg.get(r.organisation_id)!;
    return { id: r.id, token: tokens.issue({ id: c.userId, username: c.code, organisationId: c.id, roles: ['center'] }).accessToken };
  });
  // Acknowledge and save a complete draft for each (not measured).
  const table = (name: string) => ({
    goals: [
      {
        goalCode: '2022-01',
        leadCenter: name,
        partnerUnits: [],
        baseline: { value: '62.4%', dataSource: 'NCIS' },
        target: { value: '≥70%', date: '2022-12-31' },
        coreStrategies: ['区域协同救治'],
        measures: [{ measure: '季度培训', milestone: '2022-06-30', responsible: '张伟' }],
        indicators: [{ name: '再灌注治疗率' }],
      },
    ],
    contact: { name: '王芳', phone: '022-23456789' },
  });
  let k = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const job = jobs[k++];
        if (!job) return;
        const headers = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' };
        await (await fetch(`${base}/assignments/${job.id}/events`, { method: 'POST', headers, body: '{"type":"ACKNOWLEDGE"}' })).arrayBuffer();
        await (
          await fetch(`${base}/assignments/${job.id}/draft`, { method: 'PUT', headers, body: JSON.stringify({ table: table('压测中心') }) })
        ).arrayBuffer();
      }
    }),
  );

  // RUSH_PROFILE=file.cpuprofile records the server's CPU during the measured phase only.
  const profiler = process.env.RUSH_PROFILE ? new inspector.Session() : undefined;
  if (profiler) {
    profiler.connect();
    await new Promise((r) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', r)));
  }
  const result = await new Promise<{ latencies: number[]; failures: Record<string, number>; seconds: number }>((resolve, reject) => {
    const worker = new Worker(new URL('./rush-clients.js', import.meta.url), { workerData: { base, jobs, concurrency: CONCURRENCY } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (profiler) {
    await new Promise<void>((r) =>
      profiler.post('Profiler.stop', (_e, { profile }) => {
        writeFileSync(process.env.RUSH_PROFILE!, JSON.stringify(profile));
        r();
      }),
    );
  }
  const versions = await db.read((sql) => sql.one<{ n: string | number }>('SELECT COUNT(*) AS n FROM submission_versions WHERE notice_id = $1', [noticeId]));
  await app.close();
  return { ...result, versions: Number(versions?.n ?? 0) };
}

/** Plain BEGIN; INSERT; UPDATE; COMMIT through the same driver, pool size and durability settings. */
async function raw(schema: string | undefined, dir: string) {
  const { dataSourceOptions } = await import('../src/database/data-source-options.js');
  const config = loadConfig({ DATA_DIR: dir, ...(url ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}), SQLITE_PATH: join(dir, 'raw.sqlite') });
  const dataSource = new DataSource({ ...dataSourceOptions(config), migrations: [] });
  await dataSource.initialize();
  const db = new Db(dataSource);
  await db.read((sql) => sql.exec('CREATE TABLE raw_counter (id varchar(36) PRIMARY KEY, n integer NOT NULL)'));
  await db.read((sql) => sql.exec('CREATE TABLE raw_log (id varchar(36) PRIMARY KEY, counter_id varchar(36) NOT NULL, body text NOT NULL)'));
  const ids = Array.from({ length: ASSIGNMENTS }, () => newId());
  for (const id of ids) await db.read((sql) => sql.exec('INSERT INTO raw_counter (id, n) VALUES ($1, 0)', [id]));
  let k = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const id = ids[k++];
        if (!id) return;
        await db.tx(async (sql) => {
          await sql.exec('INSERT INTO raw_log (id, counter_id, body) VALUES ($1, $2, $3)', [newId(), id, '{"type":"SUBMIT"}']);
          await sql.exec('UPDATE raw_counter SET n = n + 1 WHERE id = $1', [id]);
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await dataSource.destroy();
  return ASSIGNMENTS / seconds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-rush-'));
  try {
    await withSchema(async (schema) => {
      const label = url ? 'PostgreSQL' : 'SQLite (WAL)';
      const r = await rush(schema, dir);
      const rawRate = await raw(schema, dir);
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const rate = r.latencies.length / r.seconds;
      console.log(`bench:rush on ${label}: ${ASSIGNMENTS} assignments, ${CONCURRENCY} concurrent clients over HTTP`);
      console.log(`  submissions/s      ${rate.toFixed(0)}   (${r.versions} versions frozen, failures ${JSON.stringify(r.failures)})`);
      console.log(`  latency p50 / p99  ${pct(sorted, 50).toFixed(1)} ms / ${pct(sorted, 99).toFixed(1)} ms`);
      console.log(`  raw insert+update  ${rawRate.toFixed(0)} tx/s (same driver, pool and durability)`);
      console.log(`  ratio              ${((rate / rawRate) * 100).toFixed(1)} % of raw   (goal: ≥ ${url ? 25 : 40} %, p99 ≤ 50 ms)`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
