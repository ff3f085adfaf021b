import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../openapi/schema.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { smallPdf } from '../factories/files.factory.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { ContractChecker, type OpenApiDocument } from '../support/openapi-contract.js';
import { loadXlsx } from '../support/strategy-sheet.js';
import { passwordOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The generated client (openapi/schema.d.ts, from `npm run api:types`) against
 * the real app over a real socket. Every call below is typed by the contract, so
 * `tsc --noEmit` fails when a path, a parameter, a body field or an answer's
 * field used here disagrees with the document; at run time every answer is
 * checked against the document's schema for its operation and status (no
 * field missing, none undocumented).
 */
/** The password the reviewer created in these tests chooses for themselves. */
const EXPERT_PASSWORD = 'zhang-reviews-2022-tables';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart body (openapi-fetch's bodySerializer): a file goes as a File with its name, other fields as text. */
function formData(fields: Record<string, string | number | Blob | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, value instanceof Blob ? value : String(value));
  }
  return form;
}

describe('a client generated from the OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;
  let checker: ContractChecker;
  const violations: string[] = [];
  const clients = new Map<string, Client<paths>>();
  let noticeId: string;
  let draftId: string;
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

  /** A new session through the typed login: its client, and what the login answered. */
  async function signIn(username: string, password: string) {
    const { data, error } = await anonymous().POST('/api/auth/login', { body: { username, password } });
    if (!data) throw new Error(`login ${username}: ${JSON.stringify(error)}`);
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${data.accessToken}` } });
    client.use(contract);
    return { client, login: data };
  }

  /** A client signed in as a demo account (or one these tests created), one session each. */
  async function as(username: string): Promise<Client<paths>> {
    const known = clients.get(username);
    if (known) return known;
    const { client } = await signIn(username, passwordOf(username));
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

  it('an admin creates a reviewer account and resets its password; the reviewer signs in with it once and chooses their own', async () => {
    const admin = await as('admin');
    const { data: me } = await admin.GET('/api/me');
    const created = await admin.POST('/api/users', {
      body: { username: 'expert-zhang', displayName: '张专家', organisationId: me!.organisation.id, roles: ['reviewer'], email: 'zhang@wsjkw.tianjin.example' },
    });
    expect(created.response.status).toBe(201);
    const expertId = created.data!.user.id;
    expect(created.data?.user.mustChangePassword).toBe(true);
    const { data: reviewers, response } = await admin.GET('/api/users', { params: { query: { role: 'reviewer', pageSize: 10 } } });
    expect(reviewers?.map((u) => u.username)).toContain('expert-zhang');
    expect(response.headers.get('X-Total-Count')).toBe(String(reviewers?.length));

    const reset = await admin.POST('/api/users/{id}/password-reset', { params: { path: { id: expertId } } });
    const oneTimePassword = reset.data!.oneTimePassword;
    expect(oneTimePassword).not.toBe(created.data?.oneTimePassword);
    const { client: expert, login } = await signIn('expert-zhang', oneTimePassword);
    expect(login.mustChangePassword).toBe(true);
    const changed = await expert.POST('/api/me/password', { body: { currentPassword: oneTimePassword, newPassword: EXPERT_PASSWORD } });
    expect(changed.data?.mustChangePassword).toBe(false);
    clients.set('expert-zhang', expert);

    // 已办 is document work: the admin's acts on the account stay in the audit trail, not in 已办.
    const { data: done } = await admin.GET('/api/inbox', { params: { query: { box: 'done' } } });
    expect(done).toEqual([]);
    const { data: trail } = await admin.GET('/api/audit', { params: { query: { entity: `user:${created.data!.user.id}` } } });
    expect(trail?.map((r) => r.kind)).toEqual(['user.created', 'user.passwordReset', 'user.passwordChanged']);
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
    draftId = draft.id;
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

  it('uploads a file to the draft as a multipart form, lists it and downloads it byte for byte under its Chinese name', async () => {
    const staff = await as('staff');
    const scan = new File([await smallPdf('National targets 2022')], '国卫办医函〔2022〕58号.pdf', { type: 'application/pdf' });
    const uploaded = await staff.POST('/api/notices/{id}/attachments', {
      params: { path: { id: draftId } },
      body: { file: scan, title: '国家医疗质量安全改进目标', number: 1 },
      bodySerializer: formData,
    });
    expect(uploaded.response.status).toBe(201);
    const attachment = uploaded.data!;
    expect([attachment.no, attachment.title, attachment.fileName, attachment.contentType]).toEqual([
      1,
      '国家医疗质量安全改进目标',
      '国卫办医函〔2022〕58号.pdf',
      'application/pdf',
    ]);
    const { data: listed } = await staff.GET('/api/notices/{id}/attachments', { params: { path: { id: draftId } } });
    expect(listed).toEqual([attachment]);
    const { data: bytes, response } = await staff.GET('/api/notices/{id}/attachments/{attachmentId}', {
      params: { path: { id: draftId, attachmentId: attachment.id } },
      parseAs: 'arrayBuffer',
    });
    expect(Buffer.from(bytes!)).toEqual(Buffer.from(await scan.arrayBuffer()));
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('国卫办医函〔2022〕58号.pdf')}`);
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

  it('a center acknowledges, saves its draft, round-trips it through its 附件3 spreadsheet and submits, and reads the version and its PDFs', async () => {
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
    // Its own 附件3, prefilled with the draft, uploaded back as the draft: the same table.
    const { data: sheet } = await center.GET('/api/assignments/{id}/strategy-table.xlsx', { params: { path }, parseAs: 'blob' });
    const uploaded = await center.PUT('/api/assignments/{id}/draft.xlsx', {
      params: { path },
      body: { file: new File([sheet!], '附件3-心血管.xlsx', { type: XLSX }), version: saved.data!.version },
      bodySerializer: formData,
    });
    expect(uploaded.data?.draft).toEqual(completeTable(['2022-01']));
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

  it('staff give a reviewer found by name, who finds it in 待办, approves, and then finds it in 已办; staff give feedback and extend another center’s deadline', async () => {
    const staff = await as('staff');
    const expert = await as('expert-zhang');
    const path = { id: cardioId };
    const { data: reviewers } = await staff.GET('/api/reviewers', { params: { query: { q: '张专家' } } });
    expect(reviewers).toEqual([{ id: expect.any(String), username: 'expert-zhang', displayName: '张专家' }]);
    const given = await staff.PUT('/api/assignments/{id}/reviewers', { params: { path }, body: { reviewerIds: [reviewers![0].id] } });
    expect(given.data?.reviewers).toEqual(reviewers);
    const { data: todo } = await expert.GET('/api/inbox', { params: { query: { box: 'todo' } } });
    expect(todo?.map((item) => [item.assignment?.id, item.what, item.nextEvents])).toEqual([[cardioId, '待审核', ['START_REVIEW']]]);
    await expert.POST('/api/assignments/{id}/events', { params: { path }, body: { type: 'START_REVIEW' } });
    const approved = await expert.POST('/api/assignments/{id}/events', { params: { path }, body: { type: 'APPROVE', comment: '同意' } });
    expect(approved.data && 'reviews' in approved.data && approved.data.reviews.map((r) => r.decision)).toEqual(['approved']);
    const { data: done } = await expert.GET('/api/inbox', { params: { query: { box: 'done' } } });
    expect(done?.map((item) => [item.kind, item.assignment?.id ?? null, item.act?.event])).toEqual([
      ['assignment', cardioId, 'APPROVE'],
      ['assignment', cardioId, 'START_REVIEW'],
    ]);
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

  it('staff download the blank 附件3 and export the round: a workbook of the latest tables and an archive of every version', async () => {
    const staff = await as('staff');
    const params = { path: { id: noticeId } };
    const blank = await staff.GET('/api/notices/{id}/strategy-table.xlsx', { params, parseAs: 'arrayBuffer' });
    expect(blank.response.headers.get('content-type')).toBe(XLSX);
    expect((await loadXlsx(Buffer.from(blank.data!))).worksheets.length).toBeGreaterThan(0);
    const workbook = await staff.GET('/api/notices/{id}/export.xlsx', { params, parseAs: 'arrayBuffer' });
    expect(workbook.response.headers.get('content-type')).toBe(XLSX);
    const goalSheet = (await loadXlsx(Buffer.from(workbook.data!))).getWorksheet('目标2022-01')!;
    const cells: string[] = [];
    goalSheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    // The cardio center's submitted table, on its goal's sheet.
    expect(cells).toEqual(expect.arrayContaining(['天津市心血管内科医疗质量控制中心', '2021年全市再灌注治疗率 62.4%']));
    const archive = await staff.GET('/api/notices/{id}/export.zip', { params, parseAs: 'arrayBuffer' });
    expect(archive.response.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(archive.data!).subarray(0, 2).toString()).toBe('PK');
  });

  it('signs out: the session ends, and its token answers 401 from then on', async () => {
    const { client: session } = await signIn('expert-zhang', EXPERT_PASSWORD);
    expect((await session.GET('/api/me')).data?.username).toBe('expert-zhang');
    const out = await session.POST('/api/auth/logout');
    expect(out.response.status).toBe(204);
    expect((await session.GET('/api/me')).error?.code).toBe('UNAUTHENTICATED');
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
