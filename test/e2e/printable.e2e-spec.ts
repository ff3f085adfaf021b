import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { completeTable } from '../factories/strategy-table.factory.js';
import { draftNotice, seedAssignmentInReview, seedIssuedReferenceNotice } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Every text that reaches a PDF is checked against the embedded fonts when it is written: a character they lack
// (𠮷, an emoji, U+FEFF) would otherwise be accepted, issued, and then make the notice, its mails and its receipts
// impossible to build. The answer names the field and the character; nothing is stored.
/** What a refusal for a character the fonts lack says. */
const refusal = (field: string, character: string, codePoint: string) => ({
  status: 400,
  code: 'VALIDATION_FAILED',
  errors: [{ field, message: `字体缺少字符“${character}”（${codePoint}），无法生成PDF（字段：${field}）` }],
});
const answer = (res: { status: number; body: { code?: string; errors?: unknown } }) => ({ status: res.status, code: res.body.code, errors: res.body.errors });

describe('text the fonts cannot print is refused when it is written', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a notice whose title, body, recipients or attachment list holds one, and writes no draft', async () => {
    const staff = await t.login('staff');
    const count = async () => Number((await t.http.get('/api/notices').set(staff)).headers['x-total-count']);
    const before = await count();
    const base = {
      title: '关于报送改进策略的通知',
      recipients: ['各市级医疗质量控制中心'],
      body: '请按时报送。',
      deadline: '2022-04-29T09:00:00+08:00',
      mailbox: 'zhikong@wsjkw.tianjin.example',
      campaignYear: 2022,
    };
    const post = (body: object) => t.http.post('/api/notices').set(staff).send(body);
    expect(answer(await post({ ...base, title: '关于吉（𠮷）字的通知' }))).toEqual(refusal('title', '𠮷', 'U+20BB7'));
    expect(answer(await post({ ...base, body: '请按时报送 😀' }))).toEqual(refusal('body', '😀', 'U+1F600'));
    expect(answer(await post({ ...base, recipients: ['\uFEFF各区卫生健康委'] }))).toEqual(refusal('recipients[0]', '\uFEFF', 'U+FEFF'));
    expect(answer(await post({ ...base, attachments: [{ no: 1, title: '附件𠮷' }] }))).toEqual(refusal('attachments[0].title', '𠮷', 'U+20BB7'));
    expect(await count()).toBe(before);
  });

  it('refuses the same in an edit of a draft, which keeps its text', async () => {
    const staff = await t.login('staff');
    const id = await draftNotice(t, '2022-04-29T09:00:00+08:00');
    const res = await t.http.patch(`/api/notices/${id}`).set(staff).send({ body: '正文 🏥' });
    expect(answer(res)).toEqual(refusal('body', '🏥', 'U+1F3E5'));
    expect((await t.http.get(`/api/notices/${id}`).set(staff)).body.body).toBe('请按时报送。');
  });

  it('refuses an organisation name the receipts could not print, and keeps the old one', async () => {
    const admin = await t.login('admin');
    const orgs = (await t.http.get('/api/organisations?pageSize=100').set(admin)).body as { id: string; code: string; name: string }[];
    const cardio = orgs.find((o) => o.code === 'qc-cardio')!;
    const res = await t.http.patch(`/api/organisations/${cardio.id}`).set(admin).send({ name: '天津市心血管𠮷科医疗质量控制中心' });
    expect(answer(res)).toEqual(refusal('name', '𠮷', 'U+20BB7'));
    expect((await t.http.get(`/api/organisations/${cardio.id}`).set(admin)).body.name).toBe(cardio.name);
  });
});

// On an app of its own: the reference notice must be the only one when it is issued.
describe('a reason the fonts cannot print', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("refuses a reviewer's reason the version's history could not print, and the table stays in review", async () => {
    const { assignmentOf } = await seedIssuedReferenceNotice(t);
    const id = await assignmentOf('qc-neuro');
    await seedAssignmentInReview(t, id, completeTable(['2022-02']));
    const reviewer = await t.login('reviewer');
    const res = await t.http.post(`/api/assignments/${id}/events`).set(reviewer).send({ type: 'RETURN', reason: '请补充措施 👍' });
    expect(answer(res)).toEqual(refusal('reason', '👍', 'U+1F44D'));
    expect((await t.http.get(`/api/assignments/${id}`).set(reviewer)).body.state).toBe('inReview');
  });
});
