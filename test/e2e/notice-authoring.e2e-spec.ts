import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { walkDraft } from '../support/campaign.js';
import { pdfText } from '../support/pdf-reader.js';

const draft = {
  title: '关于报送2022年度专业质控工作改进目标实施策略的通知',
  recipients: ['各市级医疗质量控制中心'],
  body: '请各中心按附件要求填报。',
  attachments: [{ no: 1, title: '策略表' }],
  deadline: '2022-05-20T17:00:00+08:00',
  mailbox: 'zhikong@wsjkw.tianjin.example',
  campaignYear: 2022,
};

describe('drafting and issuing a notice of one’s own', () => {
  let t: TestApp;
  let staff: { Authorization: string };
  let orgs: { id: string; code: string; kind: string }[];

  beforeAll(async () => {
    t = await startTestApp('2022-05-09T10:00:00+08:00');
    staff = await t.login('staff');
    orgs = (await t.http.get('/api/organisations').set(staff)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  const org = (code: string) => orgs.find((o) => o.code === code)!.id;

  async function issue(id: string) {
    return (await walkDraft(t, id)) ?? t.http.get(`/api/notices/${id}`).set(staff);
  }

  it('serves the goal catalogue and the strategy-table template', async () => {
    const goals = await t.http.get('/api/goals?year=2022').set(staff);
    expect(goals.body.goals.map((g: { code: string }) => g.code)).toEqual(Array.from({ length: 10 }, (_, i) => `2022-${String(i + 1).padStart(2, '0')}`));
    expect(goals.body.goals[5]).toMatchObject({ title: '提高感染性休克集束化治疗完成率', isNew: true });
    const old = await t.http.get('/api/goals?year=2021').set(staff);
    expect(old.body.goals.map((g: { title: string }) => g.title)).toContain('提高病案首页主要诊断编码正确率');
    const template = await t.http.get('/api/templates/strategy-table?year=2022').set(staff);
    expect(template.body.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(JSON.stringify(template.body)).toContain('核心策略');
    expect((await t.http.get('/api/goals?year=1999').set(staff)).status).toBe(400);
    expect((await t.http.get('/api/goals?year=2030').set(staff)).status).toBe(404);
  });

  it('creates, edits and divides a draft, then issues it with the next gap-free number', async () => {
    const created = await t.http.post('/api/notices').set(staff).send(draft);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft', docNumber: null, deadline: '2022-05-20T17:00:00+08:00', timeZone: 'Asia/Shanghai' });
    const edited = await t.http
      .patch(`/api/notices/${created.body.id}`)
      .set(staff)
      .send({ title: `${draft.title}（修订）`, version: created.body.version });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toContain('（修订）');
    const stale = await t.http.patch(`/api/notices/${created.body.id}`).set(staff).send({ title: 'x', version: created.body.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const division = await t.http
      .put(`/api/notices/${created.body.id}/assignments`)
      .set(staff)
      .send([
        { organisationId: org('qc-cardio'), goalCodes: ['2022-01'], role: 'lead' },
        { organisationId: org('qc-emergency'), goalCodes: ['2022-01', '2022-06'], role: 'partner' },
        { organisationId: org('qc-icu'), goalCodes: ['2022-06'], role: 'lead' },
      ]);
    expect(division.status).toBe(200);
    const first = await issue(created.body.id);
    expect(first.body.state).toBe('issued');
    expect(first.body.docNumber).toBe('津卫医政〔2022〕1号');
    const assignments = await t.http.get(`/api/assignments?noticeId=${created.body.id}`).set(staff);
    expect(assignments.body).toHaveLength(3);
    const emergency = (assignments.body as { organisation: { code: string }; role: string; goals: unknown[] }[]).find(
      (a) => a.organisation.code === 'qc-emergency',
    )!;
    expect(emergency.role).toBe('partner');
    expect(emergency.goals).toHaveLength(2);

    const second = await t.http.post('/api/notices').set(staff).send(draft);
    await t.http
      .put(`/api/notices/${second.body.id}/assignments`)
      .set(staff)
      .send([{ organisationId: org('qc-lab'), goalCodes: ['2022-04'], role: 'lead' }]);
    expect((await issue(second.body.id)).body.docNumber).toBe('津卫医政〔2022〕2号');
  });

  it('refuses to issue with a deadline in the past, naming it, and uses no number', async () => {
    const created = await t.http
      .post('/api/notices')
      .set(staff)
      .send({ ...draft, deadline: '2022-05-09T09:00:00+08:00' });
    await t.http
      .put(`/api/notices/${created.body.id}/assignments`)
      .set(staff)
      .send([{ organisationId: org('qc-lab'), goalCodes: ['2022-04'], role: 'lead' }]);
    const refused = await issue(created.body.id);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DEADLINE_PASSED');
    expect(refused.body.detail).toContain('2022年5月9日（星期一）9:00');
    const after = await t.http.get(`/api/notices/${created.body.id}`).set(staff);
    expect(after.body).toMatchObject({ state: 'signed', docNumber: null });
    expect((await t.http.get(`/api/assignments?noticeId=${created.body.id}`).set(staff)).body).toEqual([]);
    // The refused issue consumed no number: the next notice gets 3.
    const next = await t.http.post('/api/notices').set(staff).send(draft);
    await t.http
      .put(`/api/notices/${next.body.id}/assignments`)
      .set(staff)
      .send([{ organisationId: org('qc-lab'), goalCodes: ['2022-04'], role: 'lead' }]);
    expect((await issue(next.body.id)).body.docNumber).toBe('津卫医政〔2022〕3号');
  });

  it('refuses a division with two leads for a goal, a goal of another year, or a hospital', async () => {
    const created = await t.http.post('/api/notices').set(staff).send(draft);
    const res = await t.http
      .put(`/api/notices/${created.body.id}/assignments`)
      .set(staff)
      .send([
        { organisationId: org('qc-cardio'), goalCodes: ['2022-01', '2021-06'], role: 'lead' },
        { organisationId: org('qc-neuro'), goalCodes: ['2022-01'], role: 'lead' },
        { organisationId: org('h-tmugh'), goalCodes: ['2022-02'], role: 'partner' },
      ]);
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(['[0].goalCodes[1]', '[1].goalCodes[0]', '[2].organisationId']);
    const after = await t.http.get(`/api/notices/${created.body.id}`).set(staff);
    expect(after.body.division).toEqual([]);
    expect(after.body.version).toBe(created.body.version);
  });

  it('refuses issuing without a division', async () => {
    const created = await t.http.post('/api/notices').set(staff).send(draft);
    const res = await issue(created.body.id);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('division');
  });

  it('lets only a leader check and sign, and only in order', async () => {
    const created = await t.http.post('/api/notices').set(staff).send(draft);
    const leader = await t.login('leader');
    const early = await t.http.post(`/api/notices/${created.body.id}/events`).set(leader).send({ type: 'SIGN' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_TRANSITION');
    // The refusal names the act in the words of the screen, never the event's code.
    expect(early.body.detail).toBe('当前状态“草稿”下不能签发');
    const center = await t.login('center-qc-cardio');
    const foreign = await t.http.post(`/api/notices/${created.body.id}/events`).set(center).send({ type: 'SUBMIT_FOR_CHECK' });
    expect(foreign.status).toBe(404);
    const revoke = await t.http.post(`/api/notices/${created.body.id}/events`).set(staff).send({ type: 'REVOKE', comment: '重复起草' });
    expect(revoke.body.state).toBe('revoked');
    expect(revoke.body.nextEvents).toEqual([]);
  });

  it('keeps the leader’s return opinion in the notice’s history for the commission, and shows it to no center', async () => {
    const created = await t.http.post('/api/notices').set(staff).send(draft);
    const id = created.body.id as string;
    const leader = await t.login('leader');
    const send = (who: { Authorization: string }, body: object) => t.http.post(`/api/notices/${id}/events`).set(who).send(body);
    expect((await send(staff, { type: 'SUBMIT_FOR_CHECK' })).status).toBe(200);
    const blank = await send(leader, { type: 'RETURN', comment: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.detail).toBe('退回时必须填写意见');
    t.clock.set('2022-05-09T10:20:00+08:00');
    expect((await send(leader, { type: 'RETURN', comment: '请写明联系人及电话' })).status).toBe(200);
    expect((await send(staff, { type: 'SUBMIT_FOR_CHECK' })).status).toBe(200);
    expect((await send(leader, { type: 'APPROVE_CHECK', comment: '同意' })).status).toBe(200);
    expect((await send(leader, { type: 'RETURN', comment: '截止时间待定' })).status).toBe(200);

    const history = await t.http.get(`/api/notices/${id}/history`).set(staff);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({ event: 'SUBMIT_FOR_CHECK', label: '送核稿', from: 'draft', to: 'checking', comment: null }),
      {
        at: '2022-05-09T10:20:00+08:00',
        event: 'RETURN',
        label: '核稿退回',
        from: 'checking',
        to: 'draft',
        actor: expect.objectContaining({ username: 'leader', displayName: '分管领导' }),
        comment: '请写明联系人及电话',
      },
      expect.objectContaining({ event: 'SUBMIT_FOR_CHECK' }),
      expect.objectContaining({ event: 'APPROVE_CHECK', label: '核稿通过', comment: '同意' }),
      expect.objectContaining({ event: 'RETURN', label: '签发退回', from: 'signing', comment: '截止时间待定' }),
    ]);
    expect((await t.http.get(`/api/notices/${id}/history`).set(leader)).body).toHaveLength(5);
    expect((await t.http.get(`/api/notices/${id}/history`).set(await t.login('center-qc-cardio'))).status).toBe(404);
  });
});

describe('the date of a notice (成文日期)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('2022-04-15T10:00:00+08:00');
  });
  afterAll(() => t.close());

  it('is the day the leader signed it, not the day staff issued it', async () => {
    const staff = await t.login('staff');
    const leader = await t.login('leader');
    const id = ((await t.http.get('/api/notices').set(staff)).body as { id: string }[])[0].id;
    const act = async (who: { Authorization: string }, type: string) =>
      expect((await t.http.post(`/api/notices/${id}/events`).set(who).send({ type })).status).toBe(200);
    await act(staff, 'SUBMIT_FOR_CHECK');
    await act(leader, 'APPROVE_CHECK');
    await act(leader, 'SIGN');
    t.clock.set('2022-04-18T09:00:00+08:00');
    await act(staff, 'ISSUE');

    const view = (await t.http.get(`/api/notices/${id}`).set(staff)).body as { signedAt: string; issuedAt: string };
    expect(view).toMatchObject({ signedAt: '2022-04-15T02:00:00.000Z', issuedAt: '2022-04-18T01:00:00.000Z' });
    const pdf = await t.http
      .get(`/api/notices/${id}/document.pdf`)
      .set(staff)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const text = pdfText(pdf.body as Buffer);
    expect(text).toMatch(/^\s+天津市卫生健康委员会\n\s+2022年4月15日\s*$/m);
    expect(text).not.toContain('2022年4月18日');
  });
});
