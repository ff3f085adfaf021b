import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedAssignmentInReview, seedIssuedReferenceNotice, walkDraft } from '../support/campaign.js';
import { completeTable } from '../factories/strategy-table.factory.js';

describe('races and retries', () => {
  let t: TestApp;
  let campaign: Awaited<ReturnType<typeof seedIssuedReferenceNotice>>;

  beforeAll(async () => {
    t = await startTestApp();
    campaign = await seedIssuedReferenceNotice(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function trail(assignmentId: string) {
    const res = await t.http.get(`/api/audit?entity=assignment:${assignmentId}`).set(await t.login('staff'));
    return res.body as { event: string; to: string }[];
  }

  it('lets exactly one of two concurrent APPROVE / RETURN win', async () => {
    const id = await campaign.assignmentOf('qc-cardio');
    await seedAssignmentInReview(t, id, completeTable(['2022-01']));
    const reviewer = await t.login('reviewer');
    const [approve, ret] = await Promise.all([
      t.http.post(`/api/assignments/${id}/events`).set(reviewer).send({ type: 'APPROVE' }),
      t.http.post(`/api/assignments/${id}/events`).set(reviewer).send({ type: 'RETURN', reason: '数据来源不清' }),
    ]);
    const statuses = [approve.status, ret.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = approve.status === 409 ? approve : ret;
    expect(['VERSION_CONFLICT', 'INVALID_TRANSITION']).toContain(loser.body.code);
    const after = await t.http.get(`/api/assignments/${id}`).set(reviewer);
    expect(after.body.state).toBe(approve.status === 200 ? 'approved' : 'returned');
    expect(after.body.reviews).toHaveLength(1);
    const decisions = (await trail(id)).filter((r) => r.event === 'APPROVE' || r.event === 'RETURN');
    expect(decisions).toHaveLength(1);
  });

  it('acts once on a replayed Idempotency-Key and answers the first answer again', async () => {
    const id = await campaign.assignmentOf('qc-neuro');
    const center = await t.login('center-qc-neuro');
    const send = () => t.http.post(`/api/assignments/${id}/events`).set(center).set('Idempotency-Key', 'ack-neuro-1').send({ type: 'ACKNOWLEDGE' });
    const first = await send();
    t.clock.advance(60_000);
    const again = await send();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await trail(id)).filter((r) => r.event === 'ACKNOWLEDGE')).toHaveLength(1);
    // Without the key the same request is a new act, and the machine refuses it.
    const plain = await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    expect(plain.status).toBe(409);
  });

  it('acts once when the same keyed SUBMIT arrives twice at the same time', async () => {
    const id = await campaign.assignmentOf('qc-oncology');
    const center = await t.login('center-qc-oncology');
    await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const body = { type: 'SUBMIT', table: completeTable(['2022-03'], '天津市肿瘤医疗质量控制中心') };
    const [a, b] = await Promise.all([
      t.http.post(`/api/assignments/${id}/events`).set(center).set('Idempotency-Key', 'submit-onc').send(body),
      t.http.post(`/api/assignments/${id}/events`).set(center).set('Idempotency-Key', 'submit-onc').send(body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.submitted.receiptNo).toBe(b.body.submitted.receiptNo);
    const detail = await t.http.get(`/api/assignments/${id}`).set(center);
    expect(detail.body.versions).toHaveLength(1);
  });

  it('numbers and issues a notice once when ISSUE arrives three times at once', async () => {
    const staff = await t.login('staff');
    const orgs = (await t.http.get('/api/organisations').set(staff)).body as { id: string; code: string }[];
    const created = await t.http
      .post('/api/notices')
      .set(staff)
      .send({ title: '并发印发', recipients: [], body: '', deadline: '2022-05-20T09:00:00+08:00', mailbox: 'a@b.example', campaignYear: 2022 });
    const id = created.body.id as string;
    await t.http
      .put(`/api/notices/${id}/assignments`)
      .set(staff)
      .send([{ organisationId: orgs.find((o) => o.code === 'qc-lab')!.id, goalCodes: ['2022-04'], role: 'lead' }]);
    await walkDraft(t, id, { stopBeforeIssue: true });
    const answers = await Promise.all([1, 2, 3].map(() => t.http.post(`/api/notices/${id}/events`).set(staff).send({ type: 'ISSUE' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => ['VERSION_CONFLICT', 'INVALID_TRANSITION'].includes(a.body.code))).toBe(true);
    expect((await t.http.get(`/api/assignments?noticeId=${id}`).set(staff)).body).toHaveLength(1);
  });

  it('refuses a key reused for a different request', async () => {
    const id = await campaign.assignmentOf('qc-icu');
    const center = await t.login('center-qc-icu');
    await t.http.post(`/api/assignments/${id}/events`).set(center).set('Idempotency-Key', 'k-icu').send({ type: 'ACKNOWLEDGE' });
    const other = await t.http
      .put(`/api/assignments/${id}/draft`)
      .set(center)
      .set('Idempotency-Key', 'k-icu')
      .send({ table: { goals: [] } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('saves a draft once for a replayed PUT and refuses a stale version', async () => {
    const id = await campaign.assignmentOf('qc-surgery');
    const center = await t.login('center-qc-surgery');
    const ack = await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const put = () =>
      t.http
        .put(`/api/assignments/${id}/draft`)
        .set(center)
        .set('Idempotency-Key', 'draft-1')
        .send({ table: { goals: [] }, version: ack.body.version });
    expect((await put()).status).toBe(200);
    expect((await put()).status).toBe(200);
    expect((await trail(id)).filter((r) => r.event === 'SAVE_DRAFT')).toHaveLength(1);
    const stale = await t.http
      .put(`/api/assignments/${id}/draft`)
      .set(center)
      .send({ table: { goals: [1] }, version: ack.body.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });
});
