import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { draftNotice, walkDraft } from '../support/campaign.js';
import { DeadlineScheduler } from '../../src/scheduler/deadline-scheduler.service.js';
import { Db } from '../../src/database/db.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

/** A notice of three goals, issued through check and sign-off; answers the ids by center code. */
async function issueNotice(t: TestApp, deadline: string, extra: Record<string, unknown> = {}) {
  const staff = await t.login('staff');
  const orgs = (await t.http.get('/api/organisations').set(staff)).body as { id: string; code: string }[];
  const org = (code: string) => orgs.find((o) => o.code === code)!.id;
  const id = await draftNotice(t, deadline, extra);
  await t.http
    .put(`/api/notices/${id}/assignments`)
    .set(staff)
    .send([
      { organisationId: org('qc-cardio'), goalCodes: ['2022-01'], role: 'lead' },
      { organisationId: org('qc-neuro'), goalCodes: ['2022-02'], role: 'lead' },
      { organisationId: org('qc-oncology'), goalCodes: ['2022-03'], role: 'lead' },
    ]);
  await walkDraft(t, id, { expectEachStep: true });
  const list = (await t.http.get(`/api/assignments?noticeId=${id}`).set(staff)).body as { id: string; organisation: { code: string } }[];
  return { noticeId: id, assignment: Object.fromEntries(list.map((a) => [a.organisation.code.replace('qc-', ''), a.id])) as Record<string, string> };
}

async function reminders(t: TestApp, assignmentId: string) {
  const res = await t.http.get(`/api/assignments/${assignmentId}`).set(await t.login('staff'));
  return res.body.reminders as { kind: string; label: string; deadline: string; at: string; message: string | null }[];
}

async function outboxKinds(t: TestApp) {
  const res = await t.http.get('/api/outbox').set(await t.login('staff'));
  return (res.body.messages as { kind: string; assignmentId?: string }[]).map((m) => `${m.kind}${m.assignmentId ? `:${m.assignmentId}` : ''}`);
}

describe('the 催办 ladder around the 2022 Labour Day break', () => {
  let t: TestApp;
  let scheduler: DeadlineScheduler;
  let ids: Awaited<ReturnType<typeof issueNotice>>;

  beforeAll(async () => {
    t = await startTestApp('2022-04-25T10:00:00+08:00');
    scheduler = t.app.get(DeadlineScheduler);
    // Due Monday 9 May 2022, 09:00: the break (30 April – 4 May) and the make-up Saturday 7 May lie before it.
    ids = await issueNotice(t, '2022-05-09T09:00:00+08:00');
  });
  afterAll(async () => {
    await t.close();
  });

  async function at(beijing: string) {
    t.clock.set(`${beijing}+08:00`);
    return scheduler.runDue();
  }

  it('sends nothing during the break: the first rung is three working days before, Thursday 5 May 09:00', async () => {
    const cardio = await t.login('center-qc-cardio');
    await t.http.post(`/api/assignments/${ids.assignment.cardio}/events`).set(cardio).send({ type: 'ACKNOWLEDGE' });
    t.clock.set('2022-05-04T16:00:00+08:00');
    const submitted = await t.http
      .post(`/api/assignments/${ids.assignment.cardio}/events`)
      .set(cardio)
      .send({ type: 'SUBMIT', table: completeTable(['2022-01']) });
    expect(submitted.status).toBe(200);
    expect(await at('2022-05-05T08:59:59')).toEqual({ fired: 0, skipped: 0, failed: 0 });
    const report = await at('2022-05-05T09:00:00');
    // Three rung-1 timers fall due; the center that submitted is skipped.
    expect(report).toEqual({ fired: 2, skipped: 1, failed: 0 });
    expect((await reminders(t, ids.assignment.neuro)).map((r) => r.label)).toEqual(['截止前3个工作日']);
    expect(await reminders(t, ids.assignment.cardio)).toEqual([]);
    const kinds = await outboxKinds(t);
    expect(kinds.filter((k) => k.startsWith('mail.reminder')).sort()).toEqual(
      [`mail.reminder:${ids.assignment.neuro}`, `mail.reminder:${ids.assignment.oncology}`].sort(),
    );
  });

  it('reminds a returned center again, for its resubmission deadline', async () => {
    const reviewer = await t.login('reviewer');
    const me = await t.http.get('/api/me').set(reviewer);
    await t.http
      .put(`/api/assignments/${ids.assignment.cardio}/reviewers`)
      .set(await t.login('staff'))
      .send({ reviewerIds: [me.body.id] });
    t.clock.set('2022-05-06T10:00:00+08:00');
    await t.http.post(`/api/assignments/${ids.assignment.cardio}/events`).set(reviewer).send({ type: 'START_REVIEW' });
    const returned = await t.http.post(`/api/assignments/${ids.assignment.cardio}/events`).set(reviewer).send({ type: 'RETURN', reason: '请补充监测指标' });
    // Three working days from Friday 6 May: Saturday 7 (make-up), Monday 9, Tuesday 10 May, at the notice's 09:00.
    expect(returned.body.deadline).toBe('2022-05-10T09:00:00+08:00');
    expect(returned.body.deadlineText).toBe('2022年5月10日（星期二）9:00前');

    // Saturday 7 May is a working day: one working day before Monday 9 May.
    // The returned center's old rung for 9 May stands down: its deadline moved.
    expect(await at('2022-05-07T09:00:00')).toEqual({ fired: 2, skipped: 1, failed: 0 });
    expect((await reminders(t, ids.assignment.oncology)).map((r) => r.label)).toEqual(['截止前3个工作日', '截止前1个工作日']);
    // The returned center's old ladder (for 9 May) was cancelled with the move; its new one starts Monday.
    expect(await reminders(t, ids.assignment.cardio)).toEqual([]);
    await at('2022-05-09T07:00:00');
    const r = await at('2022-05-09T09:00:00');
    expect(r.failed).toBe(0);
    const cardio = await reminders(t, ids.assignment.cardio);
    expect(cardio.map((x) => [x.label, x.deadline])).toEqual([['截止前1个工作日', '2022-05-10T09:00:00+08:00']]);
  });

  it('marks the missing centers overdue at the deadline and mails staff one summary', async () => {
    const progress = await t.http.get(`/api/notices/${ids.noticeId}/progress`).set(await t.login('staff'));
    const byCode = new Map(
      (progress.body.centers as { organisation: { code: string }; state: string; overdue: boolean }[]).map((c) => [c.organisation.code, c]),
    );
    expect(byCode.get('qc-neuro')).toMatchObject({ state: 'overdue', overdue: true });
    expect(byCode.get('qc-oncology')).toMatchObject({ state: 'overdue', overdue: true });
    expect(byCode.get('qc-cardio')).toMatchObject({ state: 'returned', overdue: false });
    const kinds = await outboxKinds(t);
    expect(kinds.filter((k) => k === 'mail.deadlineSummary')).toHaveLength(1);
    const summary = (await t.http.get('/api/outbox').set(await t.login('staff'))).body.messages.find(
      (m: { kind: string }) => m.kind === 'mail.deadlineSummary',
    );
    expect(summary.to).toBe('yizhengchu@wsjkw.tianjin.example');
    // Running again changes nothing.
    expect(await scheduler.runDue()).toEqual({ fired: 0, skipped: 0, failed: 0 });
  });

  it('lets staff send a 催办 of their own to every missing center, logged on each', async () => {
    const res = await t.http
      .post(`/api/notices/${ids.noticeId}/reminders`)
      .set(await t.login('staff'))
      .send({ message: '请今日内报送。' });
    expect(res.status).toBe(201);
    expect(res.body.sent).toBe(3);
    const neuro = await reminders(t, ids.assignment.neuro);
    expect(neuro.at(-1)).toMatchObject({ kind: 'manual', label: '人工催办', message: '请今日内报送。' });
    const denied = await t.http
      .post(`/api/notices/${ids.noticeId}/reminders`)
      .set(await t.login('center-qc-neuro'))
      .send({ message: 'x' });
    expect(denied.status).toBe(403);
  });

  it('mails every 催办 and the summary in Chinese, with the deadline in Beijing time', async () => {
    const report = await t.app.get(OutboxRelay).drain();
    expect(report.dead).toBe(0);
    const dir = join(t.dataDir, 'mail-drop');
    const mails = await Promise.all(readdirSync(dir).map(async (f) => simpleParser(readFileSync(join(dir, f)))));
    const subjects = mails.map((m) => m.subject ?? '');
    expect(subjects).toContain('【催办】津卫医政〔2022〕1号 请于2022年5月9日（星期一）9:00（北京时间）前提交策略表');
    const summary = mails.find((m) => m.subject?.startsWith('【截止汇总】'))!;
    expect(summary.subject).toBe('【截止汇总】津卫医政〔2022〕1号 截止时尚有2个单位未报送');
    expect(summary.text).toContain('天津市神经内科医疗质量控制中心（2022-02 提高急性脑梗死再灌注治疗率）');
    const manual = mails.filter((m) => m.text?.includes('请今日内报送。'));
    expect(manual).toHaveLength(3);
    // Staff's summary opens the board; a 催办 opens the center's own task (APP_URL defaults to this server).
    expect(summary.text).toContain(`查看进度看板：http://localhost:3000/notices/${ids.noticeId}/board`);
    const neuro = manual.find((m) => m.text?.startsWith('天津市神经内科医疗质量控制中心：'))!;
    expect(neuro.text).toContain(`提交策略表：http://localhost:3000/assignments/${ids.assignment.neuro}\n`);
  });
});

describe('withdrawing after the deadline', () => {
  it('refuses it with DEADLINE_PASSED, so an on-time table is never lost', async () => {
    const t = await startTestApp('2022-04-25T10:00:00+08:00');
    try {
      const ids = await issueNotice(t, '2022-04-29T09:00:00+08:00');
      const center = await t.login('center-qc-neuro');
      await t.http.post(`/api/assignments/${ids.assignment.neuro}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
      await t.http
        .post(`/api/assignments/${ids.assignment.neuro}/events`)
        .set(center)
        .send({ type: 'SUBMIT', table: completeTable(['2022-02']) });
      t.clock.set('2022-04-29T10:00:00+08:00');
      await t.app.get(DeadlineScheduler).runDue();
      const res = await t.http.post(`/api/assignments/${ids.assignment.neuro}/events`).set(center).send({ type: 'WITHDRAW' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DEADLINE_PASSED');
      const detail = await t.http.get(`/api/assignments/${ids.assignment.neuro}`).set(center);
      expect(detail.body).toMatchObject({ state: 'submitted', nextEvents: [] });
    } finally {
      await t.close();
    }
  });
});

describe('late policy', () => {
  it('accepts a late table, flagged late, when the notice says accept-late', async () => {
    const t = await startTestApp('2022-04-25T10:00:00+08:00');
    try {
      const ids = await issueNotice(t, '2022-04-29T09:00:00+08:00', { latePolicy: 'accept-late' });
      const center = await t.login('center-qc-neuro');
      await t.http.post(`/api/assignments/${ids.assignment.neuro}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
      t.clock.set('2022-04-29T09:30:00+08:00');
      await t.app.get(DeadlineScheduler).runDue();
      const res = await t.http
        .post(`/api/assignments/${ids.assignment.neuro}/events`)
        .set(center)
        .send({ type: 'SUBMIT', table: completeTable(['2022-02']) });
      expect(res.status).toBe(200);
      expect(res.body.submitted.late).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('a restart after the deadline passed while the app was down', () => {
  it('marks the overdue centers and sends the summary once, at start', async () => {
    const first = await startTestApp('2022-04-25T10:00:00+08:00');
    const ids = await issueNotice(first, '2022-04-29T09:00:00+08:00');
    await first.close({ keepData: true });

    const second = await startTestApp('2022-05-02T08:00:00+08:00', {}, { dataDir: first.dataDir, schema: first.schema });
    try {
      const report = await second.app.get(DeadlineScheduler).runDue();
      // Per center the deadline fires; the three 催办 that fell due while down are dropped (too late to help); one summary.
      expect(report).toEqual({ fired: 3 + 1, skipped: 3 * 3, failed: 0 });
      expect(await second.app.get(DeadlineScheduler).runDue()).toEqual({ fired: 0, skipped: 0, failed: 0 });
      const progress = await second.http.get(`/api/notices/${ids.noticeId}/progress`).set(await second.login('staff'));
      expect(progress.body.counts.overdue).toBe(3);
      const outbox = await second.http.get('/api/outbox').set(await second.login('staff'));
      expect((outbox.body.messages as { kind: string }[]).filter((m) => m.kind === 'mail.deadlineSummary')).toHaveLength(1);
      const trail = await second.http.get(`/api/audit?entity=notice:${ids.noticeId}`).set(await second.login('staff'));
      expect((trail.body as { event: string }[]).filter((r) => r.event === 'DEADLINE_PASSED')).toHaveLength(3);
    } finally {
      await second.close();
    }
  });
});

// Several instances share one database only on PostgreSQL (SQLite is one process per file): the suite's PostgreSQL run covers it.
if (process.env.DATABASE_URL) {
  describe('two app instances on one PostgreSQL', () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await startTestApp('2022-04-18T10:00:00+08:00');
      b = await startTestApp('2022-04-18T10:00:00+08:00', {}, { dataDir: a.dataDir, schema: a.schema });
    });
    afterAll(async () => {
      await b.close({ keepData: true });
      await a.close();
    });

    it('fires every reminder and every DEADLINE_PASSED exactly once', async () => {
      const notices = [];
      for (let i = 0; i < 4; i++) notices.push(await issueNotice(a, `2022-04-2${5 + i}T09:00:00+08:00`));
      a.clock.set('2022-05-10T09:00:00+08:00');
      b.clock.set('2022-05-10T09:00:00+08:00');
      const [ra, rb] = await Promise.all([a.app.get(DeadlineScheduler).runDue(), b.app.get(DeadlineScheduler).runDue()]);
      expect(ra.failed + rb.failed).toBe(0);
      const total = ra.fired + rb.fired + ra.skipped + rb.skipped;
      const db = a.app.get(Db);
      const timers = await db.read((sql) => sql.one<{ n: string }>(`SELECT COUNT(*) AS n FROM timers`));
      expect(total).toBe(Number(timers!.n));
      const reminders = await db.read((sql) =>
        sql.many<{ assignment_id: string; label: string; n: string }>(
          `SELECT assignment_id, label, COUNT(*) AS n FROM reminders GROUP BY assignment_id, label`,
        ),
      );
      expect(reminders.every((r) => Number(r.n) === 1)).toBe(true);
      const passed = await db.read((sql) =>
        sql.many<{ entity_id: string; n: string }>(`SELECT entity_id, COUNT(*) AS n FROM audit_log WHERE event = 'DEADLINE_PASSED' GROUP BY entity_id`),
      );
      expect(passed).toHaveLength(12);
      expect(passed.every((r) => Number(r.n) === 1)).toBe(true);
      const summaries = await db.read((sql) => sql.one<{ n: string }>(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'mail.deadlineSummary'`));
      expect(Number(summaries!.n)).toBe(4);
    });
  });
}
