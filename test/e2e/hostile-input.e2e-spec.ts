import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';

/**
 * Input crafted to break the server (found by fuzzing): every answer is a
 * problem+json with a stable code naming what was wrong, never a 500, and
 * nothing is stored.
 */
describe('hostile input', () => {
  let t: TestApp;
  let staff: { Authorization: string };
  let center: { Authorization: string };
  let assignmentId: string;
  let draftId: string;

  const notice = {
    title: '关于报送2022年度改进策略表的通知',
    recipients: ['各市级医疗质量控制中心'],
    body: '正文',
    deadline: '2022-04-29T09:00:00+08:00',
    mailbox: 'zwyx@wjw.tj.example',
    campaignYear: 2022,
  };

  beforeAll(async () => {
    t = await startTestApp();
    staff = await t.login('staff');
    center = await t.login('center-qc-cardio');
    // The reference notice first: the seeding takes the first notice of the list.
    const campaign = await seedIssuedReferenceNotice(t);
    assignmentId = await campaign.assignmentOf('qc-cardio');
    const draft = await t.http.post('/api/notices').set(staff).send(notice);
    expect(draft.status).toBe(201);
    draftId = draft.body.id;
    await t.http.post(`/api/assignments/${assignmentId}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    await t.http
      .put(`/api/assignments/${assignmentId}/draft`)
      .set(center)
      .send({ table: { goals: [], note: '初稿' } });
  });
  afterAll(async () => {
    await t.close();
  });

  /** What a refused request must leave alone: the draft notice, the assignment and its trail, the list of notices. */
  async function stored() {
    const [n, a, trail, list] = await Promise.all([
      t.http.get(`/api/notices/${draftId}`).set(staff),
      t.http.get(`/api/assignments/${assignmentId}`).set(center),
      t.http.get('/api/audit').query({ pageSize: 500 }).set(staff),
      t.http.get('/api/notices').set(staff),
    ]);
    return { notice: n.body, assignment: a.body, audit: trail.body.length, notices: list.body.length };
  }

  function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  }

  const fieldsOf = (body: Record<string, unknown>) => ((body.errors ?? []) as { field: string }[]).map((e) => e.field);

  describe('JSON nested 2,000 deep', () => {
    const deep = '['.repeat(2000) + ']'.repeat(2000);

    it('answers 400 naming the body on the sign-in, before anyone is signed in', async () => {
      const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":${deep},"password":"x"}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['body']);
      expect(res.body.detail).toContain('层');
    });

    it('answers 400 on a draft and stores nothing', async () => {
      const before = await stored();
      const res = await t.http.put(`/api/assignments/${assignmentId}/draft`).set(center).set('Content-Type', 'application/json').send(`{"table":${deep}}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(await stored()).toEqual(before);
    });

    it('still accepts a strategy table of ordinary depth', async () => {
      const res = await t.http
        .put(`/api/assignments/${assignmentId}/draft`)
        .set(center)
        .send({ table: { goals: [{ goalCode: '2022-01', measures: [{ measure: '培训', milestone: '2022-06-30' }] }] } });
      expect(res.status).toBe(200);
    });
  });

  describe('null for a field the notice must have', () => {
    it.each(['title', 'recipients', 'body', 'deadline', 'timeZone', 'mailbox', 'campaignYear', 'latePolicy', 'reminderLadder', 'resubmissionWorkingDays'])(
      'answers 400 naming %s and leaves the draft as it was',
      async (field) => {
        const before = await stored();
        const res = await t.http
          .patch(`/api/notices/${draftId}`)
          .set(staff)
          .send({ [field]: null });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res.body)).toEqual([field]);
        expect(await stored()).toEqual(before);
      },
    );
  });

  describe('null for a field an account or an organisation must have', () => {
    async function targets() {
      const admin = await t.login('admin');
      const users = await t.http.get('/api/users').query({ q: 'reviewer' }).set(admin);
      const organisations = await t.http.get('/api/organisations').query({ q: 'qc-cardio' }).set(admin);
      return { admin, user: users.body[0] as { id: string }, organisation: organisations.body[0] as { id: string } };
    }

    it.each(['username', 'displayName', 'organisationId', 'roles'])('answers 400 naming the user’s %s, where null was ignored', async (field) => {
      const { admin, user } = await targets();
      const before = (await t.http.get(`/api/users/${user.id}`).set(admin)).body;
      const res = await t.http
        .patch(`/api/users/${user.id}`)
        .set(admin)
        .send({ [field]: null });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect((await t.http.get(`/api/users/${user.id}`).set(admin)).body).toEqual(before);
    });

    it.each(['kind', 'code', 'name'])('answers 400 naming the organisation’s %s', async (field) => {
      const { admin, organisation } = await targets();
      const res = await t.http
        .patch(`/api/organisations/${organisation.id}`)
        .set(admin)
        .send({ [field]: null });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([field]);
    });

    it('still clears an e-mail address with null', async () => {
      const { admin, user } = await targets();
      const res = await t.http.patch(`/api/users/${user.id}`).set(admin).send({ email: null });
      expect(res.status).toBe(200);
      expect(res.body.email).toBeNull();
    });
  });

  describe('characters that have no place in a field', () => {
    it.each([
      ['NUL', 'a\u0000b'],
      ['a lone high surrogate', 'a\ud800b'],
      ['a lone low surrogate', 'a\udc00b'],
      ['a right-to-left override', '通知\u202etxt.exe'],
      ['a left-to-right isolate', '通知\u2066x\u2069'],
    ])('refuses %s in the title, naming the field in Chinese', async (_what, title) => {
      const before = await stored();
      const res = await t.http
        .post('/api/notices')
        .set(staff)
        .send({ ...notice, title });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'title', message: expect.stringMatching(/^标题/) }]);
      expect(await stored()).toEqual(before);
    });

    it('refuses a lone surrogate in the mailbox (a 500 before)', async () => {
      const res = await t.http
        .post('/api/notices')
        .set(staff)
        .send({ ...notice, mailbox: 'zwyx\ud800@wjw.tj.example' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['mailbox']);
    });

    it('answers a center 403 for a notice, whatever its body holds: the role is checked first', async () => {
      const res = await t.http
        .post('/api/notices')
        .set(center)
        .send({ ...notice, mailbox: 'zwyx\ud800@wjw.tj.example' });
      expectProblem(res, 403, 'FORBIDDEN');
    });

    it('refuses NUL in a username at sign-in (a 500 on PostgreSQL before)', async () => {
      const res = await t.http.post('/api/auth/login').send({ username: 'sta\u0000ff', password: 'x' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['username']);
    });

    it('names the nested path of a bad character deep in a draft table, and stores nothing', async () => {
      const before = await stored();
      const res = await t.http
        .put(`/api/assignments/${assignmentId}/draft`)
        .set(center)
        .send({ table: { goals: [{ goalCode: '2022-01', measures: [{ measure: 'x', responsible: '张\u0000伟' }] }] } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['table.goals[0].measures[0].responsible']);
      expect(await stored()).toEqual(before);
    });

    it('refuses a string over 100,000 characters in a draft table, naming it', async () => {
      const before = await stored();
      const res = await t.http
        .put(`/api/assignments/${assignmentId}/draft`)
        .set(center)
        .send({ table: { goals: [], note: '字'.repeat(100_001) } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'table.note', message: expect.stringContaining('100000') }]);
      expect(await stored()).toEqual(before);
    });

    it('refuses NUL in a search term (a 500 on PostgreSQL before)', async () => {
      const res = await t.http
        .get('/api/users')
        .query({ q: 'a\u0000b' })
        .set(await t.login('admin'));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['q']);
    });

    it('refuses NUL in a path parameter', async () => {
      const res = await t.http.patch('/api/notices/a%00b').set(staff).send({ title: '新标题' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['id']);
    });
  });

  describe('prototype keys', () => {
    it.each(['__proto__', 'constructor', 'prototype'])('refuses a "%s" key at the top of a body', async (key) => {
      const before = await stored();
      const res = await t.http
        .post('/api/notices')
        .set(staff)
        .set('Content-Type', 'application/json')
        .send(`{${JSON.stringify(key)}:{"isAdmin":true},${JSON.stringify(notice).slice(1)}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual([key]);
      expect(await stored()).toEqual(before);
    });

    it('refuses one nested in a draft table', async () => {
      const before = await stored();
      const res = await t.http
        .put(`/api/assignments/${assignmentId}/draft`)
        .set(center)
        .set('Content-Type', 'application/json')
        .send('{"table":{"goals":[{"__proto__":{"polluted":true}}]}}');
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['table.goals[0].__proto__']);
      expect(await stored()).toEqual(before);
    });
  });

  it('answers at most 50 field errors for a table of 10,000 goals, with the count of the rest', async () => {
    const before = await stored();
    const goals = Array.from({ length: 10_000 }, () => ({ goalCode: 'x' }));
    const res = await t.http.post(`/api/assignments/${assignmentId}/events`).set(center).send({ type: 'SUBMIT', table: { goals } });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toHaveLength(50);
    expect(res.body.errorsOmitted).toBeGreaterThan(10_000);
    expect(res.text.length).toBeLessThan(20_000);
    expect(await stored()).toEqual(before);
  });

  it('answers 413 problem details for a body over 1 MB', async () => {
    const before = await stored();
    const res = await t.http
      .put(`/api/assignments/${assignmentId}/draft`)
      .set(center)
      .send({ table: { goals: [], blob: 'x'.repeat(1_100_000) } });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.detail).toContain('1 MB');
    expect(await stored()).toEqual(before);
  });

  it('answers 415 problem details for a body that is not JSON', async () => {
    const before = await stored();
    const res = await t.http.put(`/api/assignments/${assignmentId}/draft`).set(center).set('Content-Type', 'text/plain').send('table=1');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.detail).toContain('application/json');
    expect(await stored()).toEqual(before);
  });

  it('answers 415 for a JSON body in a charset other than UTF-8', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json; charset=latin1').send('{"username":"staff","password":"x"}');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 431 problem details for headers over 16 KB', async () => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/health', headers: { 'X-Filler': 'x'.repeat(20_000) } }, (r) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (body += chunk));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(res.type).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', detail: expect.stringContaining('16 KB') });
  });
});
