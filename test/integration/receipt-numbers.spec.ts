import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/database/db.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Receipt numbers are taken from the notice's counter with the frozen version (one statement on PostgreSQL). */
describe('receipt numbers', () => {
  let t: TestApp;
  let campaign: Awaited<ReturnType<typeof seedIssuedReferenceNotice>>;

  beforeAll(async () => {
    t = await startTestApp();
    campaign = await seedIssuedReferenceNotice(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function submit(code: string, goal: string): Promise<{ receiptNo: string; version: number }> {
    const id = await campaign.assignmentOf(code);
    const center = await t.login(`center-${code}`);
    expect((await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' })).status).toBe(200);
    const res = await t.http
      .post(`/api/assignments/${id}/events`)
      .set(center)
      .send({ type: 'SUBMIT', table: completeTable([goal]) });
    expect(res.status).toBe(200);
    // The number answered is the number stored.
    const stored = await t.http.get(`/api/assignments/${id}/versions/${res.body.submitted.version}`).set(center);
    expect(stored.body.receiptNo).toBe(res.body.submitted.receiptNo);
    return res.body.submitted;
  }

  it('pads to four digits and never cuts a fifth: 9999 is followed by 10000', async () => {
    // The counter as a notice with 9,998 receipts would have it.
    await t.app
      .get(Db)
      .read((sql) =>
        sql.exec('INSERT INTO counters (key, value) VALUES ($1, 9998) ON CONFLICT (key) DO UPDATE SET value = 9998', [`receipt:${campaign.noticeId}`]),
      );
    const first = await submit('qc-cardio', '2022-01');
    const second = await submit('qc-neuro', '2022-02');
    expect(first.receiptNo).toMatch(/^R2022-\d{3}-9999$/);
    expect(second.receiptNo).toMatch(/^R2022-\d{3}-10000$/);
    expect(second.receiptNo.slice(0, -5)).toBe(first.receiptNo.slice(0, -4));
  });
});
