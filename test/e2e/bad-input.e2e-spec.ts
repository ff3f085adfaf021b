import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { completeTable } from '../factories/strategy-table.factory.js';

/** Bad input gets a clear 400 naming the field, and leaves stored data untouched. */
describe('bad input', () => {
  let t: TestApp;
  let id: string;
  let center: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    const campaign = await seedIssuedReferenceNotice(t);
    id = await campaign.assignmentOf('qc-cardio');
    center = await t.login('center-qc-cardio');
    await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    await t.http
      .put(`/api/assignments/${id}/draft`)
      .set(center)
      .send({ table: { goals: [], note: '初稿' } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function stored() {
    const detail = await t.http.get(`/api/assignments/${id}`).set(center);
    const trail = await t.http.get(`/api/audit?entity=assignment:${id}`).set(await t.login('staff'));
    return { version: detail.body.version, draft: detail.body.draft, state: detail.body.state, audit: trail.body.length };
  }

  const cases: [string, (req: ReturnType<TestApp['http']['put']>) => ReturnType<TestApp['http']['put']>, string][] = [
    ['an unknown field', (r) => r.send({ table: {}, colour: 'red' }), 'colour'],
    ['a wrong type', (r) => r.send({ table: 'not an object' }), 'table'],
    ['a missing field', (r) => r.send({}), 'table'],
    ['malformed JSON', (r) => r.set('Content-Type', 'application/json').send('{"table": {'), 'body'],
  ];

  for (const [what, send, field] of cases) {
    it(`answers 400 VALIDATION_FAILED naming "${field}" for ${what}, and stores nothing`, async () => {
      const before = await stored();
      const res = await send(t.http.put(`/api/assignments/${id}/draft`).set(center));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', type: expect.any(String), title: expect.any(String) });
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      expect(await stored()).toEqual(before);
    });
  }

  it('answers 400 for an unknown event type and names the field', async () => {
    const before = await stored();
    const res = await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'DEADLINE_PASSED' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('type');
    expect(await stored()).toEqual(before);
  });

  it('answers 400 for a deadline without an offset', async () => {
    const res = await t.http
      .post('/api/notices')
      .set(await t.login('staff'))
      .send({ title: 't', recipients: [], body: '', deadline: '2022-04-29 09:00', mailbox: 'a@b.example', campaignYear: 2022 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('deadline');
  });

  it.each([
    ['a 30 February', '2022-02-30T09:00:00+08:00'],
    ['a month 13', '2022-13-01T09:00:00+08:00'],
    ['a year far beyond the century', '9999-12-31T23:00:00-05:00'],
  ])('answers 400 for a deadline on %s and stores no notice', async (_what, deadline) => {
    const staff = await t.login('staff');
    const before = (await t.http.get('/api/notices').set(staff)).body.length;
    const res = await t.http
      .post('/api/notices')
      .set(staff)
      .send({ title: 't', recipients: [], body: '', deadline, mailbox: 'a@b.example', campaignYear: 2022 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('deadline');
    expect((await t.http.get('/api/notices').set(staff)).body.length).toBe(before);
  });

  it('answers 404 problem details for an unknown route', async () => {
    const res = await t.http.get('/api/nowhere').set(center);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('a character the PDF font lacks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a SUBMIT whose table holds 𠮷, naming the field and the character, and freezes nothing', async () => {
    const campaign = await seedIssuedReferenceNotice(t);
    const id = await campaign.assignmentOf('qc-cardio');
    const center = await t.login('center-qc-cardio');
    await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const table = completeTable(['2022-01']);
    table.goals[0].measures[1].responsible = '𠮷田';
    const res = await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'SUBMIT', table });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'table.goals[0].measures[1].responsible', message: expect.stringContaining('𠮷') }]);
    const detail = await t.http.get(`/api/assignments/${id}`).set(center);
    expect(detail.body.versions).toEqual([]);
    expect(detail.body.state).toBe('acknowledged');
  });
});

/** What a clerk reads: each message names the field in their words, and `field` keeps the path a program reads. */
describe('validation messages in Chinese', () => {
  let t: TestApp;
  let staff: { Authorization: string };
  const notice = {
    title: '关于报送2022年度改进策略表的通知',
    recipients: ['各市级医疗质量控制中心'],
    body: '正文',
    mailbox: 'zwyx@wjw.tj.example',
    campaignYear: 2022,
  };

  beforeAll(async () => {
    t = await startTestApp();
    staff = await t.login('staff');
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['a deadline without an offset', { ...notice, deadline: '2022-04-29 09:00' }, 'deadline', '截止时间必须是带时区的时间，如 2022-04-29T09:00:00+08:00'],
    ['a title over 500 characters', { ...notice, title: '通'.repeat(501), deadline: '2022-04-29T09:00:00+08:00' }, 'title', '标题不能超过 500 个字'],
    ['an empty recipient', { ...notice, recipients: [''], deadline: '2022-04-29T09:00:00+08:00' }, 'recipients', '主送单位中的每一项不能为空'],
    [
      'an attachment numbered 0',
      { ...notice, attachments: [{ no: 0, title: '附件' }], deadline: '2022-04-29T09:00:00+08:00' },
      'attachments[0].no',
      '附件序号不能小于 1',
    ],
    ['a missing mailbox', { ...notice, mailbox: undefined, deadline: '2022-04-29T09:00:00+08:00' }, 'mailbox', '请填写指定政务邮箱'],
    ['a field the notice does not have', { ...notice, colour: 'red', deadline: '2022-04-29T09:00:00+08:00' }, 'colour', '不允许的字段 colour'],
    [
      'a late policy not offered',
      { ...notice, latePolicy: 'sometimes', deadline: '2022-04-29T09:00:00+08:00' },
      'latePolicy',
      '逾期处理方式必须是以下之一：reject、accept-late',
    ],
  ])('names the field of %s in Chinese and keeps its path', async (_what, body, field, message) => {
    const res = await t.http.post('/api/notices').set(staff).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field, message }]);
    expect(res.body.detail).toBe(`请求内容有误：${message}`);
  });

  it('names the goal and the template’s column for each error of a strategy table', async () => {
    const campaign = await seedIssuedReferenceNotice(t);
    const id = await campaign.assignmentOf('qc-oncology');
    const center = await t.login('center-qc-oncology');
    await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const table = completeTable(['2022-03']) as unknown as { goals: Record<string, unknown>[]; contact: Record<string, unknown> };
    table.goals[0].baseline = { value: 62.4, dataSource: 'NCIS' };
    delete table.goals[0].measures;
    table.contact.phone = 'call me';
    const res = await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'SUBMIT', table });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'table.goals[0].measures', message: '目标2022-03 的"具体措施"：必须填写' },
        { field: 'table.goals[0].baseline.value', message: '目标2022-03 的"现状与基线"：必须是文字' },
        { field: 'table.contact.phone', message: '"联系方式"的"联系电话"：格式不正确' },
      ]),
    );
    expect(res.body.errors).toHaveLength(3);
  });

  it('names each wrong entry of a division by its position', async () => {
    const draft = await t.http
      .post('/api/notices')
      .set(staff)
      .send({ ...notice, deadline: '2022-04-29T09:00:00+08:00' });
    const res = await t.http
      .put(`/api/notices/${draft.body.id}/assignments`)
      .set(staff)
      .send([{ organisationId: 'x', goalCodes: [], role: 'boss' }, 7]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: '[0].goalCodes', message: '目标编号至少 1 项' },
      { field: '[0].role', message: '分工角色必须是以下之一：lead、partner' },
      { field: '[1]', message: '分工的第 2 项必须是对象' },
    ]);
  });
});
