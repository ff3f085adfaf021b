/**
 * bench:rush — the deadline-morning rush, on PostgreSQL when DATABASE_URL is set, else on a fresh SQLite file.
 * The load always comes from a second process (rush-load.ts, keep-alive node:http); the app runs here
 * (createApp). Per database, with the same load generator and durability settings:
 *   (a) gongwen: RUSH_ASSIGNMENTS (1,000) assignments, each submitted once by RUSH_CLIENTS (50) concurrent
 *       clients (closed loop): submissions/s, p50/p99;
 *   (b) bare: a plain node:http server in its own process (rush-bare-server.ts) doing one INSERT + one UPDATE
 *       per request through the same driver and pool size, driven the same way;
 *   (c) raw: the same transaction through the app's Db with no HTTP, as many at a time as there are clients;
 *   (d) nest: (b)'s transaction behind NestJS on express, configured as the app's (body parser, prefix), in its
 *       own process: the floor of any NestJS route, which splits the gap between (a) and (b) in two;
 * then an open loop against (a), (b) and (d): RUSH_OPEN_RATE (200) requests/s for RUSH_OPEN_SECONDS (20) s, sent
 * on schedule whatever the answers, latency counted from the scheduled instant so that queueing shows.
 * Setup (accounts, issued notices of ≤ 1,000 centers, every assignment acknowledged with a complete draft) is not measured.
 * RUSH_PROFILE=file.cpuprofile records this process's CPU (the app) during the closed loop (a).
 * Figures only: nothing is asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap.js';
import type { AppConfig } from '../src/config/app-config.js';
import { BENCH_PASSWORD, benchConfig, benchTable, withSchema } from './support/bench-env.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { Db } from '../src/database/db.js';
import { newId } from '../src/common/ids.js';
import { frozenVersions, issueCampaigns, type Campaign, type Submitter } from './support/rush-campaign.js';
import { Child, type BareCommand, type BareReply, type LoadCommand, type LoadRequest, type LoadResult } from './support/rush-protocol.js';

const ASSIGNMENTS = Number(process.env.RUSH_ASSIGNMENTS ?? 1000);
const CONCURRENCY = Number(process.env.RUSH_CLIENTS ?? 50);
const OPEN_RATE = Number(process.env.RUSH_OPEN_RATE ?? 200);
const OPEN_SECONDS = Number(process.env.RUSH_OPEN_SECONDS ?? 20);
const OPEN_COUNT = Math.round(OPEN_RATE * OPEN_SECONDS);
const PASSWORD = BENCH_PASSWORD;
const SUBMIT = '{"type":"SUBMIT"}';
const url = process.env.DATABASE_URL;
/** Notices of at most this many assignments: issuing one to ~2,700 centers or more fails on SQLite (too many SQL variables). */
const NOTICE_MAX = 1000;

type Load = Child<LoadCommand, LoadResult>;
type Bare = Child<BareCommand, BareReply>;

/** One measured run: the load generator's result, and the CPU the server, the generator and the machine used. */
interface Run {
  load: LoadResult;
  /** CPU seconds of the server process over the run. */
  serverCpu: number;
  /** Busy share of all cores of the machine over the run (0..1). */
  machineBusy: number;
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

async function measure(serverCpu: () => Promise<NodeJS.CpuUsage>, run: () => Promise<LoadResult>): Promise<Run> {
  const cpu0 = await serverCpu();
  const machine0 = machineTimes();
  const load = await run();
  const machine1 = machineTimes();
  const cpu1 = await serverCpu();
  return {
    load,
    serverCpu: (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1e6,
    machineBusy: (machine1.busy - machine0.busy) / (machine1.total - machine0.total),
  };
}

/** The app's PostgreSQL pool size, so that the bare server uses the same (SQLite: one connection). */
function poolSize(config: AppConfig): number {
  const options = dataSourceOptions(config);
  return options.type === 'postgres' ? Number((options.extra as { max?: number } | undefined)?.max ?? 10) : 1;
}

/** Runs the load generator until every request has been answered, and fails if any answer is not 200. */
async function setupLoad(load: Load, base: string, requests: LoadRequest[], what: string): Promise<void> {
  const result = await load.ask({ kind: 'closed', base, requests, concurrency: CONCURRENCY });
  if (result.ok !== requests.length) throw new Error(`setup (${what}): ${JSON.stringify(result.errors)}`);
}

const submitRequest = (s: Submitter): LoadRequest => ({ method: 'POST', path: `/assignments/${s.assignmentId}/events`, token: s.token, body: SUBMIT });

async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const file = process.env.RUSH_PROFILE;
  if (!file) return work();
  const session = new inspector.Session();
  session.connect();
  await new Promise((r) => session.post('Profiler.enable', () => session.post('Profiler.start', r)));
  const result = await work();
  await new Promise<void>((r) =>
    session.post('Profiler.stop', (_e, { profile }) => {
      writeFileSync(file, JSON.stringify(profile));
      r();
    }),
  );
  session.disconnect();
  return result;
}

/** (a) gongwen in this process: setup, the closed loop, then the open loop on notices of its own. */
async function gongwen(load: Load, schema: string | null, dir: string) {
  const app = await createApp({ config: benchConfig(schema, dir), logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api`;
    const sizes = (n: number) => Array.from({ length: Math.ceil(n / NOTICE_MAX) }, (_, i) => Math.min(NOTICE_MAX, n - i * NOTICE_MAX));
    const campaigns = await issueCampaigns(app, base, PASSWORD, [...sizes(ASSIGNMENTS), ...sizes(OPEN_COUNT)]);
    const closed = campaigns.slice(0, sizes(ASSIGNMENTS).length);
    const open = campaigns.slice(closed.length);
    const submitters = (list: Campaign[]) => list.flatMap((c) => c.submitters);
    const everyone = submitters(campaigns);
    // Acknowledge and save a complete draft for each (not measured; it also warms the app up).
    const ack = (s: Submitter): LoadRequest => ({
      method: 'POST',
      path: `/assignments/${s.assignmentId}/events`,
      token: s.token,
      body: '{"type":"ACKNOWLEDGE"}',
    });
    const draft = (s: Submitter): LoadRequest => ({
      method: 'PUT',
      path: `/assignments/${s.assignmentId}/draft`,
      token: s.token,
      body: JSON.stringify({ table: benchTable }),
    });
    await setupLoad(load, base, everyone.map(ack), 'acknowledge');
    await setupLoad(load, base, everyone.map(draft), 'draft');

    const ownCpu = async () => process.cpuUsage();
    const closedRun = await profiled(() =>
      measure(ownCpu, () => load.ask({ kind: 'closed', base, requests: submitters(closed).map(submitRequest), concurrency: CONCURRENCY })),
    );
    const openRun = await measure(ownCpu, () =>
      load.ask({ kind: 'open', base, requests: submitters(open).map(submitRequest), rate: OPEN_RATE, concurrency: CONCURRENCY }),
    );
    return {
      closed: closedRun,
      open: openRun,
      frozen: { closed: await frozenVersions(app, closed), open: await frozenVersions(app, open) },
      tokens: everyone.map((s) => s.token),
    };
  } finally {
    await app.close();
  }
}

/**
 * (b) the bare server in its own process, driven exactly like the app (after a warm-up of the same size);
 * (d) with `framework: 'nest'`, the same transaction behind NestJS, driven the same way.
 */
async function bare(load: Load, schema: string | null, dir: string, tokens: string[], framework: 'node' | 'nest' = 'node') {
  const config = benchConfig(schema, dir);
  const ids = (n: number) => Array.from({ length: n }, () => newId());
  const [warmup, closed, open, direct] = [ids(ASSIGNMENTS), ids(ASSIGNMENTS), ids(OPEN_COUNT), ids(ASSIGNMENTS)];
  const server: Bare = new Child(new URL('./rush-bare-server.js', import.meta.url));
  try {
    const ready = await server.ask<Extract<BareReply, { kind: 'ready' }>>({
      kind: 'start',
      framework,
      databaseUrl: config.databaseUrl,
      schema,
      sqlitePath: join(dir, `bare-${framework}.sqlite`),
      ids: [...warmup, ...closed, ...open, ...direct],
      poolSize: poolSize(config),
    });
    const base = `http://127.0.0.1:${ready.port}/api`;
    // Same request line, headers (a real token of the same length) and body as the app gets.
    const requests = (list: string[]) => list.map((id, i) => submitRequest({ assignmentId: id, token: tokens[i % tokens.length] }));
    const serverCpu = async () => (await server.ask<Extract<BareReply, { kind: 'cpu' }>>({ kind: 'cpu' })).usage;
    await setupLoad(load, base, requests(warmup), 'bare warm-up');
    const closedRun = await measure(serverCpu, () => load.ask({ kind: 'closed', base, requests: requests(closed), concurrency: CONCURRENCY }));
    const openRun = await measure(serverCpu, () => load.ask({ kind: 'open', base, requests: requests(open), rate: OPEN_RATE, concurrency: CONCURRENCY }));
    const plain = await server.ask<Extract<BareReply, { kind: 'direct' }>>({ kind: 'direct', ids: direct, concurrency: CONCURRENCY });
    return { closed: closedRun, open: openRun, plainDriver: plain.perSecond };
  } finally {
    server.stop();
  }
}

/** (c) Plain BEGIN; INSERT; UPDATE; COMMIT through the app's Db: same driver, pool size and durability settings. */
async function raw(schema: string | null, dir: string): Promise<number> {
  const config = benchConfig(schema, dir, { SQLITE_PATH: join(dir, 'raw.sqlite') });
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
      for (let id = ids[k++]; id; id = ids[k++]) {
        await db.tx(async (sql) => {
          await sql.exec('INSERT INTO raw_log (id, counter_id, body) VALUES ($1, $2, $3)', [newId(), id, SUBMIT]);
          await sql.exec('UPDATE raw_counter SET n = n + 1 WHERE id = $1', [id]);
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await dataSource.destroy();
  return ASSIGNMENTS / seconds;
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
const pc = (v: number) => `${Math.round(v * 100)} %`.padStart(5);
const errors = (r: LoadResult) => String(r.sent - r.ok) + (r.sent === r.ok ? '' : ` ${JSON.stringify(r.errors)}`);

function cpuLine(run: Run): string {
  const seconds = run.load.seconds;
  return `CPU server ${pc(run.serverCpu / seconds)}  load gen ${pc(run.load.cpuSeconds / seconds)}  machine ${pc(run.machineBusy)}`;
}

function closedLine(name: string, run: Run): string {
  const r = run.load;
  return `  ${name.padEnd(8)} ${(r.ok / r.seconds).toFixed(0).padStart(6)} /s   p50 ${ms(r.p50)}  p99 ${ms(r.p99)}   errors ${errors(r)}   ${cpuLine(run)}`;
}

function openLine(name: string, run: Run): string {
  const r = run.load;
  return (
    `  ${name.padEnd(8)} ${(r.ok / r.seconds).toFixed(0).padStart(6)} /s   p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}   errors ${errors(r)}   ` +
    `send lag p99/max ${r.sendLag.p99.toFixed(1)}/${r.sendLag.max.toFixed(1)} ms   ${cpuLine(run)}`
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-rush-'));
  const load: Load = new Child(new URL('./rush-load.js', import.meta.url));
  try {
    await withSchema(async (schema) => {
      const app = await gongwen(load, schema, dir);
      const platform = await bare(load, schema, dir, app.tokens);
      const nest = await bare(load, schema, dir, app.tokens, 'nest');
      const rawRate = await raw(schema, dir);
      const label = url ? 'PostgreSQL' : 'SQLite (WAL)';
      const pool = poolSize(benchConfig(schema, dir));
      const closedRate = app.closed.load.ok / app.closed.load.seconds;
      const bareRate = platform.closed.load.ok / platform.closed.load.seconds;
      const nestRate = nest.closed.load.ok / nest.closed.load.seconds;
      console.log(`bench:rush on ${label}, ${cpus().length} cores. Load from a separate process (node:http, keep-alive, ≤ ${CONCURRENCY} sockets).`);
      console.log(`  gongwen  the app (createApp, in the bench's process): POST /api/assignments/:id/events {"type":"SUBMIT"}, auth, validation, audit`);
      console.log(
        `  bare     plain node:http server in its own process: same request, JSON.parse, INSERT + UPDATE in one transaction ` +
          `(${url ? `pg, pool ${pool}` : 'better-sqlite3, WAL, same pragmas'}), JSON answer`,
      );
      console.log(`  nest     the same transaction behind NestJS on express in its own process (app's body parser and prefix; no guard, pipe or app code)`);
      console.log(`  raw      INSERT + UPDATE transactions through the app's Db (TypeORM), no HTTP, ${CONCURRENCY} at a time`);
      console.log(
        `  CPU      server, load gen: share of one core over the run; machine: busy share of all ${cpus().length} cores, any process (database included)`,
      );
      console.log(`closed loop: ${CONCURRENCY} clients, ${ASSIGNMENTS} submissions, each sent when the client's previous one has answered`);
      console.log(`${closedLine('gongwen', app.closed)}   (${app.frozen.closed} versions frozen)`);
      console.log(closedLine('bare', platform.closed));
      console.log(closedLine('nest', nest.closed));
      console.log(`  raw      ${rawRate.toFixed(0).padStart(6)} tx/s`);
      console.log(`  (bare's transaction called in its own process, no HTTP, no TypeORM: ${platform.plainDriver.toFixed(0)} tx/s)`);
      console.log(
        `open loop: offered ${OPEN_RATE}/s for ${OPEN_SECONDS} s (${OPEN_COUNT} submissions) on schedule; latency from the scheduled send; rate achieved`,
      );
      console.log(`${openLine('gongwen', app.open)}   (${app.frozen.open} versions frozen)`);
      console.log(openLine('bare', platform.open));
      console.log(openLine('nest', nest.open));
      const server = (run: Run) => (run.serverCpu / run.load.ok) * 1000;
      console.log(
        `server CPU per submission: gongwen ${server(app.closed).toFixed(2)} ms, nest ${server(nest.closed).toFixed(2)} ms, bare ${server(platform.closed).toFixed(2)} ms`,
      );
      console.log(
        `nest floor: ${Math.round((nestRate / bareRate) * 100)} % of bare; gongwen: ${Math.round((closedRate / nestRate) * 100)} % of the nest floor`,
      );
      console.log(`ratio to bare: ${Math.round((closedRate / bareRate) * 100)} %`);
      console.log(`ratio to raw: ${Math.round((closedRate / rawRate) * 100)} %`);
    });
  } finally {
    load.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
