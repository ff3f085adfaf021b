import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { completeTable, incompleteTable } from '../factories/strategy-table.factory.js';

interface AssignmentBody {
  id: string;
  state: string;
  nextEvents: string[];
  organisation: { code: string; name: string };
  goals: { code: string; role: string }[];
  versions?: { version: number; late: boolean; receiptNo: string; sha256: string; submittedAt: string }[];
  submitted?: { version: number; late: boolean; receiptNo: string; sha256: string; submittedAt: string };
  reviews?: { decision: string; reason: string | null; version: number }[];
  feedback?: { feedback: string }[];
  deadline: string;
}

/**
 * The spring-2022 reference campaign of domain.md, over HTTP, with the clock
 * moved through April 2022 in Beijing time.
 */
describe('the 2022 reference campaign, end to end', () => {
  let t: TestApp;
  let noticeId: string;
  const assignmentOf = new Map<string, AssignmentBody>();

  beforeAll(async () => {
    t = await startTestApp('2022-04-18T09:00:00+08:00');
  });
  afterAll(async () => {
    await t.close();
  });

  async function notice(username: string, type: string, comment?: string) {
    return t.http
      .post(`/api/notices/${noticeId}/events`)
      .set(await t.login(username))
      .send(comment === undefined ? { type } : { type, comment });
  }

  async function event(username: string, code: string, body: Record<string, unknown>) {
    return t.http
      .post(`/api/assignments/${assignmentOf.get(code)!.id}/events`)
      .set(await t.login(username))
      .send(body);
  }

  async function progress() {
    const res = await t.http.get(`/api/notices/${noticeId}/progress`).set(await t.login('staff'));
    expect(res.status).toBe(200);
    return res.body as {
      counts: Record<string, number>;
      submitted: number;
      overdue: number;
      total: number;
      centers: {
        organisation: { code: string };
        state: string;
        late: boolean;
        overdue: boolean;
        versions: number;
        submittedAt: string | null;
        firstSubmittedAt: string | null;
      }[];
      goals: { code: string; centers: { organisation: { code: string }; role: string }[] }[];
    };
  }

  it('loads the reference notice as a draft with its deadline in Beijing time', async () => {
    const res = await t.http.get('/api/notices').set(await t.login('staff'));
    expect(res.status).toBe(200);
    const [reference] = res.body as {
      id: string;
      title: string;
      state: string;
      deadline: string;
      deadlineText: string;
      attachments: unknown[];
      nextEvents: string[];
      division: unknown[];
    }[];
    expect(reference.title).toContain('2022年国家医疗质量安全改进目标');
    expect(reference.state).toBe('draft');
    expect(reference.deadline).toBe('2022-04-29T09:00:00+08:00');
    expect(reference.deadlineText).toBe('2022年4月29日（星期五）9:00前');
    expect(reference.attachments).toHaveLength(3);
    expect(reference.nextEvents).toEqual(['SUBMIT_FOR_CHECK', 'REVOKE']);
    expect(reference.division.length).toBeGreaterThan(10);
    noticeId = reference.id;
  });

  it('goes through check (核稿) and sign-off (签发), with a RETURN to the drafter on the way', async () => {
    expect((await notice('staff', 'SUBMIT_FOR_CHECK')).body.state).toBe('checking');
    const returned = await notice('leader', 'RETURN', '请补充附件2的协作单位');
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('draft');
    expect((await notice('staff', 'SUBMIT_FOR_CHECK')).body.state).toBe('checking');
    const checked = await notice('leader', 'APPROVE_CHECK');
    expect(checked.body.state).toBe('signing');
    expect(checked.body.nextEvents).toEqual(['SIGN', 'RETURN']);
    const signed = await notice('leader', 'SIGN');
    expect(signed.body.state).toBe('signed');
    expect(signed.body.nextEvents).toEqual([]);
  });

  it('refuses a leader issuing and a staff member signing', async () => {
    expect((await notice('leader', 'ISSUE')).status).toBe(403);
    expect((await notice('staff', 'SIGN')).status).toBe(403);
  });

  it('issues the notice with a document number and one assignment per responsible center', async () => {
    const res = await notice('staff', 'ISSUE');
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('issued');
    expect(res.body.docNumber).toBe('津卫医政〔2022〕1号');
    const p = await progress();
    expect(p.total).toBe(14);
    expect(p.counts.assigned).toBe(14);
    expect(p.goals.map((g) => g.code)).toEqual(['2022-01', '2022-02', '2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10']);
    const pharmacy = p.goals.find((g) => g.code === '2022-04')!;
    expect(pharmacy.centers.find((c) => c.role === 'lead')!.organisation.code).toBe('qc-pharmacy');
    for (const code of ['qc-cardio', 'qc-neuro', 'qc-pharmacy', 'qc-nursing']) {
      const list = await t.http.get('/api/assignments').set(await t.login(`center-${code}`));
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(1);
      assignmentOf.set(code, list.body[0] as AssignmentBody);
    }
    expect(assignmentOf.get('qc-pharmacy')!.goals.map((g) => g.code)).toEqual(['2022-04', '2022-09']);
    expect(assignmentOf.get('qc-cardio')!.nextEvents).toEqual(['ACKNOWLEDGE']);
  });

  it('lets a center acknowledge (签收) and save an incomplete draft, but not submit it', async () => {
    const ack = await event('center-qc-cardio', 'qc-cardio', { type: 'ACKNOWLEDGE' });
    expect(ack.status).toBe(200);
    expect(ack.body.state).toBe('acknowledged');
    expect(ack.body.acknowledgedAt).toBe('2022-04-18T09:00:00+08:00');
    const draft = await t.http
      .put(`/api/assignments/${assignmentOf.get('qc-cardio')!.id}/draft`)
      .set(await t.login('center-qc-cardio'))
      .send({ table: incompleteTable('2022-01') });
    expect(draft.status).toBe(200);
    expect(draft.body.state).toBe('drafting');
    const submit = await event('center-qc-cardio', 'qc-cardio', { type: 'SUBMIT' });
    expect(submit.status).toBe(400);
    expect(submit.body.code).toBe('VALIDATION_FAILED');
    const fields = (submit.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['table.contact', 'table.goals[0].measures']));
  });

  it('rejects a table that misses one of the center’s goals, naming the goal', async () => {
    await event('center-qc-pharmacy', 'qc-pharmacy', { type: 'ACKNOWLEDGE' });
    const res = await event('center-qc-pharmacy', 'qc-pharmacy', { type: 'SUBMIT', table: completeTable(['2022-04']) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('2022-09');
  });

  it('freezes version 1 on SUBMIT; a reviewer returns it with reasons; version 2 is approved', async () => {
    t.clock.set('2022-04-25T10:00:00+08:00');
    await t.http
      .put(`/api/assignments/${assignmentOf.get('qc-cardio')!.id}/draft`)
      .set(await t.login('center-qc-cardio'))
      .send({ table: completeTable(['2022-01']) });
    const v1 = await event('center-qc-cardio', 'qc-cardio', { type: 'SUBMIT' });
    expect(v1.status).toBe(200);
    expect(v1.body.state).toBe('submitted');
    expect(v1.body.submitted).toMatchObject({ version: 1, late: false, submittedAt: '2022-04-25T10:00:00+08:00' });
    expect(v1.body.submitted.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.body.submitted.receiptNo).toMatch(/0001$/);
    expect(v1.body.nextEvents).toEqual(['WITHDRAW']);

    // The reviewer sees nothing until staff give it to them.
    const before = await t.http.get(`/api/assignments/${assignmentOf.get('qc-cardio')!.id}`).set(await t.login('reviewer'));
    expect(before.status).toBe(404);
    const me = await t.http.get('/api/me').set(await t.login('reviewer'));
    const given = await t.http
      .put(`/api/assignments/${assignmentOf.get('qc-cardio')!.id}/reviewers`)
      .set(await t.login('staff'))
      .send({ reviewerIds: [me.body.id] });
    expect(given.status).toBe(200);

    expect((await event('reviewer', 'qc-cardio', { type: 'START_REVIEW' })).body.state).toBe('inReview');
    const noReason = await event('reviewer', 'qc-cardio', { type: 'RETURN' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const returned = await event('reviewer', 'qc-cardio', { type: 'RETURN', reason: '目标值缺少依据，请补充基线数据来源' });
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('returned');
    expect(returned.body.reviews).toEqual([expect.objectContaining({ decision: 'returned', reason: '目标值缺少依据，请补充基线数据来源', version: 1 })]);

    t.clock.set('2022-04-27T15:30:00+08:00');
    const revised = completeTable(['2022-01']);
    revised.goals[0].baseline.dataSource = '天津市胸痛中心数据平台（2021年全年）';
    const v2 = await event('center-qc-cardio', 'qc-cardio', { type: 'SUBMIT', table: revised });
    expect(v2.status).toBe(200);
    expect(v2.body.submitted).toMatchObject({ version: 2, late: false });
    expect(v2.body.submitted.sha256).not.toBe(v1.body.submitted.sha256);

    await event('reviewer', 'qc-cardio', { type: 'START_REVIEW' });
    const approved = await event('reviewer', 'qc-cardio', { type: 'APPROVE' });
    expect(approved.body.state).toBe('approved');
    expect(approved.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    const old = await t.http.get(`/api/assignments/${assignmentOf.get('qc-cardio')!.id}/versions/1`).set(await t.login('center-qc-cardio'));
    expect(old.status).toBe(200);
    expect(old.body.table.goals[0].baseline.dataSource).toBe('国家医疗质量管理与控制信息网（NCIS）');
  });

  it('accepts a SUBMIT at 2022-04-29T08:59:59.999+08:00', async () => {
    await t.http
      .put(`/api/assignments/${assignmentOf.get('qc-pharmacy')!.id}/draft`)
      .set(await t.login('center-qc-pharmacy'))
      .send({ table: completeTable(['2022-04', '2022-09'], '天津市药事管理医疗质量控制中心') });
    t.clock.set('2022-04-29T08:59:59.999+08:00');
    const res = await event('center-qc-pharmacy', 'qc-pharmacy', { type: 'SUBMIT' });
    expect(res.status).toBe(200);
    expect(res.body.submitted).toMatchObject({ version: 1, late: false, submittedAt: '2022-04-29T08:59:59.999+08:00' });
  });

  it('returns DEADLINE_PASSED at 09:00:00.000 Beijing time, naming the deadline', async () => {
    await event('center-qc-neuro', 'qc-neuro', { type: 'ACKNOWLEDGE' });
    await t.http
      .put(`/api/assignments/${assignmentOf.get('qc-neuro')!.id}/draft`)
      .set(await t.login('center-qc-neuro'))
      .send({ table: completeTable(['2022-02'], '天津市神经内科医疗质量控制中心') });
    t.clock.set('2022-04-29T09:00:00.000+08:00');
    const res = await event('center-qc-neuro', 'qc-neuro', { type: 'SUBMIT' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('DEADLINE_PASSED');
    expect(res.body.detail).toContain('2022年4月29日（星期五）9:00');
    expect(res.body.detail).toContain('北京时间');
    const after = await t.http.get(`/api/assignments/${assignmentOf.get('qc-neuro')!.id}`).set(await t.login('center-qc-neuro'));
    expect(after.body.state).toBe('drafting');
    expect(after.body.versions).toEqual([]);
  });

  it('shows the centers that missed the deadline as overdue', async () => {
    const p = await progress();
    const byCode = new Map(p.centers.map((c) => [c.organisation.code, c]));
    expect(byCode.get('qc-neuro')!.overdue).toBe(true);
    expect(byCode.get('qc-pharmacy')!.overdue).toBe(false);
    expect(byCode.get('qc-cardio')!.overdue).toBe(false);
    expect(p.submitted).toBe(2);
    expect(p.overdue).toBe(12);
  });

  it('lists the centers by organisation code, each with its first and its latest submission', async () => {
    const p = await progress();
    const codes = p.centers.map((c) => c.organisation.code);
    expect(codes).toHaveLength(14);
    expect(codes).toEqual([...codes].sort());
    // 心血管 was returned once: its first submission stays on the board's chart, its latest is version 2's.
    expect(p.centers.find((c) => c.organisation.code === 'qc-cardio')).toMatchObject({
      versions: 2,
      firstSubmittedAt: '2022-04-25T10:00:00+08:00',
      submittedAt: '2022-04-27T15:30:00+08:00',
    });
    expect(p.centers.find((c) => c.organisation.code === 'qc-neuro')).toMatchObject({ versions: 0, firstSubmittedAt: null, submittedAt: null });
  });

  it('lets a late center in after staff grant it an extension, flagging the version late', async () => {
    const denied = await event('center-qc-neuro', 'qc-neuro', { type: 'EXTEND_DEADLINE', until: '2022-05-06T09:00:00+08:00', reason: '自行延期' });
    expect(denied.status).toBe(403);
    const ext = await event('staff', 'qc-neuro', {
      type: 'EXTEND_DEADLINE',
      until: '2022-05-06T09:00:00+08:00',
      reason: '中心负责人抗疫支援，经处室同意延期一周',
    });
    expect(ext.status).toBe(200);
    expect(ext.body.deadline).toBe('2022-05-06T09:00:00+08:00');
    expect(ext.body.extensions).toHaveLength(1);
    t.clock.set('2022-05-05T16:00:00+08:00');
    const res = await event('center-qc-neuro', 'qc-neuro', { type: 'SUBMIT' });
    expect(res.status).toBe(200);
    expect(res.body.submitted).toMatchObject({ version: 1, late: true });
    const p = await progress();
    const neuro = p.centers.find((c) => c.organisation.code === 'qc-neuro')!;
    expect(neuro).toMatchObject({ state: 'submitted', late: true, overdue: false, versions: 1, submittedAt: '2022-05-05T16:00:00+08:00' });
  });

  it('records the commission’s feedback, then closes the round with a reason after the deadline', async () => {
    const noFeedback = await event('staff', 'qc-cardio', { type: 'GIVE_FEEDBACK' });
    expect(noFeedback.status).toBe(400);
    const fb = await event('staff', 'qc-cardio', { type: 'GIVE_FEEDBACK', feedback: '策略清晰，请按季度报送监测数据。' });
    expect(fb.status).toBe(200);
    expect(fb.body.state).toBe('feedbackGiven');
    expect(fb.body.feedback).toEqual([expect.objectContaining({ feedback: '策略清晰，请按季度报送监测数据。' })]);

    const withoutReason = await notice('staff', 'CLOSE');
    expect(withoutReason.status).toBe(409);
    expect(withoutReason.body.code).toBe('INVALID_TRANSITION');
    const closed = await notice('staff', 'CLOSE', '截止日期已过，未报送单位另行督办');
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.nextEvents).toEqual([]);
    const p = await progress();
    expect(p.counts.closed).toBe(14);
  });

  it('keeps the whole history in the audit trail', async () => {
    // The trail pages like every list: one page of 500 holds this round's whole history.
    const res = await t.http.get(`/api/audit?entity=notice:${noticeId}&pageSize=500`).set(await t.login('staff'));
    expect(res.status).toBe(200);
    expect(Number(res.headers['x-total-count'])).toBe(res.body.length);
    const rows = res.body as {
      event: string;
      kind: string;
      from: string | null;
      to: string | null;
      payloadDigest: string | null;
      actorId: string | null;
      actorName: string | null;
      actorOrganisationName: string | null;
    }[];
    expect(rows.filter((r) => r.kind === 'notice.transitioned').map((r) => r.event)).toEqual([
      'SUBMIT_FOR_CHECK',
      'RETURN',
      'SUBMIT_FOR_CHECK',
      'APPROVE_CHECK',
      'SIGN',
      'ISSUE',
      'CLOSE',
    ]);
    expect(rows.filter((r) => r.kind === 'assignment.created')).toHaveLength(14);
    expect(rows.filter((r) => r.event === 'SUBMIT' && r.to === 'submitted')).toHaveLength(4);
    expect(rows.every((r) => r.kind === 'notice.created' || r.payloadDigest === null || /^[0-9a-f]{64}$/.test(r.payloadDigest))).toBe(true);
    // Each act names who did it and for which organisation; the system's own (the deadline) names no one.
    const people = await t.http.get('/api/me').set(await t.login('leader'));
    const signed = rows.find((r) => r.event === 'SIGN')!;
    expect(signed).toMatchObject({ actorId: people.body.id, actorName: people.body.displayName, actorOrganisationName: '天津市卫生健康委员会' });
    const cardioSubmit = rows.find((r) => r.event === 'SUBMIT')!;
    expect(cardioSubmit.actorOrganisationName).toBe('天津市心血管内科医疗质量控制中心');
    expect(cardioSubmit.actorName).toBeTruthy();
    expect(rows.filter((r) => r.actorId === null).every((r) => r.actorName === null)).toBe(true);
    const centerView = await t.http.get(`/api/audit?entity=notice:${noticeId}`).set(await t.login('center-qc-cardio'));
    expect(centerView.status).toBe(403);
  });
});
