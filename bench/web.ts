/**
 * bench:web — the web app's budgets (issue 9), measured in headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core) against the real server
 * on a fresh database (SQLite, or PostgreSQL with DATABASE_URL). Prints
 * figures; asserts nothing.
 *
 * - Initial JavaScript ≤ 400 KB gzip: what index.html loads (web/scripts/
 *   measure-initial-js.mjs), and what the browser really downloads for 登录
 *   and, after signing in, for 工作台 (the figure is each file gzipped; the
 *   server sends the build's brotli copies, and that size is printed too).
 * - The 待办 of a reviewer given 1,000 submitted tables, and the staff's board
 *   of a 1,000-assignment campaign, rendered ≤ 1 s after the data arrives: from
 *   the API response's responseEnd (Resource Timing) to the frame in which the
 *   rows are painted (see support/web-probe.ts), both read from the page's
 *   clock. Lists page on the server: the figure is for the page the screen
 *   shows. Each is loaded RUNS times; the median and the worst are printed.
 * - A form of 10 goals stays responsive (input latency ≤ 50 ms): a center
 *   leading all ten 2022 goals types into fields of several goals; each
 *   keydown's time to the next paint (p50/p99/max), and the Event Timing API's
 *   interactions of 16 ms or more.
 */
import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { createApp } from '../src/bootstrap.js';
import { ManualClock } from '../src/common/clock.js';
import { PROJECT_ROOT } from '../src/common/project-paths.js';
import { Db } from '../src/database/db.js';
import { WEB_APP_DIR } from '../src/web/web-app.js';
import { openBrowser, signIn } from '../test/support/web-browser.js';
import { hashPassword } from '../src/identity/password.js';
import { apiClient, issue, seedCenters } from './support/bench-campaign.js';
import { BENCH_PASSWORD, benchConfig, benchPasswordOf, benchDatabaseUrl, benchTable, withSchema } from './support/bench-env.js';
import { issueCampaigns } from './support/rush-campaign.js';
import { Child, type LoadCommand, type LoadRequest, type LoadResult } from './support/rush-protocol.js';
import { PROBE, canvasPainted, percentile, resourcesMatching, rowsPainted, type Frame, type ResourceTiming } from './support/web-probe.js';

const ASSIGNMENTS = 1000;
const RUNS = Number(process.env.WEB_RUNS ?? 5);
const CLIENTS = 20;
const JS_BUDGET_KB = 400;
const RENDER_BUDGET_MS = 1000;
const INPUT_BUDGET_MS = 50;
const FORM_CENTER = 'bench-0';
const PARTS = (process.env.WEB_PARTS ?? 'board,inbox,form').split(',');
const GOALS = Array.from({ length: 10 }, (_, i) => `2022-${String(i + 1).padStart(2, '0')}`);

type Load = Child<LoadCommand, LoadResult>;

interface Row {
  figure: string;
  value: string;
  budget: string;
  met: boolean | null;
}
const rows: Row[] = [];
const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : `${v.toFixed(0)} ms`);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** One campaign of 1,000 centers, each signed for and submitted, all given to the reviewer: the board's notice. */
async function seedLists(load: Load, base: string, app: INestApplication): Promise<string> {
  const db = app.get(Db);
  const [campaign] = await issueCampaigns(app, base, BENCH_PASSWORD, [ASSIGNMENTS]);
  const send = async (what: string, requests: LoadRequest[]) => {
    const result = await load.ask<LoadResult>({ kind: 'closed', base, requests, concurrency: CLIENTS });
    if (result.ok !== requests.length) throw new Error(`${what}: only ${result.ok}/${requests.length} answered 200: ${JSON.stringify(result.errors)}`);
  };
  const events = (body: string) =>
    campaign.submitters.map((s): LoadRequest => ({ method: 'POST', path: `/assignments/${s.assignmentId}/events`, token: s.token, body }));
  await send('ACKNOWLEDGE', events('{"type":"ACKNOWLEDGE"}'));
  await send('SUBMIT', events(JSON.stringify({ type: 'SUBMIT', table: benchTable })));
  const staffToken = await tokenOf(base, 'staff');
  const reviewer = await db.read((sql) => sql.one<{ id: string }>('SELECT id FROM users WHERE username = $1', ['reviewer']));
  const reviewerIds = JSON.stringify({ reviewerIds: [reviewer!.id] });
  await send(
    'reviewers',
    campaign.submitters.map((s): LoadRequest => ({ method: 'PUT', path: `/assignments/${s.assignmentId}/reviewers`, token: staffToken, body: reviewerIds })),
  );
  return campaign.noticeId;
}

async function tokenOf(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: benchPasswordOf(username) }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A center (bench-0, seeded if the lists were not) leading all ten goals of a notice of its own, signed for: its assignment. */
async function seedForm(base: string, app: INestApplication): Promise<string> {
  const db = app.get(Db);
  let center = await db.read((sql) => sql.one<{ id: string }>('SELECT id FROM organisations WHERE code = $1', [FORM_CENTER]));
  center ??= (await seedCenters(db, 1, await hashPassword(BENCH_PASSWORD)))[0];
  const call = apiClient(base, BENCH_PASSWORD);
  const notice = (await call('staff', 'POST', '/notices', {
    title: '压测：十个目标的策略表',
    recipients: ['各市级医疗质量控制中心'],
    body: '压测',
    deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    mailbox: 'zhikong@wsjkw.tianjin.example',
    campaignYear: 2022,
  })) as { id: string };
  await call('staff', 'PUT', `/notices/${notice.id}/assignments`, [{ organisationId: center.id, goalCodes: GOALS, role: 'lead' }]);
  await issue(call, notice.id);
  const form = await db.read((sql) => sql.one<{ id: string }>('SELECT id FROM assignments WHERE notice_id = $1', [notice.id]));
  await call(FORM_CENTER, 'POST', `/assignments/${form!.id}/events`, { type: 'ACKNOWLEDGE' });
  return form!.id;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread's work in a trace: wall and CPU (thread) time of its tasks, and of style, layout, paint and script within them. */
function mainThreadWork(events: TraceEvent[]): string {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return 'no renderer main thread in the trace';
  const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const total = (name: string, key: 'dur' | 'tdur') => on.filter((e) => e.name === name).reduce((n, e) => n + (e[key] ?? 0), 0) / 1000;
  const part = (label: string, name: string) => `${label} ${total(name, 'tdur').toFixed(0)} ms`;
  return (
    `tasks ${total('RunTask', 'dur').toFixed(0)} ms wall, ${total('RunTask', 'tdur').toFixed(0)} ms CPU; of which ` +
    [part('style', 'UpdateLayoutTree'), part('layout', 'Layout'), part('paint', 'Paint'), part('script', 'FunctionCall'), part('events', 'EventDispatch')].join(
      ', ',
    )
  );
}

/**
 * With WEB_PROFILE=dir: a CPU profile of the page while `work` runs (dir/name.cpuprofile, for the
 * Performance panel) with its top functions by self time, and a trace's main-thread CPU time (thread time,
 * which the machine's other work does not inflate) split into style, layout, paint and script.
 */
async function profiled<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.WEB_PROFILE;
  if (!dir) return work();
  const cdp = await page.context().newCDPSession(page);
  const trace: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => trace.push(...(value as unknown as TraceEvent[])));
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  await cdp.detach();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  const ids = profile.samples ?? [];
  (profile.timeDeltas ?? []).forEach((d, i) => dt.set(ids[i], (dt.get(ids[i]) ?? 0) + d));
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0) / 1000);
  }
  console.log(`    profile ${name} (${join(dir, `${name}.cpuprofile`)}): ${mainThreadWork(trace)}; by self time (wall clock samples):`);
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`      ${t.toFixed(0).padStart(6)} ms  ${key}`);
  return result;
}

/** index.html's own scripts, as web/scripts/measure-initial-js.mjs counts them. */
function initialJs(): number {
  const out = execFileSync(process.execPath, [join(PROJECT_ROOT, 'web', 'scripts', 'measure-initial-js.mjs')], { encoding: 'utf8' });
  for (const line of out.trimEnd().split('\n')) console.log(`    ${line.trim()}`);
  const m = /initial JavaScript: ([\d.]+) KB/.exec(out);
  if (!m) throw new Error(`measure-initial-js.mjs printed no figure:\n${out}`);
  return Number(m[1]) * 1024;
}

interface Download {
  url: string;
  bytes: number;
  encoding: string;
  gzip: number;
}

/**
 * Every script the page downloads (each once: a reload reads them from the cache): its size as sent (the
 * server sends the build's brotli copy to Chromium) and gzipped, from the built file the server sent.
 */
function recordScripts(page: Page): Download[] {
  const seen: Download[] = [];
  page.on('response', (res) => {
    const { pathname } = new URL(res.url());
    if (!/\.m?js$/.test(pathname) || seen.some((d) => d.url === pathname)) return;
    const body = readFileSync(join(WEB_APP_DIR, pathname));
    const headers = res.headers();
    seen.push({
      url: pathname,
      bytes: Number(headers['content-length'] ?? body.length),
      encoding: headers['content-encoding'] ?? 'identity',
      gzip: gzipSync(body).length,
    });
  });
  return seen;
}

const sum = (list: Download[], key: 'bytes' | 'gzip') => list.reduce((n, d) => n + d[key], 0);
const encodings = (list: Download[]) => [...new Set(list.map((d) => d.encoding))].join(', ');

async function watchNext(page: Page, watch: { rows?: string; canvas?: boolean }): Promise<void> {
  await page.evaluate(`sessionStorage.setItem('bench:watch', ${JSON.stringify(JSON.stringify(watch))})`);
}

const framesOf = (page: Page) => page.evaluate<Frame[]>('window.__bench.frames');
const resources = (page: Page, part: string) => page.evaluate<ResourceTiming[]>(resourcesMatching(part));

async function framesUntil(page: Page, done: string): Promise<Frame[]> {
  await page.waitForFunction(done, undefined, { timeout: 60_000, polling: 100 });
  await page.waitForTimeout(100); // the frame after: the one that tells the rows were painted
  return framesOf(page);
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function judge(figure: string, values: number[], budget: number, unit = 'ms', extra = ''): void {
  const worst = Math.max(...values);
  rows.push({
    figure,
    value: `median ${median(values).toFixed(0)} ${unit}, worst ${worst.toFixed(0)} ${unit}${extra}`,
    budget: `≤ ${budget} ${unit}`,
    met: worst <= budget,
  });
}

async function measureInbox(page: Page, url: string): Promise<void> {
  const PAGE_SIZE = 20; // InboxPage's pageSize
  const selector = '.inbox .el-table__body tr.el-table__row';
  const figures: number[] = [];
  const api: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await watchNext(page, { rows: selector });
    await page.goto(`${url}/inbox`);
    const frames = await framesUntil(page, `window.__bench.frames.some((f) => f.rows >= ${PAGE_SIZE})`);
    const [inbox] = (await resources(page, '/api/inbox')).slice(-1);
    const painted = rowsPainted(frames, PAGE_SIZE)!;
    figures.push(painted - inbox.responseEnd);
    api.push(inbox.responseEnd - inbox.startTime);
  }
  const total = await page.locator('.el-pagination__total').textContent();
  console.log(
    `  待办 of the reviewer (${total?.trim()}; page of ${PAGE_SIZE}): response → rows painted ${figures.map((v) => v.toFixed(0)).join(', ')} ms; ` +
      `the API answered in ${api.map((v) => v.toFixed(0)).join(', ')} ms`,
  );
  judge(`待办, 1,000 items (page of ${PAGE_SIZE}): response → painted`, figures, RENDER_BUDGET_MS);
}

async function measureBoard(page: Page, url: string, noticeId: string): Promise<void> {
  const MATRIX_PAGE = 50; // NoticeBoardPage's PAGE_SIZE; the chart reads all centers, 500 a request
  const matrix: number[] = [];
  const chartFirst: number[] = [];
  const chartSettled: number[] = [];
  const whole: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await watchNext(page, { rows: '.matrix .el-table__body tr.el-table__row', canvas: true });
    await page.goto(`${url}/notices/${noticeId}/board`);
    await page.waitForFunction(`window.__bench.frames.some((f) => f.rows >= ${MATRIX_PAGE})`, undefined, { timeout: 60_000, polling: 100 });
    // The chart's two requests of 500, then its drawing and ECharts' animation (1 s by default).
    await page.waitForFunction(`performance.getEntriesByType('resource').filter((e) => e.name.includes('pageSize=500')).length >= 2`, undefined, {
      timeout: 60_000,
      polling: 100,
    });
    await page.waitForTimeout(2500);
    const frames = await framesOf(page);
    const head = (await resources(page, `/api/notices/${noticeId}`)).filter(
      (r) => !r.name.includes('/progress') || new RegExp(`pageSize=${MATRIX_PAGE}(&|$)`).test(r.name),
    );
    const chart = await resources(page, 'pageSize=500');
    const matrixData = Math.max(...head.map((r) => r.responseEnd));
    const chartData = Math.max(...chart.map((r) => r.responseEnd));
    matrix.push(rowsPainted(frames, MATRIX_PAGE)! - matrixData);
    const drawn = canvasPainted(frames, chartData);
    chartFirst.push((drawn.first ?? NaN) - chartData);
    chartSettled.push((drawn.settled ?? NaN) - chartData);
    whole.push((drawn.settled ?? NaN) - Math.min(...head.map((r) => r.startTime)));
  }
  const summary = await page.locator('.summary').first().textContent();
  console.log(`  board (${summary?.replace(/\s+/g, ' ').trim()}):`);
  console.log(`    matrix, page of ${MATRIX_PAGE}: notice + progress → rows painted ${matrix.map((v) => v.toFixed(0)).join(', ')} ms`);
  console.log(`    chart of 1,000 submissions (2 requests of 500): last response → drawn ${chartFirst.map((v) => v.toFixed(0)).join(', ')} ms`);
  console.log(`      … → drawing settled (ECharts animates the line) ${chartSettled.map((v) => v.toFixed(0)).join(', ')} ms`);
  console.log(`    first request → everything settled ${whole.map((v) => v.toFixed(0)).join(', ')} ms`);
  judge(`board matrix, 1,000 assignments (page of ${MATRIX_PAGE})`, matrix, RENDER_BUDGET_MS);
  judge('board chart, 1,000 submissions: first drawn', chartFirst, RENDER_BUDGET_MS);
  rows.push({
    figure: 'board chart: animation settled',
    value: `median ${median(chartSettled).toFixed(0)} ms, worst ${Math.max(...chartSettled).toFixed(0)} ms`,
    budget: '(shown)',
    met: null,
  });
}

async function measureForm(page: Page, url: string, assignmentId: string): Promise<void> {
  await watchNext(page, {});
  await page.goto(`${url}/assignments/${assignmentId}`);
  await page.locator('#f-goals-9-baseline-value').waitFor({ timeout: 60_000 });
  const goals = await page.locator('.strategy-table .section-head').count();
  // Four fields in each of the ten goals (two autosizing text areas, two inputs), then the contact.
  const fields: [string, string][] = [];
  for (let i = 0; i < 10; i++) {
    fields.push([`#f-goals-${i}-baseline-value`, `62.${i}% in 2021`]);
    fields.push([`#f-goals-${i}-indicators-0-name`, `rate ${i}`]);
    fields.push([`#f-goals-${i}-measures-0-responsible`, `Zhang ${i}`]);
    fields.push([`#f-goals-${i}-target-value`, `>= 7${i}%`]);
  }
  fields.push(['#f-contact-phone', '022-23456789']);
  const byKind = new Map<string, number[]>();
  const keysSoFar = () => page.evaluate<number[]>('window.__bench.keys');
  for (const [selector, text] of fields) {
    const field = page.locator(selector);
    await field.scrollIntoViewIfNeeded();
    await field.click();
    const before = (await keysSoFar()).length;
    await field.pressSequentially(text, { delay: 40 });
    await page.waitForTimeout(100);
    const kind = await field.evaluate((el) => el.tagName.toLowerCase());
    byKind.set(kind, [...(byKind.get(kind) ?? []), ...(await keysSoFar()).slice(before)]);
  }
  await page.waitForTimeout(500);
  const keys = await keysSoFar();
  const events = await page.evaluate<{ id: number; name: string; duration: number; processing: number }[]>('window.__bench.events');
  const interactions = await page.evaluate<number>('performance.interactionCount ?? 0');
  const slow = new Map<number, number>();
  for (const e of events) slow.set(e.id, Math.max(slow.get(e.id) ?? 0, e.duration));
  const slowest = Math.max(0, ...slow.values());
  console.log(
    `  form of ${goals} goals, ${keys.length} keystrokes in ${fields.length} fields: keydown → next paint p50 ${ms(percentile(keys, 50))}, ` +
      `p99 ${ms(percentile(keys, 99))}, max ${ms(Math.max(...keys))}`,
  );
  for (const [kind, list] of byKind) {
    console.log(`    in <${kind}> fields: ${list.length} keys, p50 ${ms(percentile(list, 50))}, p99 ${ms(percentile(list, 99))}, max ${ms(Math.max(...list))}`);
  }
  console.log(
    `    Event Timing: ${slow.size} of ${interactions} interactions took 16 ms or more` +
      (slow.size ? `, the slowest ${slowest.toFixed(0)} ms (${[...slow.values()].filter((d) => d > INPUT_BUDGET_MS).length} over ${INPUT_BUDGET_MS} ms)` : ''),
  );
  rows.push({
    figure: `form of ${goals} goals: input latency (${keys.length} keys)`,
    value: `p50 ${ms(percentile(keys, 50))}, p99 ${ms(percentile(keys, 99))}, max ${ms(Math.max(...keys))}`,
    budget: `p99 ≤ ${INPUT_BUDGET_MS} ms`,
    met: percentile(keys, 99) <= INPUT_BUDGET_MS,
  });
}

function printTable(): void {
  const w = Math.max(...rows.map((r) => r.figure.length));
  const v = Math.max(...rows.map((r) => r.value.length));
  console.log('');
  for (const r of rows) console.log(`  ${r.figure.padEnd(w)}  ${r.value.padEnd(v)}  ${r.budget.padEnd(13)} ${r.met === null ? '' : r.met ? 'met' : 'NOT MET'}`);
}

async function run(load: Load, schema: string | null, dir: string): Promise<void> {
  const app = await createApp({ config: benchConfig(schema, dir), clock: new ManualClock(new Date()), logger: false });
  const browser = await openBrowser();
  try {
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    console.log(
      `bench:web on ${benchDatabaseUrl ? 'PostgreSQL' : 'SQLite (WAL)'}, headless Chromium at 1366×768; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );

    console.log('  initial JavaScript (index.html):');
    const initial = initialJs();
    rows.push({ figure: 'initial JavaScript (index.html), gzip', value: kb(initial), budget: `≤ ${JS_BUDGET_KB} KB`, met: initial <= JS_BUDGET_KB * 1024 });

    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript({ content: PROBE });
    const scripts = recordScripts(page);
    await page.goto(`${url}/login`, { waitUntil: 'networkidle' });
    const login = [...scripts];
    await signIn(page, { url }, 'staff', benchPasswordOf('staff'));
    await page.waitForURL(`${url}/`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('heading', { name: '工作台' }).first().waitFor();
    const dashboard = [...scripts];
    console.log(
      `  downloaded by the browser: 登录 ${login.length} scripts, ${kb(sum(login, 'bytes'))} as sent (${encodings(login)}), ${kb(sum(login, 'gzip'))} gzip; ` +
        `工作台 after signing in, in all ${dashboard.length} scripts, ${kb(sum(dashboard, 'bytes'))} as sent (${encodings(dashboard)}), ${kb(sum(dashboard, 'gzip'))} gzip`,
    );
    rows.push({
      figure: 'JavaScript downloaded for 登录, gzip',
      value: kb(sum(login, 'gzip')),
      budget: `≤ ${JS_BUDGET_KB} KB`,
      met: sum(login, 'gzip') <= JS_BUDGET_KB * 1024,
    });
    rows.push({
      figure: 'JavaScript downloaded through 工作台, gzip',
      value: kb(sum(dashboard, 'gzip')),
      budget: `≤ ${JS_BUDGET_KB} KB`,
      met: sum(dashboard, 'gzip') <= JS_BUDGET_KB * 1024,
    });

    const base = `${url}/api`;
    if (PARTS.includes('board') || PARTS.includes('inbox')) {
      const started = performance.now();
      const noticeId = await seedLists(load, base, app);
      console.log(
        `  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${ASSIGNMENTS} centers signed for and submitted, all given to the reviewer`,
      );
      if (PARTS.includes('board')) await profiled(page, 'board', () => measureBoard(page, url, noticeId));
      if (PARTS.includes('inbox')) {
        await signIn(page, { url }, 'reviewer', benchPasswordOf('reviewer'));
        await page.waitForURL(`${url}/`);
        await profiled(page, 'inbox', () => measureInbox(page, url));
      }
    }
    if (PARTS.includes('form')) {
      const assignmentId = await seedForm(base, app);
      await signIn(page, { url }, FORM_CENTER, benchPasswordOf(FORM_CENTER));
      await page.waitForURL(`${url}/`);
      await profiled(page, 'form', () => measureForm(page, url, assignmentId));
    }

    printTable();
    console.log(
      `  (${RUNS} loads each for the lists; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores: other work on the machine shows in the worst figures)`,
    );
  } finally {
    await browser.close();
    await app.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-web-'));
  const load: Load = new Child(new URL('./rush-load.js', import.meta.url));
  try {
    await withSchema((schema) => run(load, schema, dir));
  } finally {
    load.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
