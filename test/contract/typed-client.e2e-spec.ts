import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../openapi/schema.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { ContractChecker, type OpenApiDocument } from '../support/openapi-contract.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The generated client (openapi/schema.d.ts, from `npm run api:types`) against
 * the real app over a real socket. Every call below is typed by the contract, so
 * `tsc --noEmit` fails when a path, a parameter, a body field or an answer's
 * field used here disagrees with the document; at run time every answer is
 * checked against the document's schema for its operation and status (no
 * field missing, none undocumented).
 */
describe('a client generated from the OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;
  let checker: ContractChecker;
  const violations: string[] = [];
  const clients = new Map<string, Client<paths>>();
  let noticeId: string;
  let cardioId: string;

  /** Checks every answer against the document: status documented, media type documented, body valid. */
  const contract: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      const type = response.headers.get('content-type');
      const body: unknown = type?.includes('json') ? await response.clone().json() : undefined;
      violations.push(...checker.check(request.method, schemaPath, response.status, type, body));
      return undefined;
    },
  };

  function anonymous(): Client<paths> {
    const client = createClient<paths>({ baseUrl });
    client.use(contract);
    return client;
  }

  /** A client signed in as a demo account, through the typed login. */
  async function as(username: string): Promise<Client<paths>> {
    const known = clients.get(username);
    if (known) return known;
    const { data, error } = await anonymous().POST('/api/auth/login', { body: { username, password: DEMO_PASSWORD } });
    if (!data) throw new Error(`login ${username}: ${JSON.stringify(error)}`);
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${data.accessToken}` } });
    client.use(contract);
    clients.set(username, client);
    return client;
  }

  beforeAll(async () => {
    t = await startTestApp('2022-04-18T09:00:00+08:00');
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    checker = new ContractChecker((await t.http.get('/api/docs-json')).body as OpenApiDocument);
  });
  afterEach(() => {
    // Every answer of the test matched the document.
    expect(violations.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in, then reads the user, the organisations, the goals and the template', async () => {
    const { data: health } = await anonymous().GET('/api/health');
    expect(health?.status).toBe('ok');
    const staff = await as('staff');
    const { data: me } = await staff.GET('/api/me');
    expect(me?.roles).toEqual(['staff']);
    expect(me?.organisation.kind).toBe('commission');
    const { data: organisations } = await staff.GET('/api/organisations');
    expect(organisations?.filter((o) => o.kind === 'center')).toHaveLength(14);
    const { data: goals } = await staff.GET('/api/goals', { params: { query: { year: 2022 } } });
    expect(goals?.goals.map((g) => g.code)).toContain('2022-10');
    const { data: template } = await staff.GET('/api/templates/strategy-table', { params: { query: { year: 2022 } } });
    expect(template?.['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('lists notices a page at a time with the total in X-Total-Count, and reads one', async () => {
    const staff = await as('staff');
    const { data, response } = await staff.GET('/api/notices', { params: { query: { page: 1, pageSize: 1 } } });
    expect(data).toHaveLength(1);
    expect(response.headers.get('X-Total-Count')).toBe('1');
    expect(response.headers.get('X-Page-Size')).toBe('1');
    noticeId = data![0].id;
    const { data: notice } = await staff.GET('/api/notices/{id}', { params: { path: { id: noticeId } } });
    expect(notice?.state).toBe('draft');
    expect(notice?.deadline).toBe('2022-04-29T09:00:00+08:00');
    expect(notice?.nextEvents).toEqual(['SUBMIT_FOR_CHECK', 'REVOKE']);
  });

  it('drafts a notice, edits it and sets its division of labour', async () => {
    const staff = await as('staff');
    const created = await staff.POST('/api/notices', {
      body: {
        title: '关于报送2022年改进策略补充材料的通知',
        recipients: ['各市级医疗质量控制中心'],
        body: '请于截止时间前报送。',
        deadline: '2022-05-20T17:00:00+08:00',
        mailbox: 'yizhengchu@wsjkw.tianjin.example',
        campaignYear: 2022,
        reminderLadder: [{ kind: 'hoursBefore', hours: 4 }],
      },
    });
    expect(created.response.status).toBe(201);
    const draft = created.data!;
    expect(draft.reminderLadder).toEqual([{ kind: 'hoursBefore', hours: 4 }]);
    const edited = await staff.PATCH('/api/notices/{id}', {
      params: { path: { id: draft.id } },
      body: { title: '关于报送补充材料的通知', version: draft.version },
    });
    expect(edited.data?.title).toBe('关于报送补充材料的通知');
    const { data: organisations } = await staff.GET('/api/organisations');
    const cardio = organisations!.find((o) => o.code === 'qc-cardio')!;
    const divided = await staff.PUT('/api/notices/{id}/assignments', {
      params: { path: { id: draft.id } },
      body: [{ organisationId: cardio.id, goalCodes: ['2022-01'], role: 'lead' }],
    });
    expect(divided.data?.division).toEqual([{ organisationId: cardio.id, goalCodes: ['2022-01'], role: 'lead' }]);
  });

  it('takes the reference notice through check and sign-off and issues it once, though the ISSUE is sent twice', async () => {
    const staff = await as('staff');
    const leader = await as('leader');
    const send = (client: Client<paths>, type: 'SUBMIT_FOR_CHECK' | 'APPROVE_CHECK' | 'SIGN' | 'ISSUE', key?: string) =>
      client.POST('/api/notices/{id}/events', { params: { path: { id: noticeId }, header: key ? { 'idempotency-key': key } : {} }, body: { type } });
    expect((await send(staff, 'SUBMIT_FOR_CHECK')).data?.state).toBe('checking');
    expect((await send(leader, 'APPROVE_CHECK')).data?.state).toBe('signing');
    expect((await send(leader, 'SIGN')).data?.state).toBe('signed');
    const first = await send(staff, 'ISSUE', 'issue-reference-notice');
    const again = await send(staff, 'ISSUE', 'issue-reference-notice');
    expect(first.data?.docNumber).toBe('津卫医政〔2022〕1号');
    expect(again.data).toEqual(first.data);
  });

  it('a center acknowledges, saves its draft and submits, and reads the version and its PDFs', async () => {
    const center = await as('center-qc-cardio');
    const { data: mine, response } = await center.GET('/api/assignments', { params: { query: { noticeId } } });
    expect(response.headers.get('X-Total-Count')).toBe('1');
    cardioId = mine![0].id;
    const path = { id: cardioId };
    const ack = await center.POST('/api/assignments/{id}/events', { params: { path }, body: { type: 'ACKNOWLEDGE' } });
    expect(ack.data?.state).toBe('acknowledged');
    const saved = await center.PUT('/api/assignments/{id}/draft', {
      params: { path },
      body: { table: completeTable(['2022-01']), version: ack.data!.version },
    });
    expect(saved.data?.draftUpdatedAt).toBe('2022-04-18T09:00:00+08:00');
    const submitted = await center.POST('/api/assignments/{id}/events', {
      params: { path, header: { 'idempotency-key': 'cardio-v1' } },
      body: { type: 'SUBMIT' },
    });
    const answer = submitted.data!;
    expect('submitted' in answer && answer.submitted.receiptNo).toMatch(/0001$/);
    const { data: version } = await center.GET('/api/assignments/{id}/versions/{version}', { params: { path: { id: cardioId, version: 1 } } });
    expect(version?.table).toEqual(completeTable(['2022-01']));
    for (const pdf of ['/api/assignments/{id}/versions/{version}/receipt.pdf', '/api/assignments/{id}/versions/{version}/table.pdf'] as const) {
      const { data: bytes, response: res } = await center.GET(pdf, { params: { path: { id: cardioId, version: 1 } }, parseAs: 'arrayBuffer' });
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(bytes!).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('staff give the reviewer, who approves; staff give feedback and extend another center’s deadline', async () => {
    const staff = await as('staff');
    const reviewer = await as('reviewer');
    const { data: me } = await reviewer.GET('/api/me');
    const path = { id: cardioId };
    const given = await staff.PUT('/api/assignments/{id}/reviewers', { params: { path }, body: { reviewerIds: [me!.id] } });
    expect(given.data?.reviewers).toEqual([{ id: me!.id, username: me!.username, displayName: me!.displayName }]);
    await reviewer.POST('/api/assignments/{id}/events', { params: { path }, body: { type: 'START_REVIEW' } });
    const approved = await reviewer.POST('/api/assignments/{id}/events', { params: { path }, body: { type: 'APPROVE', comment: '同意' } });
    expect(approved.data && 'reviews' in approved.data && approved.data.reviews.map((r) => r.decision)).toEqual(['approved']);
    const feedback = await staff.POST('/api/assignments/{id}/events', {
      params: { path },
      body: { type: 'GIVE_FEEDBACK', feedback: '策略可行，请按时间节点推进。' },
    });
    expect(feedback.data?.state).toBe('feedbackGiven');
    const { data: detail } = await staff.GET('/api/assignments/{id}', { params: { path } });
    expect(detail?.feedback.map((f) => f.feedback)).toEqual(['策略可行，请按时间节点推进。']);

    const neuro = (await (await as('center-qc-neuro')).GET('/api/assignments')).data![0];
    const extended = await staff.POST('/api/assignments/{id}/events', {
      params: { path: { id: neuro.id } },
      body: { type: 'EXTEND_DEADLINE', until: '2022-05-06T17:00:00+08:00', reason: '该中心负责人外出' },
    });
    expect(extended.data?.deadline).toBe('2022-05-06T17:00:00+08:00');
  });

  it('staff read the progress, the audit trail and the outbox, send a 催办 and resend a mail', async () => {
    const staff = await as('staff');
    const { data: progress } = await staff.GET('/api/notices/{id}/progress', { params: { path: { id: noticeId }, query: { pageSize: 5 } } });
    expect(progress?.total).toBe(14);
    expect(progress?.counts.feedbackGiven).toBe(1);
    expect(progress?.centers).toHaveLength(5);
    const { data: trail } = await staff.GET('/api/audit', { params: { query: { entity: `notice:${noticeId}` } } });
    expect(trail?.some((r) => r.kind === 'assignment.reviewersSet')).toBe(true);
    const reminded = await staff.POST('/api/notices/{id}/reminders', {
      params: { path: { id: noticeId } },
      body: { message: '请于4月29日9:00前报送策略表。' },
    });
    expect(reminded.response.status).toBe(201);
    expect(reminded.data?.sent).toBe(13);

    await t.app.get(OutboxRelay).drain();
    const { data: outbox } = await staff.GET('/api/outbox', { params: { query: { status: 'sent' } } });
    const sent = outbox!.messages.find((m) => m.kind === 'mail.receipt')!;
    const resent = await staff.POST('/api/outbox/{id}/resend', { params: { path: { id: sent.id } } });
    expect(resent.data?.status).toBe('pending');
    const twice = await staff.POST('/api/outbox/{id}/resend', { params: { path: { id: sent.id } } });
    expect(twice.error?.code).toBe('INVALID_TRANSITION');

    const { data: pdf, response } = await staff.GET('/api/notices/{id}/document.pdf', { params: { path: { id: noticeId } }, parseAs: 'arrayBuffer' });
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(Buffer.from(pdf!).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers errors as the problem details the document describes', async () => {
    const unauthenticated = await anonymous().GET('/api/notices');
    expect(unauthenticated.error?.code).toBe('UNAUTHENTICATED');
    const wrongPassword = await anonymous().POST('/api/auth/login', { body: { username: 'staff', password: 'not-the-password' } });
    expect(wrongPassword.error?.detail).toBe('用户名或密码错误');
    const staff = await as('staff');
    const missing = await staff.GET('/api/notices/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
    expect(missing.error?.code).toBe('NOT_FOUND');
    const invalid = await staff.POST('/api/notices', {
      body: { title: '无效截止时间', recipients: [], body: '', deadline: '下周五', mailbox: 'yizhengchu@wsjkw.tianjin.example', campaignYear: 2022 },
    });
    expect(invalid.error?.code).toBe('VALIDATION_FAILED');
    expect(invalid.error?.errors?.map((e) => e.field)).toEqual(['deadline']);
    const forbidden = await (await as('center-qc-cardio')).POST('/api/notices/{id}/events', { params: { path: { id: noticeId } }, body: { type: 'CLOSE' } });
    expect(forbidden.error?.status).toBe(403);
  });
});
