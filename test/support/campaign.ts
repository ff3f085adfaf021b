import { expect } from '@jest/globals';
import type { TestApp } from './test-app.js';

/**
 * Builds state by replaying events over HTTP, as users would: the seeded
 * reference notice taken through check, sign-off and issue.
 */
export async function seedIssuedReferenceNotice(t: TestApp): Promise<{ noticeId: string; assignmentOf(code: string): Promise<string> }> {
  const list = await t.http.get('/api/notices').set(await t.login('staff'));
  const noticeId = (list.body as { id: string }[])[0].id;
  await walkDraft(t, noticeId, { expectEachStep: true });
  return {
    noticeId,
    async assignmentOf(code: string) {
      const res = await t.http.get('/api/assignments').set(await t.login(`center-${code}`));
      return (res.body as { id: string }[])[0].id;
    },
  };
}

/** A draft notice of the campaign year 2022 with this deadline, written by the demo staff; answers its id. */
export async function draftNotice(t: TestApp, deadline: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await t.http
    .post('/api/notices')
    .set(await t.login('staff'))
    .send({
      title: '关于报送改进策略的通知',
      recipients: ['各市级医疗质量控制中心'],
      body: '请按时报送。',
      deadline,
      mailbox: 'zhikong@wsjkw.tianjin.example',
      campaignYear: 2022,
      ...extra,
    });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/**
 * Takes a draft through 核稿 and 签发 and, unless told to stop before it, 印发,
 * as the demo staff and leader. Answers the first step refused, if any.
 */
export async function walkDraft(t: TestApp, noticeId: string, options: { stopBeforeIssue?: boolean; expectEachStep?: boolean } = {}) {
  const staff = await t.login('staff');
  const leader = await t.login('leader');
  const steps = [[staff, 'SUBMIT_FOR_CHECK'], [leader, 'APPROVE_CHECK'], [leader, 'SIGN'], ...(options.stopBeforeIssue ? [] : [[staff, 'ISSUE']])] as [
    { Authorization: string },
    string,
  ][];
  for (const [who, type] of steps) {
    const res = await t.http.post(`/api/notices/${noticeId}/events`).set(who).send({ type });
    if (options.expectEachStep) expect(res.status).toBe(200);
    if (res.status !== 200) return res;
  }
  return undefined;
}

/** An assignment taken to inReview with the demo reviewer given to it. */
export async function seedAssignmentInReview(t: TestApp, assignmentId: string, table: unknown): Promise<void> {
  const center = await t.login(`center-${await centerCodeOf(t, assignmentId)}`);
  const post = (who: { Authorization: string }, body: unknown) =>
    t.http
      .post(`/api/assignments/${assignmentId}/events`)
      .set(who)
      .send(body as object);
  expect((await post(center, { type: 'ACKNOWLEDGE' })).status).toBe(200);
  expect((await post(center, { type: 'SUBMIT', table })).status).toBe(200);
  const reviewer = await t.login('reviewer');
  const me = await t.http.get('/api/me').set(reviewer);
  expect(
    (
      await t.http
        .put(`/api/assignments/${assignmentId}/reviewers`)
        .set(await t.login('staff'))
        .send({ reviewerIds: [me.body.id] })
    ).status,
  ).toBe(200);
  expect((await post(reviewer, { type: 'START_REVIEW' })).status).toBe(200);
}

async function centerCodeOf(t: TestApp, assignmentId: string): Promise<string> {
  const res = await t.http.get(`/api/assignments/${assignmentId}`).set(await t.login('staff'));
  return (res.body as { organisation: { code: string } }).organisation.code;
}
