/**
 * `npm run demo`: replays the spring-2022 reference campaign on a throwaway
 * database, with a simulated clock in April 2022, over the real HTTP API, and
 * prints the timeline (who did what, when, in Beijing time).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';
import { ManualClock } from './common/clock.js';
import { formatLocal } from './common/beijing-time.js';
import { templatePath } from './common/project-paths.js';
import { DeadlineScheduler } from './scheduler/deadline-scheduler.service.js';
import { Db } from './database/db.js';
import { OutboxRelay } from './mail/outbox-relay.service.js';
import { demoPasswordOf } from './seed/demo-passwords.js';

const PASSWORD = 'demo-password-throwaway';
const dir = mkdtempSync(join(tmpdir(), 'gongwen-demo-'));
const clock = new ManualClock('2022-04-15T09:00:00+08:00');

interface Res {
  status: number;
  body: Record<string, unknown> & { code?: string; detail?: string };
}

interface Center {
  code: string;
  name: string;
  kind: string;
}

interface Assignment {
  id: string;
  goals: { code: string }[];
}

interface AuditRow {
  at: string;
  actorId: string | null;
  entity: string;
  entityId: string;
  event: string;
  from: string | null;
  to: string | null;
}

/** The running app and the means to act on it as the campaign's users. */
interface Replay {
  app: INestApplication;
  /** calls the API as `user`, logging in on the first call */
  call(user: string, method: string, path: string, body?: unknown): Promise<Res>;
  /** moves the simulated clock to a Beijing time, firing each timer (催办, deadline) at its own due instant on the way */
  at(beijing: string): Promise<void>;
  /** the username of each user id that logged in */
  names: Map<string, string>;
}

function must(res: Res, what: string): Res['body'] {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function startApp(): Promise<Replay> {
  // The scheduler and the relay are driven step by step with the simulated clock, not by their own loops.
  const config = loadConfig({
    DATA_DIR: dir,
    DEMO_PASSWORD: PASSWORD,
    AUTH_SECRET: 'demo-secret-demo-secret-demo-secret-000',
    SCHEDULER_POLL_MS: '0',
    OUTBOX_POLL_MS: '0',
  });
  const app = await createApp({ config, clock, logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `${await app.getUrl()}/api`;
  const names = new Map<string, string>();
  return { app, call: apiCaller(base, names), at: clockMover(app), names };
}

function apiCaller(base: string, names: Map<string, string>): Replay['call'] {
  const tokens = new Map<string, string>();
  return async (user, method, path, body) => {
    let token = tokens.get(user);
    if (!token) {
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: demoPasswordOf(PASSWORD, user) }),
      });
      const json = (await login.json()) as { accessToken: string; user: { id: string; displayName: string; organisation: { name: string } } };
      token = json.accessToken;
      tokens.set(user, token);
      names.set(json.user.id, `${user}`);
    }
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Res['body'] };
  };
}

function clockMover(app: INestApplication): Replay['at'] {
  const scheduler = app.get(DeadlineScheduler);
  const db = app.get(Db);
  return async (beijing) => {
    const target = new Date(`${beijing}+08:00`).getTime();
    for (;;) {
      const next = await db.read((sql) => sql.one<{ due_at: string }>(`SELECT due_at FROM timers WHERE status = 'pending' ORDER BY due_at LIMIT 1`));
      if (!next || Date.parse(next.due_at) > target) break;
      clock.set(next.due_at);
      await scheduler.runDue();
    }
    clock.set(new Date(target));
  };
}

async function noticeEvent(r: Replay, noticeId: string, user: string, when: string, type: string, comment?: string): Promise<Res['body']> {
  await r.at(when);
  return must(await r.call(user, 'POST', `/notices/${noticeId}/events`, { type, comment }), type);
}

/** The notice is drafted, returned once by the leader, checked, signed and issued; gives the issued notice. */
async function draftAndIssueNotice(r: Replay, noticeId: string): Promise<Res['body']> {
  await noticeEvent(r, noticeId, 'staff', '2022-04-15T09:30:00', 'SUBMIT_FOR_CHECK');
  await noticeEvent(r, noticeId, 'leader', '2022-04-15T11:00:00', 'RETURN', '请在正文中写明报送截止时间');
  await noticeEvent(r, noticeId, 'staff', '2022-04-15T14:00:00', 'SUBMIT_FOR_CHECK');
  await noticeEvent(r, noticeId, 'leader', '2022-04-15T15:00:00', 'APPROVE_CHECK');
  await noticeEvent(r, noticeId, 'leader', '2022-04-15T16:30:00', 'SIGN');
  return noticeEvent(r, noticeId, 'staff', '2022-04-18T09:00:00', 'ISSUE');
}

function loadCenters(): Center[] {
  const reference = JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as { organisations: Center[] };
  return reference.organisations.filter((o) => o.kind === 'center');
}

/** Each center acknowledges its task over 18–20 April; gives the task of each center. */
async function acknowledgeAssignments(r: Replay, centers: Center[]): Promise<Map<string, Assignment>> {
  const assignment = new Map<string, Assignment>();
  for (const [i, c] of centers.entries()) {
    const [a] = (await r.call(`center-${c.code}`, 'GET', '/assignments')).body as unknown as Assignment[];
    assignment.set(c.code, a);
    await r.at(`2022-04-${String(18 + (i % 3)).padStart(2, '0')}T${String(10 + (i % 7)).padStart(2, '0')}:15:00`);
    must(await r.call(`center-${c.code}`, 'POST', `/assignments/${a.id}/events`, { type: 'ACKNOWLEDGE' }), 'ACKNOWLEDGE');
  }
  return assignment;
}

function strategyTable(center: Center, assignment: Assignment) {
  return {
    goals: assignment.goals.map((g) => ({
      goalCode: g.code,
      leadCenter: center.name,
      partnerUnits: [],
      baseline: { value: '2021年全市基线见附表', dataSource: '国家医疗质量管理与控制信息网' },
      target: { value: '较基线提高10%', date: '2022-12-31' },
      coreStrategies: ['完善质控指标体系', '开展培训与督导'],
      measures: [{ measure: '每季度质控培训', milestone: '2022-06-30', responsible: '中心主任' }],
      indicators: [{ name: '目标指标达成率' }],
    })),
    contact: { name: '联络员', phone: '022-23333333' },
  };
}

/** Every center but neurology saves and submits its table in time, the last one a millisecond before the deadline. */
async function submitOnTime(r: Replay, centers: Center[], assignment: Map<string, Assignment>): Promise<void> {
  const submitters = centers.filter((c) => c.code !== 'qc-neuro');
  for (const [i, c] of submitters.entries()) {
    const a = assignment.get(c.code)!;
    const last = i === submitters.length - 1;
    await r.at(last ? '2022-04-29T08:59:59.999' : `2022-04-${String(22 + (i % 6)).padStart(2, '0')}T${String(9 + (i % 8)).padStart(2, '0')}:40:00`);
    must(await r.call(`center-${c.code}`, 'PUT', `/assignments/${a.id}/draft`, { table: strategyTable(c, a) }), 'SAVE_DRAFT');
    must(await r.call(`center-${c.code}`, 'POST', `/assignments/${a.id}/events`, { type: 'SUBMIT' }), 'SUBMIT');
  }
}

/** Neurology submits at the deadline and is refused; the deadline is extended and it submits then. Gives the refusal line. */
async function submitLateAfterExtension(r: Replay, centers: Center[], assignment: Map<string, Assignment>): Promise<string> {
  const neuro = assignment.get('qc-neuro')!;
  await r.call('center-qc-neuro', 'PUT', `/assignments/${neuro.id}/draft`, {
    table: strategyTable(
      centers.find((x) => x.code === 'qc-neuro')!,
      neuro,
    ),
  });
  await r.at('2022-04-29T09:00:00');
  const late = await r.call('center-qc-neuro', 'POST', `/assignments/${neuro.id}/events`, { type: 'SUBMIT' });
  const refusal = `${formatLocal(clock.now())}  center-qc-neuro 提交被拒：${late.body.code} — ${late.body.detail}`;
  await r.at('2022-04-29T10:00:00');
  must(
    await r.call('staff', 'POST', `/assignments/${neuro.id}/events`, {
      type: 'EXTEND_DEADLINE',
      until: '2022-05-06T09:00:00+08:00',
      reason: '中心负责人支援抗疫，同意延期一周',
    }),
    'EXTEND',
  );
  await r.at('2022-05-05T16:20:00');
  must(await r.call('center-qc-neuro', 'POST', `/assignments/${neuro.id}/events`, { type: 'SUBMIT' }), 'SUBMIT late');
  return refusal;
}

/** The reviewer reviews and approves every table; cardiology's is returned once and resubmitted first. */
async function reviewTables(r: Replay, centers: Center[], assignment: Map<string, Assignment>): Promise<void> {
  const reviewerId = (await r.call('reviewer', 'GET', '/me')).body.id as string;
  for (const [i, c] of centers.entries()) {
    const a = assignment.get(c.code)!;
    await r.at(`2022-05-09T${String(9 + (i % 8)).padStart(2, '0')}:00:00`);
    must(await r.call('staff', 'PUT', `/assignments/${a.id}/reviewers`, { reviewerIds: [reviewerId] }), 'REVIEWERS');
    must(await r.call('reviewer', 'POST', `/assignments/${a.id}/events`, { type: 'START_REVIEW' }), 'START_REVIEW');
    if (c.code === 'qc-cardio') await returnAndResubmit(r, a);
    must(await r.call('reviewer', 'POST', `/assignments/${a.id}/events`, { type: 'APPROVE' }), 'APPROVE');
  }
}

/** Cardiology's table goes back for a data source, with a new deadline, and comes back under review. */
async function returnAndResubmit(r: Replay, a: Assignment): Promise<void> {
  must(await r.call('reviewer', 'POST', `/assignments/${a.id}/events`, { type: 'RETURN', reason: '目标值缺少依据，请补充基线数据来源' }), 'RETURN');
  await r.at('2022-05-09T17:00:00');
  must(
    await r.call('staff', 'POST', `/assignments/${a.id}/events`, { type: 'EXTEND_DEADLINE', until: '2022-05-13T17:00:00+08:00', reason: '退回修改' }),
    'EXTEND',
  );
  await r.at('2022-05-11T10:00:00');
  must(await r.call('center-qc-cardio', 'POST', `/assignments/${a.id}/events`, { type: 'SUBMIT' }), 'RESUBMIT');
  await r.at('2022-05-12T09:00:00');
  must(await r.call('reviewer', 'POST', `/assignments/${a.id}/events`, { type: 'START_REVIEW' }), 'START_REVIEW');
}

async function giveFeedback(r: Replay, centers: Center[], assignment: Map<string, Assignment>): Promise<void> {
  for (const c of centers) {
    await r.at('2022-05-16T10:00:00');
    must(
      await r.call('staff', 'POST', `/assignments/${assignment.get(c.code)!.id}/events`, {
        type: 'GIVE_FEEDBACK',
        feedback: '策略可行，请按季度报送监测数据。',
      }),
      'FEEDBACK',
    );
  }
}

/** The notice's audit trail as a timeline, the refusal, and the counts of tasks and mails. */
async function printTimeline(
  r: Replay,
  notice: { id: string; title: string },
  issued: Res['body'],
  assignment: Map<string, Assignment>,
  refusal: string,
  mailed: { sent: number; dead: number },
): Promise<void> {
  const trail = (await r.call('staff', 'GET', `/audit?entity=notice:${notice.id}`)).body as unknown as AuditRow[];
  const codeOf = new Map([...assignment].map(([code, a]) => [a.id, code]));
  console.log(`\n${notice.title}\n${issued.docNumber as string}  截止 ${issued.deadlineText as string}\n`);
  for (const row of trail) {
    if (row.event === 'SET_REVIEWERS' || row.event === 'SAVE_DRAFT') continue;
    const who = row.actorId ? (r.names.get(row.actorId) ?? row.actorId) : '系统';
    const what = row.entity === 'notice' ? '公文' : `任务 ${codeOf.get(row.entityId) ?? row.entityId}`;
    console.log(`${formatLocal(row.at)}  ${who.padEnd(22)} ${row.event.padEnd(16)} ${what.padEnd(22)} ${row.from ?? '—'} → ${row.to ?? '—'}`);
  }
  console.log(`\n${refusal}`);
  const progress = (await r.call('staff', 'GET', `/notices/${notice.id}/progress`)).body as { counts: Record<string, number>; centers: { late: boolean }[] };
  console.log(`\n办结：${progress.counts.closed} 个任务，其中逾期后经延期提交 ${progress.centers.filter((c) => c.late).length} 个。`);
  console.log(`邮件：${mailed.sent} 封写入邮件投递目录（默认无 SMTP 时每封一个 .eml 文件），${mailed.dead} 封无法投递。`);
}

async function main(): Promise<void> {
  const r = await startApp();
  const [notice] = (await r.call('staff', 'GET', '/notices')).body as unknown as { id: string; title: string }[];
  const issued = await draftAndIssueNotice(r, notice.id);
  const centers = loadCenters();
  const assignment = await acknowledgeAssignments(r, centers);
  await submitOnTime(r, centers, assignment);
  const refusal = await submitLateAfterExtension(r, centers, assignment);
  await reviewTables(r, centers, assignment);
  await giveFeedback(r, centers, assignment);
  await noticeEvent(r, notice.id, 'staff', '2022-05-20T17:00:00', 'CLOSE');
  const mailed = await r.app.get(OutboxRelay).drain();
  await printTimeline(r, notice, issued, assignment, refusal, mailed);
  await r.app.close();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
