import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { Db } from '../../src/database/db.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { DeadlineScheduler } from '../../src/scheduler/deadline-scheduler.service.js';
import { draftNotice, walkDraft } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The shipped holiday data ends with 2026. A 2027 schedule (a made-up one: the real notice is not out when this is
// written) comes from a data file under CALENDAR_DIR or from an administrator; without one, 2027 counts Monday to
// Friday and staff are told so.
const SCHEDULE_2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试用）',
  daysOff: { '2027-05-01': '劳动节', '2027-05-02': '劳动节', '2027-05-03': '劳动节', '2027-05-04': '劳动节', '2027-05-05': '劳动节' },
  makeUpWorkdays: { '2027-04-25': '劳动节', '2027-05-08': '劳动节' },
};
const NO_2027 = '日历数据中没有2027年的国务院办公厅节假日安排，2027年按周一至周五计算工作日，法定节假日与调休未计入。';

/** A notice to the cardiology center, issued through check and sign-off; answers its id and the center's assignment. */
async function issue(t: TestApp, deadline: string) {
  const staff = await t.login('staff');
  const orgs = (await t.http.get('/api/organisations').set(staff)).body as { id: string; code: string }[];
  const noticeId = await draftNotice(t, deadline);
  const cardio = orgs.find((o) => o.code === 'qc-cardio')!.id;
  expect(
    (
      await t.http
        .put(`/api/notices/${noticeId}/assignments`)
        .set(staff)
        .send([{ organisationId: cardio, goalCodes: ['2022-01'], role: 'lead' }])
    ).status,
  ).toBe(200);
  await walkDraft(t, noticeId, { expectEachStep: true });
  const [assignment] = (await t.http.get(`/api/assignments?noticeId=${noticeId}`).set(staff)).body as { id: string }[];
  return { noticeId, assignmentId: assignment.id };
}

/** The 催办 rungs planned for an assignment's deadline, as Beijing wall-clock times. */
async function rungs(t: TestApp, assignmentId: string, deadline: string): Promise<string[]> {
  const rows = await t.app
    .get(Db)
    .read((sql) =>
      sql.many<{ due_at: string; payload: string }>(`SELECT due_at, payload FROM timers WHERE kind = 'assignment.reminder' AND target_id = $1`, [assignmentId]),
    );
  return rows
    .filter((r) => (JSON.parse(r.payload) as { deadline: string }).deadline === new Date(deadline).toISOString())
    .map((r) => new Date(Date.parse(r.due_at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '))
    .sort();
}

async function warnings(t: TestApp, noticeId: string): Promise<string[]> {
  return (await t.http.get(`/api/notices/${noticeId}`).set(await t.login('staff'))).body.calendarWarnings as string[];
}

describe('a year the shipped calendar does not hold (2027)', () => {
  let t: TestApp;
  let ids: { noticeId: string; assignmentId: string };

  beforeAll(async () => {
    t = await startTestApp('2027-04-19T10:00:00+08:00');
    ids = await issue(t, '2027-04-29T09:00:00+08:00');
  });
  afterAll(() => t.close());

  it('tells staff on the notice that 2027 is counted Monday to Friday', async () => {
    expect(await warnings(t, ids.noticeId)).toEqual([NO_2027]);
    const calendar = await t.http.get('/api/calendar').set(await t.login('staff'));
    expect(calendar.status).toBe(200);
    expect(calendar.body.coveredYears).toContain(2026);
    expect(calendar.body.coveredYears).not.toContain(2027);
  });

  it("says so again in staff's deadline summary", async () => {
    t.clock.set('2027-04-29T09:00:01+08:00');
    await t.app.get(DeadlineScheduler).runDue();
    expect((await t.app.get(OutboxRelay).drain()).dead).toBe(0);
    const dir = join(t.dataDir, 'mail-drop');
    const mails = await Promise.all(readdirSync(dir).map((f) => simpleParser(readFileSync(join(dir, f)))));
    const summary = mails.find((m) => m.subject?.startsWith('【截止汇总】'))!;
    expect(summary.text).toContain(`请注意：${NO_2027}截止前的催办和退回后的重报时限请人工核对。`);
    expect(summary.html).toContain(`请注意：${NO_2027}`);
  });

  it('refuses a schedule that does not hold together, naming each wrong day, and stores nothing', async () => {
    const admin = await t.login('admin');
    const bad = await t.http
      .put('/api/calendar/years/2027')
      .set(admin)
      .send({
        source: ' ',
        daysOff: { '2027-05-01': '劳动节', '2026-12-31': '元旦', '2027-02-30': '春节' },
        makeUpWorkdays: { '2027-05-01': '劳动节', '2027-04-28': '劳动节' },
      });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'source', message: '请填写依据（国务院办公厅通知的名称和文号）' },
        { field: 'daysOff.2026-12-31', message: '2026-12-31 不在2027年内' },
        { field: 'daysOff.2027-02-30', message: '“2027-02-30”不是有效日期（格式 YYYY-MM-DD）' },
        { field: 'makeUpWorkdays.2027-05-01', message: '2027-05-01 不能既放假又调休上班' },
        { field: 'makeUpWorkdays.2027-04-28', message: '2027-04-28 不是周末，无需调休上班' },
      ]),
    );
    const staff = await t.http
      .put('/api/calendar/years/2027')
      .set(await t.login('staff'))
      .send(SCHEDULE_2027);
    expect(staff.status).toBe(403);
    expect((await t.http.get('/api/calendar').set(admin)).body.entered).toEqual([]);
    expect(await warnings(t, ids.noticeId)).toEqual([NO_2027]);
  });

  it("plans with the schedule an administrator enters, at once: an extension's 催办 skips the Labour Day break", async () => {
    const admin = await t.login('admin');
    const entered = await t.http.put('/api/calendar/years/2027').set(admin).send(SCHEDULE_2027);
    expect(entered.status).toBe(200);
    expect(entered.body.coveredYears).toContain(2027);
    expect(entered.body.entered).toEqual([{ year: 2027, source: SCHEDULE_2027.source, enteredAt: '2027-04-29T01:00:01.000Z' }]);
    expect(await warnings(t, ids.noticeId)).toEqual([]);

    const until = '2027-05-06T09:00:00+08:00';
    const extended = await t.http
      .post(`/api/assignments/${ids.assignmentId}/events`)
      .set(await t.login('staff'))
      .send({ type: 'EXTEND_DEADLINE', until, reason: '中心负责人外出支援' });
    expect(extended.status).toBe(200);
    // One working day before Thursday 6 May is Friday 30 April (1–5 May off); Monday to Friday would have said 5 May.
    // Three working days before is 28 April, already past: not planned.
    expect(await rungs(t, ids.assignmentId, until)).toEqual(['2027-04-30 09:00', '2027-05-06 07:00']);

    const trail = await t.http.get('/api/audit?entity=calendar:2027').set(admin);
    expect(trail.status).toBe(200);
    expect(trail.body).toEqual([expect.objectContaining({ kind: 'calendar.yearEntered', event: 'ENTER_YEAR', actorName: '系统管理员' })]);
  });
});

describe('a 2027 schedule in the calendar data file', () => {
  let t: TestApp;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-calendar-'));
    writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2027, ...SCHEDULE_2027 }));
    t = await startTestApp('2027-04-19T10:00:00+08:00', { CALENDAR_DIR: dir });
  });
  afterAll(() => t.close());

  it('is used by the 催办 ladder from the start, with no warning on the notice', async () => {
    const deadline = '2027-05-06T09:00:00+08:00';
    const ids = await issue(t, deadline);
    // Three and one working days before Thursday 6 May at 9:00, and two hours before: 1–5 May are off.
    expect(await rungs(t, ids.assignmentId, deadline)).toEqual(['2027-04-28 09:00', '2027-04-30 09:00', '2027-05-06 07:00']);
    expect(await warnings(t, ids.noticeId)).toEqual([]);
    expect((await t.http.get('/api/calendar').set(await t.login('staff'))).body.coveredYears).toContain(2027);
  });

  it('stops the start when the file is wrong, saying what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-calendar-'));
    writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2027, ...SCHEDULE_2027, makeUpWorkdays: { '2027-05-03': '劳动节' } }));
    await expect(startTestApp('2027-04-19T10:00:00+08:00', { CALENDAR_DIR: dir })).rejects.toThrow(
      /2027\.json 有误：makeUpWorkdays\.2027-05-03: 2027-05-03 不是周末，无需调休上班；makeUpWorkdays\.2027-05-03: 2027-05-03 不能既放假又调休上班/,
    );
  });
});
