/**
 * bench:export — the round's exports at 1,000 centers. One notice is issued to
 * 1,000 centers on a fresh database (SQLite, or PostgreSQL with DATABASE_URL),
 * each acknowledges and submits a table over HTTP; then staff download
 * GET /notices/:id/export.xlsx and GET /notices/:id/export.zip, each read to
 * the end by a streaming client that keeps nothing. For each export: the time
 * to the last byte, the bytes, and the process's resident memory: its
 * high-water mark, sampled every 5 ms by a worker thread (the main thread is
 * busy rendering), and that peak over the baseline measured just before.
 *
 * The archive is downloaded twice: cold (every table and receipt PDF rendered
 * during the download, one at a time) and warm (read back from the
 * renderer's cache, as they are in service once the mail relay has sent each
 * submission with its PDFs). Goal: under 10 s and 200 MB each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp } from '../src/bootstrap.js';
import { ManualClock } from '../src/common/clock.js';
import { Db } from '../src/database/db.js';
import { hashPassword } from '../src/identity/password.js';
import { SessionService } from '../src/identity/session.service.js';
import { apiClient, issue, seedCenters, type BenchCenter, type Call } from './support/bench-campaign.js';
import { BENCH_PASSWORD, benchConfig, benchPasswordOf, benchDatabaseUrl, benchTable, withSchema } from './support/bench-env.js';
import { Child, type LoadCommand, type LoadRequest, type LoadResult } from './support/rush-protocol.js';

const CENTERS = Number(process.env.EXPORT_ASSIGNMENTS ?? 1000);
const CLIENTS = 20;
const GOAL_SECONDS = 10;
const GOAL_MB = 200;
const MB = 1024 * 1024;

type Load = Child<LoadCommand, LoadResult>;

/** Samples the whole process's RSS from its own thread, so a busy event loop does not hide a peak. */
class RssSampler {
  private readonly worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let peak = 0;
     const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
     const timer = setInterval(sample, 5);
     parentPort.on('message', (m) => {
       sample();
       if (m === 'reset') peak = process.memoryUsage.rss();
       parentPort.postMessage(peak);
       if (m === 'stop') { clearInterval(timer); parentPort.close(); }
     });`,
    { eval: true },
  );

  private ask(message: 'reset' | 'peak' | 'stop'): Promise<number> {
    return new Promise((resolve) => {
      this.worker.once('message', (value: number) => resolve(value));
      this.worker.postMessage(message);
    });
  }

  reset = () => this.ask('reset');
  peak = () => this.ask('peak');
  stop = () => this.ask('stop');
}

interface Measured {
  seconds: number;
  /** CPU time of the whole process (user + system) during the download: what the machine's load does not inflate. */
  cpuSeconds: number;
  bytes: number;
  baselineMb: number;
  peakMb: number;
  tail: Buffer;
  status: number;
}

/** Downloads to the end, keeping only the last 64 KB (enough for the ZIP's end record). */
async function download(url: string, token: string, rss: RssSampler): Promise<Measured> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = await rss.reset();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  let bytes = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    tail = Buffer.concat([tail, chunk]).subarray(-65536);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const peak = await rss.peak();
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, bytes, baselineMb: baseline / MB, peakMb: peak / MB, tail, status: res.status };
}

/** Entries the ZIP's end-of-central-directory record counts. */
function zipEntryCount(tail: Buffer): number {
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) return tail.readUInt16LE(i + 10);
  return -1;
}

/**
 * A notice for goal 2022-01 (one lead, the rest partners), issued. The division
 * of 1,000 units is written to the notice's row: the API takes at most 500
 * entries in one PUT …/assignments, and what is measured here is the export.
 */
async function issueRound(call: Call, db: Db, centers: BenchCenter[]): Promise<string> {
  const notice = (await call('staff', 'POST', '/notices', {
    title: '压测：导出一千家单位的策略表',
    recipients: ['各市级医疗质量控制中心'],
    body: '压测',
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
    mailbox: 'zhikong@wsjkw.tianjin.example',
    campaignYear: 2022,
  })) as { id: string };
  const division = centers.map((c, i) => ({ organisationId: c.id, goalCodes: ['2022-01'], role: i === 0 ? 'lead' : 'partner' }));
  await db.tx((sql) => sql.exec('UPDATE notices SET division = $1 WHERE id = $2', [JSON.stringify(division), notice.id]));
  await issue(call, notice.id);
  return notice.id;
}

async function seedRound(load: Load, base: string, db: Db, sessions: SessionService): Promise<string> {
  const call: Call = apiClient(base, BENCH_PASSWORD);
  const centers = await seedCenters(db, CENTERS, await hashPassword(BENCH_PASSWORD));
  const noticeId = await issueRound(call, db, centers);
  const rows = await db.read((sql) =>
    sql.many<{ id: string; organisation_id: string }>('SELECT id, organisation_id FROM assignments WHERE notice_id = $1', [noticeId]),
  );
  const byOrg = new Map(centers.map((c) => [c.id, c]));
  const tokens = new Map<string, string>();
  for (const r of rows) tokens.set(r.organisation_id, (await sessions.openForUser(byOrg.get(r.organisation_id)!.userId)).accessToken);
  const tokenOf = (orgId: string) => tokens.get(orgId)!;
  const send = async (body: (i: number) => string) => {
    const requests = rows.map((r, i): LoadRequest => ({
      method: 'POST',
      path: `/assignments/${r.id}/events`,
      token: tokenOf(r.organisation_id),
      body: body(i),
    }));
    const result = await load.ask<LoadResult>({ kind: 'closed', base, requests, concurrency: CLIENTS });
    if (result.ok !== rows.length) throw new Error(`only ${result.ok}/${rows.length} answered 200: ${JSON.stringify(result.errors)}`);
  };
  await send(() => '{"type":"ACKNOWLEDGE"}');
  // Each center's own table: the centers' names and values differ, so each PDF is its own.
  await send((i) => JSON.stringify({ type: 'SUBMIT', table: { ...benchTable, contact: { ...benchTable.contact, name: `联系人${i}` } } }));
  return noticeId;
}

function report(name: string, m: Measured, extra = ''): boolean {
  const met = m.status === 200 && m.seconds < GOAL_SECONDS && m.peakMb - m.baselineMb < GOAL_MB;
  console.log(
    `  ${name.padEnd(26)} ${m.seconds.toFixed(2).padStart(6)} s (CPU ${m.cpuSeconds.toFixed(2)} s)  ${(m.bytes / MB).toFixed(1).padStart(6)} MB sent  ` +
      `RSS peak ${m.peakMb.toFixed(0)} MB (baseline ${m.baselineMb.toFixed(0)} MB, +${(m.peakMb - m.baselineMb).toFixed(0)} MB)  ` +
      `${m.status === 200 ? '' : `HTTP ${m.status} `}${extra}${met ? 'goal met' : 'GOAL NOT MET'}`,
  );
  return met;
}

async function run(load: Load, schema: string | null, dir: string): Promise<void> {
  const app = await createApp({ config: benchConfig(schema, dir), clock: new ManualClock(new Date()), logger: false });
  const rss = new RssSampler();
  try {
    await app.listen(0, '127.0.0.1');
    const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api`;
    const seedStarted = performance.now();
    const noticeId = await seedRound(load, base, app.get(Db), app.get(SessionService));
    const seeded = (performance.now() - seedStarted) / 1000;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'staff', password: benchPasswordOf('staff') }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    console.log(
      `bench:export on ${benchDatabaseUrl ? 'PostgreSQL' : 'SQLite (WAL)'}: one notice, ${CENTERS} assignments each with a submitted version (seeded in ${seeded.toFixed(0)} s)`,
    );
    const xlsx = await download(`${base}/notices/${noticeId}/export.xlsx`, token, rss);
    const cold = await download(`${base}/notices/${noticeId}/export.zip`, token, rss);
    const warm = await download(`${base}/notices/${noticeId}/export.zip`, token, rss);
    const results = [
      report('export.xlsx', xlsx),
      report('export.zip, PDFs rendered', cold, `${zipEntryCount(cold.tail)} files  `),
      report('export.zip, PDFs cached', warm, `${zipEntryCount(warm.tail)} files  `),
    ];
    console.log(`  goal: each under ${GOAL_SECONDS} s and under ${GOAL_MB} MB over the baseline; ${results.filter(Boolean).length}/3 met`);
  } finally {
    await rss.stop();
    await app.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-export-'));
  const load: Load = new Child(new URL('./rush-load.js', import.meta.url));
  try {
    await withSchema((schema) => run(load, schema, dir));
  } finally {
    load.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
