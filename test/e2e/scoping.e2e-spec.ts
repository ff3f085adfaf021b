import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedAssignmentInReview, seedIssuedReferenceNotice } from '../support/campaign.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { addPerson } from '../support/people.js';

describe('who sees and does what', () => {
  let t: TestApp;
  let cardio: string;
  let neuro: string;

  beforeAll(async () => {
    t = await startTestApp();
    const campaign = await seedIssuedReferenceNotice(t);
    cardio = await campaign.assignmentOf('qc-cardio');
    neuro = await campaign.assignmentOf('qc-neuro');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 with problem details without a token, and with a forged one', async () => {
    const none = await t.http.get('/api/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const token = (await t.login('staff')).Authorization;
    const forged = await t.http.get('/api/me').set({ Authorization: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') });
    expect(forged.status).toBe(401);
  });

  it('refuses a wrong password the same way as an unknown user', async () => {
    const wrong = await t.http.post('/api/auth/login').send({ username: 'staff', password: 'not-the-password' });
    const unknown = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('shows a center only its own assignment; another center’s answers 404', async () => {
    const neuroCenter = await t.login('center-qc-neuro');
    const list = await t.http.get('/api/assignments').set(neuroCenter);
    expect((list.body as { id: string }[]).map((a) => a.id)).toEqual([neuro]);
    const read = await t.http.get(`/api/assignments/${cardio}`).set(neuroCenter);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('NOT_FOUND');
    const act = await t.http.post(`/api/assignments/${cardio}/events`).set(neuroCenter).send({ type: 'ACKNOWLEDGE' });
    expect(act.status).toBe(404);
    const draft = await t.http.put(`/api/assignments/${cardio}/draft`).set(neuroCenter).send({ table: {} });
    expect(draft.status).toBe(404);
    const unknownId = await t.http.get('/api/assignments/00000000-0000-0000-0000-000000000000').set(neuroCenter);
    // Indistinguishable from an id that does not exist (each answer has its own request id).
    expect({ ...unknownId.body, requestId: undefined }).toEqual({ ...read.body, requestId: undefined });
  });

  it('does not let a center approve its own table', async () => {
    await seedAssignmentInReview(t, cardio, completeTable(['2022-01']));
    const res = await t.http
      .post(`/api/assignments/${cardio}/events`)
      .set(await t.login('center-qc-cardio'))
      .send({ type: 'APPROVE' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('does not let a reviewer approve what was not given to them', async () => {
    const reviewer = await t.login('reviewer');
    const res = await t.http.post(`/api/assignments/${neuro}/events`).set(reviewer).send({ type: 'APPROVE' });
    expect(res.status).toBe(404);
    const mine = await t.http.get('/api/assignments').set(reviewer);
    expect((mine.body as { id: string }[]).map((a) => a.id)).toEqual([cardio]);
  });

  it('hides draft notices from centers and progress from everyone but the issuer', async () => {
    const center = await t.login('center-qc-cardio');
    const notices = await t.http.get('/api/notices').set(center);
    expect(notices.status).toBe(200);
    const [issued] = notices.body as { id: string; nextEvents: string[] }[];
    expect(issued.nextEvents).toEqual([]);
    const progress = await t.http.get(`/api/notices/${issued.id}/progress`).set(center);
    expect(progress.status).toBe(403);
    const created = await t.http
      .post('/api/notices')
      .set(await t.login('staff'))
      .send({ title: '草稿', recipients: [], body: '', deadline: '2022-06-01T09:00:00+08:00', mailbox: 'a@b.example', campaignYear: 2022 });
    expect(created.status).toBe(201);
    expect((await t.http.get(`/api/notices/${created.body.id}`).set(center)).status).toBe(404);
    // A reviewer of the same commission sees drafts no more than a center does.
    expect((await t.http.get(`/api/notices/${created.body.id}`).set(await t.login('reviewer'))).status).toBe(404);
    expect((await t.http.get(`/api/notices/${created.body.id}/document.pdf`).set(await t.login('reviewer'))).status).toBe(404);
  });
});

describe('two commissions on one installation', () => {
  let t: TestApp;
  let cardio: string;
  let binhaiReviewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    // The reference notice of the first commission is issued: 14 mails to its centers wait in the outbox.
    const campaign = await seedIssuedReferenceNotice(t);
    cardio = await campaign.assignmentOf('qc-cardio');
    const created = await t.http
      .post('/api/organisations')
      .set(await t.login('admin'))
      .send({ kind: 'commission', code: 'binhai-wjw', name: '天津市滨海新区卫生健康委员会', docPrefix: '津滨卫' });
    expect(created.status).toBe(201);
    await addPerson(t, { username: 'binhai-staff', displayName: '滨海新区 工作人员', roles: ['staff'], organisationCode: 'binhai-wjw' });
    binhaiReviewer = await addPerson(t, { username: 'binhai-reviewer', displayName: '滨海审核专家', roles: ['reviewer'], organisationCode: 'binhai-wjw' });
  });
  afterAll(async () => {
    await t.close();
  });

  it("counts in 发件箱 only the commission's own mail; an administrator counts all", async () => {
    const own = await t.http.get('/api/outbox').set(await t.login('staff'));
    expect(own.status).toBe(200);
    expect([own.body.counts, own.body.total]).toEqual([{ pending: 14, sent: 0, dead: 0, dropped: 0 }, 14]);
    const other = await t.http.get('/api/outbox').set(await t.login('binhai-staff'));
    expect(other.status).toBe(200);
    expect([other.body.counts, other.body.total, other.body.messages]).toEqual([{ pending: 0, sent: 0, dead: 0, dropped: 0 }, 0, []]);
    const pendingOnly = await t.http.get('/api/outbox?status=pending').set(await t.login('binhai-staff'));
    expect(pendingOnly.body.counts.pending).toBe(0);
    const admin = await t.http.get('/api/outbox').set(await t.login('admin'));
    expect(admin.body.counts).toEqual({ pending: 14, sent: 0, dead: 0, dropped: 0 });
  });

  it('refuses a reviewer of another commission, naming them, and leaves the assignment as it was', async () => {
    const staff = await t.login('staff');
    const before = await t.http.get(`/api/assignments/${cardio}`).set(staff);
    const ownReviewer = (await t.http.get('/api/me').set(await t.login('reviewer'))).body.id as string;
    for (const reviewerIds of [[binhaiReviewer], [ownReviewer, binhaiReviewer]]) {
      const refused = await t.http.put(`/api/assignments/${cardio}/reviewers`).set(staff).send({ reviewerIds });
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(refused.body.detail).toContain('滨海审核专家（binhai-reviewer）不是本委的审核人');
      expect(refused.body.errors).toEqual([{ field: `reviewerIds[${reviewerIds.length - 1}]`, message: '滨海审核专家（binhai-reviewer）不是本委的审核人' }]);
    }
    const after = await t.http.get(`/api/assignments/${cardio}`).set(staff);
    expect(after.body).toEqual(before.body);
    // The other commission's reviewer sees nothing of it either.
    expect((await t.http.get(`/api/assignments/${cardio}`).set(await t.login('binhai-reviewer'))).status).toBe(404);
  });
});
