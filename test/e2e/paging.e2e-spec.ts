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
});
