import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';

describe('lists page instead of answering every row', () => {
  let t: TestApp;
  let noticeId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ noticeId } = await seedIssuedReferenceNotice(t));
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers the staff's assignment list page by page, with the total in X-Total-Count", async () => {
    const staff = await t.login('staff');
    const all = await t.http.get(`/api/assignments?noticeId=${noticeId}`).set(staff);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBe(all.body.length);
    expect(total).toBeGreaterThan(5);
    const first = await t.http.get(`/api/assignments?noticeId=${noticeId}&page=1&pageSize=5`).set(staff);
    const second = await t.http.get(`/api/assignments?noticeId=${noticeId}&page=2&pageSize=5`).set(staff);
    expect(first.body).toHaveLength(5);
    expect(first.headers['x-total-count']).toBe(String(total));
    const ids = [...first.body, ...second.body].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.body.slice(0, ids.length).map((a: { id: string }) => a.id));
  });

  it('keeps the round-wide counts of the progress while its matrix shows one page of centers', async () => {
    const staff = await t.login('staff');
    const whole = (await t.http.get(`/api/notices/${noticeId}/progress`).set(staff)).body;
    const paged = (await t.http.get(`/api/notices/${noticeId}/progress?page=2&pageSize=3`).set(staff)).body;
    expect(paged.total).toBe(whole.total);
    expect(paged.counts).toEqual(whole.counts);
    expect(paged.centers).toHaveLength(3);
    expect(paged.centers.map((c: { assignmentId: string }) => c.assignmentId)).toEqual(
      whole.centers.slice(3, 6).map((c: { assignmentId: string }) => c.assignmentId),
    );
  });

  it('refuses a page size over 500 or a page 0, naming the field', async () => {
    const staff = await t.login('staff');
    const big = await t.http.get(`/api/assignments?pageSize=501`).set(staff);
    expect(big.status).toBe(400);
    expect(big.body.errors.map((e: { field: string }) => e.field)).toContain('pageSize');
    const zero = await t.http.get(`/api/notices?page=0`).set(staff);
    expect(zero.status).toBe(400);
    expect(zero.body.errors.map((e: { field: string }) => e.field)).toContain('page');
  });

  it('pages the audit trail of a notice, oldest first, with its total', async () => {
    const staff = await t.login('staff');
    const whole = await t.http.get(`/api/audit?entity=notice:${noticeId}&pageSize=500`).set(staff);
    const total = Number(whole.headers['x-total-count']);
    expect(total).toBe(whole.body.length);
    expect(total).toBeGreaterThan(10);
    const page = await t.http.get(`/api/audit?entity=notice:${noticeId}&page=2&pageSize=4`).set(staff);
    expect(page.headers['x-total-count']).toBe(String(total));
    expect(page.body).toEqual(whole.body.slice(4, 8));
  });

  it('pages the outbox, keeping the counts beside the messages', async () => {
    const staff = await t.login('staff');
    const whole = await t.http.get('/api/outbox?pageSize=500').set(staff);
    const total = Number(whole.headers['x-total-count']);
    expect(whole.body.total).toBe(total);
    expect(total).toBe(whole.body.messages.length);
    expect(total).toBeGreaterThan(5);
    const page = await t.http.get('/api/outbox?page=2&pageSize=3').set(staff);
    expect(page.body.total).toBe(total);
    expect(page.body.messages).toEqual(whole.body.messages.slice(3, 6));
    expect(page.body.counts).toEqual(whole.body.counts);
  });
});

describe('the notice list searches by 文号, title, year and state', () => {
  let t: TestApp;
  let staff: { Authorization: string };
  const draft = { recipients: ['各市级医疗质量控制中心'], body: '正文', mailbox: 'zwyx@wjw.tj.example', deadline: '2022-06-30T17:00:00+08:00' };

  beforeAll(async () => {
    t = await startTestApp();
    await seedIssuedReferenceNotice(t);
    staff = await t.login('staff');
    for (const body of [
      { ...draft, title: '关于开展2021年度护理质量检查的通知', campaignYear: 2021, tableTemplate: '2022' },
      { ...draft, title: '关于报送2022年第二季度质控数据的通知', campaignYear: 2022 },
    ]) {
      // A minute apart: the list is newest first.
      t.clock.advance(60_000);
      expect((await t.http.post('/api/notices').set(staff).send(body)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function search(query: Record<string, string | number>) {
    const res = await t.http.get('/api/notices').query(query).set(staff);
    expect(res.status).toBe(200);
    return { titles: (res.body as { title: string }[]).map((n) => n.title), total: Number(res.headers['x-total-count']) };
  }

  it('finds the issued notice by a piece of its 文号', async () => {
    expect(await search({ docNumber: '〔2022〕1' })).toEqual({ titles: ['天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知'], total: 1 });
    expect(await search({ docNumber: '〔2021〕' })).toEqual({ titles: [], total: 0 });
  });

  it('finds notices by a piece of the title, by year and by state, and combines them', async () => {
    expect(await search({ q: '护理质量' })).toEqual({ titles: ['关于开展2021年度护理质量检查的通知'], total: 1 });
    expect((await search({ year: 2022 })).total).toBe(2);
    expect(await search({ year: 2021 })).toEqual({ titles: ['关于开展2021年度护理质量检查的通知'], total: 1 });
    expect(await search({ state: 'draft' })).toEqual({ titles: ['关于报送2022年第二季度质控数据的通知', '关于开展2021年度护理质量检查的通知'], total: 2 });
    expect(await search({ state: 'draft', year: 2022, pageSize: 1 })).toEqual({ titles: ['关于报送2022年第二季度质控数据的通知'], total: 1 });
    expect((await search({ state: 'issued' })).titles).toEqual(['天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知']);
  });

  it('takes % and _ in a search literally', async () => {
    expect(await search({ q: '%' })).toEqual({ titles: [], total: 0 });
    expect(await search({ q: '_' })).toEqual({ titles: [], total: 0 });
  });

  it('refuses a state the machines do not have, in Chinese', async () => {
    const res = await t.http.get('/api/notices?state=flying').set(staff);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'state', message: '状态必须是以下之一：draft、checking、signing、signed、issued、closed、revoked' }]);
    const assignments = await t.http.get('/api/assignments?state=flying').set(staff);
    expect(assignments.status).toBe(400);
    expect(assignments.body.errors).toEqual([{ field: 'state', message: expect.stringMatching(/^任务状态必须是以下之一：assigned、acknowledged、/) }]);
  });
});
