/**
 * bench:scale — how cost grows with work. One notice issued to 10,000 centers
 * (each then submits a version), on a fresh database: how long issuing takes,
 * p50/p99 of the reads staff and centers make (progress, the staff's first page
 * of assignments, a center's list), and the bytes stored per assignment; then
 * the round is closed (办结) and the bytes per closed assignment are measured.
 * Reads come from a separate process, one at a time. Figures only, no assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap.js';
import { ManualClock } from '../src/common/clock.js';
import { Db } from '../src/database/db.js';
import { hashPassword } from '../src/identity/password.js';
import { SessionService } from '../src/identity/session.service.js';
import { apiClient, seedCenters, type Call } from './support/bench-campaign.js';
import { BENCH_PASSWORD, benchConfig, benchPasswordOf, benchDatabaseUrl, benchTable, withSchema } from './support/bench-env.js';
import { Child, type LoadCommand, type LoadRequest, type LoadResult } from './support/rush-protocol.js';

const CENTERS = Number(process.env.SCALE_ASSIGNMENTS ?? 10_000);
const READS = Number(process.env.SCALE_READS ?? 200);
const SUBMIT_CLIENTS = 20;

type Load = Child<LoadCommand, LoadResult>;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function run(load: Load, load2: Load, schema: string | null, dir: string): Promise<void> {
  // The business clock starts now and is moved past the deadline to close the round.
  const clock = new ManualClock(new Date());
  const app = await createApp({ config: benchConfig(schema, dir), clock, logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api`;
    const db = app.get(Db);
    const sessions = app.get(SessionService);
    const call: Call = apiClient(base, BENCH_PASSWORD);
    const centers = await seedCenters(db, CENTERS, await hashPassword(BENCH_PASSWORD));
    const deadline = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const notice = (await call('staff', 'POST', '/notices', {
      title: '压测：全国规模的策略表报送',
      recipients: ['各市级医疗质量控制中心'],
      body: '压测',
      deadline,
      mailbox: 'zhikong@wsjkw.tianjin.example',
      campaignYear: 2022,
    })) as { id: string };
    const [, divisionSeconds] = await timed(() =>
      call('staff', 'PUT', `/notices/${notice.id}/assignments`, [
        { organisationId: centers[0].id, goalCodes: ['2022-01'], role: 'lead' },
        ...centers.slice(1).map((c) => ({ organisationId: c.id, goalCodes: ['2022-01'], role: 'partner' })),
      ]),
    );
    await call('staff', 'POST', `/notices/${notice.id}/events`, { type: 'SUBMIT_FOR_CHECK' });
    await call('leader', 'POST', `/notices/${notice.id}/events`, { type: 'APPROVE_CHECK' });
    await call('leader', 'POST', `/notices/${notice.id}/events`, { type: 'SIGN' });
    const [, issueSeconds] = await timed(() => call('staff', 'POST', `/notices/${notice.id}/events`, { type: 'ISSUE' }));

    const rows = await db.read((sql) =>
      sql.many<{ id: string; organisation_id: string }>('SELECT id, organisation_id FROM assignments WHERE notice_id = $1', [notice.id]),
    );
    const byOrg = new Map(centers.map((c) => [c.id, c]));
    const tokens = new Map<string, string>();
    for (const r of rows) tokens.set(r.organisation_id, (await sessions.openForUser(byOrg.get(r.organisation_id)!.userId)).accessToken);
    const tokenOf = (orgId: string) => tokens.get(orgId)!;
    const acknowledge: LoadRequest[] = rows.map((r) => ({
      method: 'POST',
      path: `/assignments/${r.id}/events`,
      token: tokenOf(r.organisation_id),
      body: '{"type":"ACKNOWLEDGE"}',
    }));
    await load.ask<LoadResult>({ kind: 'closed', base, requests: acknowledge, concurrency: SUBMIT_CLIENTS });
    const submit: LoadRequest[] = rows.map((r) => ({
      method: 'POST',
      path: `/assignments/${r.id}/events`,
      token: tokenOf(r.organisation_id),
      body: JSON.stringify({ type: 'SUBMIT', table: benchTable }),
    }));
    const [submitted, submitSeconds] = await timed(() => load.ask<LoadResult>({ kind: 'closed', base, requests: submit, concurrency: SUBMIT_CLIENTS }));

    const staffToken = (
      (await (
        await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'staff', password: benchPasswordOf('staff') }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;
    const reads = async (path: (i: number) => string, token: (i: number) => string): Promise<LoadResult> => {
      const requests = Array.from({ length: READS }, (_, i): LoadRequest => ({ method: 'GET', path: path(i), token: token(i), body: '' }));
      await load2.ask<LoadResult>({ kind: 'closed', base, requests: requests.slice(0, 20), concurrency: 1 }); // warm-up
      return load2.ask<LoadResult>({ kind: 'closed', base, requests, concurrency: 1 });
    };
    const progress = await reads(
      () => `/notices/${notice.id}/progress`,
      () => staffToken,
    );
    const staffList = await reads(
      () => `/assignments?noticeId=${notice.id}&page=1&pageSize=50`,
      () => staffToken,
    );
    const centerList = await reads(
      () => '/assignments',
      (i) => submit[(i * 37) % submit.length].token,
    );
    // PostgreSQL plans by its statistics, which autovacuum refreshes a little after bulk writes: measure after it too.
    let settled: LoadResult[] = [];
    if (benchDatabaseUrl) {
      await db.read((sql) => sql.exec('VACUUM ANALYZE'));
      settled = [
        await reads(
          () => `/notices/${notice.id}/progress`,
          () => staffToken,
        ),
        await reads(
          () => `/assignments?noticeId=${notice.id}&page=1&pageSize=50`,
          () => staffToken,
        ),
      ];
    }
    const open = await bytesPerAssignment(db, notice.id);

    // 办结 after the deadline, with a reason: every assignment is closed in one transaction.
    clock.set(new Date(Date.parse(deadline) + 60_000));
    const [, closeSeconds] = await timed(() => call('staff', 'POST', `/notices/${notice.id}/events`, { type: 'CLOSE', comment: '压测办结' }));
    const closed = await bytesPerAssignment(db, notice.id);

    const line = (name: string, r: LoadResult) =>
      `  ${name.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.ok}/${r.sent} answered 200)`;
    const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
    console.log(`bench:scale on ${benchDatabaseUrl ? 'PostgreSQL' : 'SQLite (WAL)'}: one notice, ${rows.length} assignments`);
    console.log(`  division (附件2) of ${CENTERS} units saved in ${divisionSeconds.toFixed(2)} s`);
    console.log(`  ISSUE (numbering, ${rows.length} assignments, their timers, audit rows and mails, one transaction): ${issueSeconds.toFixed(2)} s`);
    console.log(`  ${submitted.ok} submissions (${SUBMIT_CLIENTS} clients) in ${submitSeconds.toFixed(1)} s; errors ${JSON.stringify(submitted.errors)}`);
    console.log(`reads, ${READS} each, one at a time from a separate process:`);
    console.log(line('GET progress (counts + first page)', progress));
    console.log(line("staff's assignments, first page", staffList));
    console.log(line("a center's assignments", centerList));
    if (settled.length) {
      console.log('the same on PostgreSQL after VACUUM ANALYZE (what autovacuum does shortly after bulk writes):');
      console.log(line('GET progress (counts + first page)', settled[0]));
      console.log(line("staff's assignments, first page", settled[1]));
    }
    console.log(`stored per assignment (mean), submitted:  state ${kb(open.state)}  history ${kb(open.history)}  versions ${kb(open.versions)}`);
    console.log(`  办结 of ${rows.length} assignments in one transaction: ${closeSeconds.toFixed(2)} s`);
    console.log(`stored per assignment (mean), closed:     state ${kb(closed.state)}  history ${kb(closed.history)}  versions ${kb(closed.versions)}`);
  } finally {
    await app.close();
  }
}

/**
 * Mean bytes per assignment: state (its row: snapshot, goals, draft and the
 * rest), history (its audit rows, timers and reminders), versions (frozen tables).
 */
async function bytesPerAssignment(db: Db, noticeId: string): Promise<{ state: number; history: number; versions: number }> {
  const one = async (text: string) => Number((await db.read((sql) => sql.one<{ n: string | number | null }>(text, [noticeId])))?.n ?? 0);
  const count = await one('SELECT COUNT(*) AS n FROM assignments WHERE notice_id = $1');
  const state = await one(
    `SELECT SUM(LENGTH(id) + LENGTH(notice_id) + LENGTH(organisation_id) + LENGTH(goals) + LENGTH(role) + LENGTH(state) + LENGTH(snapshot)
       + LENGTH(deadline) + COALESCE(LENGTH(draft), 0) + COALESCE(LENGTH(draft_updated_at), 0) + LENGTH(created_at) + LENGTH(updated_at) + 8) AS n
       FROM assignments WHERE notice_id = $1`,
  );
  const audit = await one(
    `SELECT SUM(LENGTH(at) + COALESCE(LENGTH(actor_id), 0) + COALESCE(LENGTH(actor_org_id), 0) + LENGTH(entity) + LENGTH(entity_id) + LENGTH(event)
       + LENGTH(kind) + COALESCE(LENGTH(from_state), 0) + COALESCE(LENGTH(to_state), 0) + COALESCE(LENGTH(payload_digest), 0)
       + COALESCE(LENGTH(detail), 0) + 8) AS n
       FROM audit_log WHERE entity = 'assignment' AND entity_id IN (SELECT id FROM assignments WHERE notice_id = $1)`,
  );
  const timers = await one(
    `SELECT SUM(LENGTH(id) + LENGTH(due_at) + LENGTH(kind) + LENGTH(target_id) + LENGTH(dedupe_key) + LENGTH(payload) + LENGTH(status)
       + COALESCE(LENGTH(fired_at), 0) + COALESCE(LENGTH(outcome), 0) + LENGTH(created_at) + 4) AS n
       FROM timers WHERE target_id IN (SELECT id FROM assignments WHERE notice_id = $1)`,
  );
  const versions = await one(
    `SELECT SUM(LENGTH(id) + LENGTH(assignment_id) + LENGTH(notice_id) + LENGTH(table_json) + LENGTH(sha256) + LENGTH(submitted_at)
       + COALESCE(LENGTH(deadline), 0) + LENGTH(receipt_no) + LENGTH(submitted_by) + 12) AS n FROM submission_versions WHERE notice_id = $1`,
  );
  return { state: state / count, history: (audit + timers) / count, versions: versions / count };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-scale-'));
  const load: Load = new Child(new URL('./rush-load.js', import.meta.url));
  const reader: Load = new Child(new URL('./rush-load.js', import.meta.url));
  try {
    await withSchema((schema) => run(load, reader, schema, dir));
  } finally {
    load.stop();
    reader.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
