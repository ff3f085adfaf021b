import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addPerson } from '../support/people.js';
import { completeTable } from '../factories/strategy-table.factory.js';

interface Item {
  kind: 'notice' | 'assignment';
  what: string;
  notice: { id: string; docNumber: string | null; title: string } | null;
  assignment: { id: string; organisation: { id: string; code: string; name: string } } | null;
  state: string | null;
  nextEvents?: string[];
  deadline?: string | null;
  act?: { event: string; label: string; at: string };
}

const TITLE = '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知';

describe('the inbox: 待办 is what a person must act on now, 已办 only what they did themselves', () => {
  let t: TestApp;
  let noticeId: string;
  const assignment: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await addPerson(t, { username: 'reviewer-2', displayName: '第二位审核专家', roles: ['reviewer'], organisationCode: 'tjwjw' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function box(username: string, which: 'todo' | 'done', query = '') {
    const res = await t.http.get(`/api/inbox?box=${which}${query}`).set(await t.login(username));
    expect(res.status).toBe(200);
    return { items: res.body as Item[], total: Number(res.headers['x-total-count']) };
  }
  const todo = async (username: string) => (await box(username, 'todo')).items;
  const done = async (username: string) => (await box(username, 'done')).items;
  async function notice(username: string, type: string) {
    const res = await t.http
      .post(`/api/notices/${noticeId}/events`)
      .set(await t.login(username))
      .send({ type });
    expect(res.status).toBe(200);
  }
  async function act(username: string, code: string, body: object) {
    const res = await t.http
      .post(`/api/assignments/${assignment[code]}/events`)
      .set(await t.login(username))
      .send(body);
    expect(res.status).toBe(200);
    return res;
  }
  async function setReviewers(code: string, usernames: string[]) {
    const ids = [];
    for (const u of usernames) ids.push((await t.http.get('/api/me').set(await t.login(u))).body.id);
    const res = await t.http
      .put(`/api/assignments/${assignment[code]}/reviewers`)
      .set(await t.login('staff'))
      .send({ reviewerIds: ids });
    expect(res.status).toBe(200);
  }

  it('walks the draft through staff (待送核稿), the leader (待核稿, 待签发) and staff again (待印发)', async () => {
    noticeId = ((await t.http.get('/api/notices').set(await t.login('staff'))).body as { id: string }[])[0].id;
    expect(await todo('staff')).toEqual([
      expect.objectContaining({ kind: 'notice', what: '待送核稿', notice: { id: noticeId, docNumber: null, title: TITLE }, assignment: null }),
    ]);
    expect((await todo('staff'))[0].nextEvents).toContain('SUBMIT_FOR_CHECK');
    expect(await todo('leader')).toEqual([]);
    await notice('staff', 'SUBMIT_FOR_CHECK');
    expect(await todo('staff')).toEqual([]);
    expect(await todo('leader')).toEqual([
      expect.objectContaining({ what: '待核稿', nextEvents: ['APPROVE_CHECK', 'RETURN'], deadline: '2022-04-29T09:00:00+08:00' }),
    ]);
    await notice('leader', 'APPROVE_CHECK');
    expect(await todo('leader')).toEqual([expect.objectContaining({ what: '待签发', nextEvents: ['SIGN', 'RETURN'] })]);
    await notice('leader', 'SIGN');
    expect(await todo('leader')).toEqual([]);
    expect(await todo('staff')).toEqual([expect.objectContaining({ what: '待印发', nextEvents: ['ISSUE', 'REVOKE'] })]);
    expect((await done('leader')).map((i) => i.what)).toEqual(['签发', '核稿通过']);
  });

  it('shows a center 待签收, then 待填报, and after it submits no 待办 but its own acts in 已办, newest first', async () => {
    await notice('staff', 'ISSUE');
    for (const code of ['cardio', 'neuro', 'icu']) {
      assignment[code] = ((await t.http.get('/api/assignments').set(await t.login(`center-qc-${code}`))).body as { id: string }[])[0].id;
    }
    // Reviewers given before the table is in: nothing to review yet.
    await setReviewers('cardio', ['reviewer', 'reviewer-2']);
    expect(await todo('reviewer')).toEqual([]);

    const first = await todo('center-qc-cardio');
    expect(first).toEqual([
      expect.objectContaining({
        kind: 'assignment',
        what: '待签收',
        nextEvents: ['ACKNOWLEDGE'],
        deadline: '2022-04-29T09:00:00+08:00',
        notice: { id: noticeId, docNumber: '津卫医政〔2022〕1号', title: TITLE },
        assignment: { id: assignment.cardio, organisation: expect.objectContaining({ name: '天津市心血管内科医疗质量控制中心' }) },
      }),
    ]);
    await act('center-qc-cardio', 'cardio', { type: 'ACKNOWLEDGE' });
    const drafting = await todo('center-qc-cardio');
    expect(drafting).toEqual([expect.objectContaining({ what: '待填报', state: 'acknowledged' })]);
    expect(drafting[0].nextEvents).toEqual(expect.arrayContaining(['SAVE_DRAFT', 'SUBMIT']));

    t.clock.set('2022-04-25T10:00:00+08:00');
    await act('center-qc-cardio', 'cardio', { type: 'SUBMIT', table: completeTable(['2022-01']) });
    expect(await todo('center-qc-cardio')).toEqual([]);
    const acts = await done('center-qc-cardio');
    expect(acts.map((i) => [i.what, i.act?.event, i.act?.at, i.assignment?.id])).toEqual([
      ['提交', 'SUBMIT', '2022-04-25T10:00:00+08:00', assignment.cardio],
      ['签收', 'ACKNOWLEDGE', '2022-04-18T09:00:00+08:00', assignment.cardio],
    ]);
    // Another center's 已办 holds none of these acts.
    expect(await done('center-qc-neuro')).toEqual([]);
  });

  it('puts a submitted table in each given reviewer’s 待办; after one approves, only that reviewer has it in 已办', async () => {
    for (const reviewer of ['reviewer', 'reviewer-2']) {
      expect(await todo(reviewer)).toEqual([
        expect.objectContaining({ what: '待审核', nextEvents: ['START_REVIEW'], assignment: expect.objectContaining({ id: assignment.cardio }) }),
      ]);
    }
    await act('reviewer', 'cardio', { type: 'START_REVIEW' });
    expect(await todo('reviewer-2')).toEqual([expect.objectContaining({ what: '审核中', nextEvents: ['APPROVE', 'RETURN'] })]);
    await act('reviewer', 'cardio', { type: 'APPROVE', comment: '同意' });

    expect(await todo('reviewer')).toEqual([]);
    expect((await done('reviewer')).map((i) => [i.what, i.assignment?.id, i.state])).toEqual([
      ['审核通过', assignment.cardio, 'approved'],
      ['开始审核', assignment.cardio, 'approved'],
    ]);
    expect(await todo('reviewer-2')).toEqual([]);
    expect(await box('reviewer-2', 'done')).toEqual({ items: [], total: 0 });
  });

  it('lists for staff the approved table awaiting feedback (待反馈), gone once the feedback is given', async () => {
    const staffTodo = await todo('staff');
    expect(staffTodo).toEqual([
      expect.objectContaining({
        kind: 'assignment',
        what: '待反馈',
        nextEvents: ['GIVE_FEEDBACK'],
        assignment: expect.objectContaining({ id: assignment.cardio }),
      }),
    ]);
    await act('staff', 'cardio', { type: 'GIVE_FEEDBACK', feedback: '策略清晰，请按计划推进。' });
    expect(await todo('staff')).toEqual([]);
    expect((await done('staff'))[0]).toMatchObject({ what: '反馈', act: { event: 'GIVE_FEEDBACK', label: '反馈' } });
  });

  it('shows an extended center its extended deadline, and orders a reviewer’s 待办 by the nearest deadline', async () => {
    // Extend the center whose id sorts first, so an order by id alone would put it first.
    const [later, sooner] = ['neuro', 'icu'].sort((a, b) => (assignment[a] < assignment[b] ? -1 : 1));
    await act('staff', later, { type: 'EXTEND_DEADLINE', until: '2022-05-06T17:00:00+08:00', reason: '专家外出，延期一周' });
    expect(await todo(`center-qc-${later}`)).toEqual([expect.objectContaining({ what: '待签收', deadline: '2022-05-06T17:00:00+08:00' })]);
    expect(await todo(`center-qc-${sooner}`)).toEqual([expect.objectContaining({ what: '待签收', deadline: '2022-04-29T09:00:00+08:00' })]);

    const goal = { neuro: '2022-02', icu: '2022-06' } as Record<string, string>;
    for (const code of [later, sooner]) {
      await act(`center-qc-${code}`, code, { type: 'ACKNOWLEDGE' });
      await act(`center-qc-${code}`, code, { type: 'SUBMIT', table: completeTable([goal[code]]) });
    }
    await setReviewers(later, ['reviewer-2']);
    await setReviewers(sooner, ['reviewer-2']);
    const page = await box('reviewer-2', 'todo');
    expect(page.total).toBe(2);
    expect(page.items.map((i) => [i.assignment?.id, i.deadline])).toEqual([
      [assignment[sooner], '2022-04-29T09:00:00+08:00'],
      [assignment[later], '2022-05-06T17:00:00+08:00'],
    ]);
    const second = await box('reviewer-2', 'todo', '&page=2&pageSize=1');
    expect(second).toEqual({ items: [expect.objectContaining({ assignment: expect.objectContaining({ id: assignment[later] }) })], total: 2 });
  });

  it('pages 已办 with its total and refuses an unknown box in Chinese', async () => {
    const all = await box('staff', 'done');
    expect(all.total).toBe(all.items.length);
    const page = await box('staff', 'done', '&page=2&pageSize=2');
    expect(page.total).toBe(all.total);
    expect(page.items).toEqual(all.items.slice(2, 4));
    const res = await t.http.get('/api/inbox?box=later').set(await t.login('staff'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'box', message: '收件箱必须是以下之一：todo、done' }]);
  });
});
