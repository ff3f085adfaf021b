import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import ICAL from 'ical.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedAssignmentInReview, seedIssuedReferenceNotice } from '../support/campaign.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { MailComposer } from '../../src/mail/mail-composer.service.js';
import { Db } from '../../src/database/db.js';
import { OutboxDelivery } from '../../src/outbox/outbox-delivery.service.js';

const CARDIO = '天津市心血管内科医疗质量控制中心';
/** Where the installation is reached (APP_URL): every mail links to a page under it. */
const BASE = 'https://gongwen.wsjkw.tianjin.example';

/** The one link of a mail to a page of the web app, checked in its text and in its HTML. */
function pageLink(mail: { text?: string; html?: string | false }): string {
  const links = [...(mail.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
  expect(links).toHaveLength(1);
  expect(mail.html || '').toContain(`<a href="${links[0]}">`);
  return links[0];
}
const TABLE_TITLE = '2022年度天津市医疗质量安全改进目标实施（改进）策略表';

async function binary(t: TestApp, path: string, user: string): Promise<Buffer> {
  const res = await t.http
    .get(path)
    .set(await t.login(user))
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.body as Buffer;
}

describe('mail to the government mailbox over real SMTP', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  let relay: OutboxRelay;
  let campaign: Awaited<ReturnType<typeof seedIssuedReferenceNotice>>;

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp('2022-04-18T09:00:00+08:00', {
      SMTP_URL: sink.url,
      OUTBOX_BACKOFF_BASE_MS: '60000',
      OUTBOX_MAX_ATTEMPTS: '3',
      APP_URL: `${BASE}/`,
    });
    relay = t.app.get(OutboxRelay);
    campaign = await seedIssuedReferenceNotice(t);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  async function submit(code: string, goals: string[], name: string) {
    const id = await campaign.assignmentOf(code);
    const center = await t.login(`center-${code}`);
    await t.http.post(`/api/assignments/${id}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
    const res = await t.http
      .post(`/api/assignments/${id}/events`)
      .set(center)
      .send({ type: 'SUBMIT', table: completeTable(goals, name) });
    expect(res.status).toBe(200);
    return id;
  }

  it('sends the issued notice to each responsible center with its PDF and the deadline as .ics', async () => {
    const report = await relay.drain();
    expect(report).toEqual({ sent: 14, retried: 0, dead: 0, dropped: 0 });
    expect(sink.messages).toHaveLength(14);
    const cardio = sink.messages.find((m) => m.to && JSON.stringify(m.to).includes('cardio@qc.tianjin.example'))!;
    expect(cardio.subject).toBe('【公文】津卫医政〔2022〕1号 天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知');
    expect(cardio.text).toContain('2022年4月29日（星期五）9:00前');
    const names = cardio.attachments.map((a) => a.filename);
    // 附件2 (the division of labour) and 附件3 (the blank strategy table) were generated and frozen at issue; the mail carries them.
    expect(names).toEqual([
      '津卫医政〔2022〕1号.pdf',
      '附件2-天津市落实2022年国家医疗质量安全改进目标分工.pdf',
      '附件3-2022年度天津市医疗质量安全改进目标实施（改进）策略表.xlsx',
      'deadline.ics',
    ]);
    const ics = cardio.attachments[3].content.toString('utf8');
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20220429T090000');
    const pdf = await binary(t, `/api/notices/${campaign.noticeId}/document.pdf`, 'staff');
    expect(cardio.attachments[0].content.equals(pdf)).toBe(true);
    // Each center's mail opens its own task, where it signs for the notice.
    expect(pageLink(cardio)).toBe(`${BASE}/assignments/${await campaign.assignmentOf('qc-cardio')}`);
    const neuro = sink.messages.find((m) => JSON.stringify(m.to).includes('neuro@qc.tianjin.example'))!;
    expect(pageLink(neuro)).toBe(`${BASE}/assignments/${await campaign.assignmentOf('qc-neuro')}`);
  });

  it('emails a submission to the mailbox with the table PDF, the receipt PDF and the JSON, under a stable Message-ID', async () => {
    sink.messages.length = 0;
    const id = await submit('qc-cardio', ['2022-01'], CARDIO);
    expect(await relay.drain()).toEqual({ sent: 2, retried: 0, dead: 0, dropped: 0 });
    const toMailbox = sink.messages.find((m) => JSON.stringify(m.to).includes('zhikong@wsjkw.tianjin.example'))!;
    expect(toMailbox.subject).toBe(`【策略表】${CARDIO} — ${TABLE_TITLE}（第1版）`);
    expect(toMailbox.text).toContain('津卫医政〔2022〕1号');
    expect(toMailbox.text).toContain('2022-04-18 09:00:00（北京时间）');
    expect(toMailbox.text).toContain('按时');
    expect(toMailbox.attachments.map((a) => a.filename)).toEqual([
      `策略表-${CARDIO}-第1版.pdf`,
      expect.stringMatching(/^回执-R2022-001-0001\.pdf$/),
      `策略表-${CARDIO}-第1版.json`,
    ]);
    const [tablePdf, receiptPdf, json] = toMailbox.attachments;
    expect(tablePdf.content.equals(await binary(t, `/api/assignments/${id}/versions/1/table.pdf`, 'center-qc-cardio'))).toBe(true);
    expect(receiptPdf.content.equals(await binary(t, `/api/assignments/${id}/versions/1/receipt.pdf`, 'staff'))).toBe(true);
    expect(JSON.parse(json.content.toString('utf8')).goals[0].goalCode).toBe('2022-01');
    const detail = await t.http.get(`/api/assignments/${id}`).set(await t.login('staff'));
    expect(toMailbox.text).toContain(detail.body.versions[0].sha256);
    // `sha256sum` of the mailed JSON gives the digest the receipt prints.
    expect(createHash('sha256').update(json.content).digest('hex')).toBe(detail.body.versions[0].sha256);
    expect(toMailbox.messageId).toBe(t.app.get(MailComposer).messageId(`submission:${id}:v1`));
    const receipt = sink.messages.find((m) => m !== toMailbox)!;
    expect(JSON.stringify(receipt.to)).toContain('contact@qc.tianjin.example');
    expect(receipt.subject).toContain('【回执】R2022-001-0001');
    // The mailbox's copy and the center's receipt both open the task the table belongs to.
    expect(pageLink(toMailbox)).toBe(`${BASE}/assignments/${id}`);
    expect(pageLink(receipt)).toBe(`${BASE}/assignments/${id}`);
    // 发件箱 names the address each message went to.
    const outbox = await t.http.get('/api/outbox?status=sent').set(await t.login('staff'));
    const rows = (outbox.body.messages as { kind: string; assignmentId?: string; to: string | null; recipientName: string }[]).filter(
      (m) => m.assignmentId === id,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'mail.submission', to: 'zhikong@wsjkw.tianjin.example', recipientName: '指定政务邮箱' }),
        expect.objectContaining({ kind: 'mail.receipt', to: 'contact@qc.tianjin.example', recipientName: CARDIO }),
        expect.objectContaining({ kind: 'mail.noticeIssued', to: 'cardio@qc.tianjin.example', recipientName: CARDIO }),
      ]),
    );
  });

  it('keeps mail pending while SMTP is down and delivers each message exactly once when it is back', async () => {
    sink.messages.length = 0;
    const port = sink.port;
    await sink.stop();
    await submit('qc-neuro', ['2022-02'], '天津市神经内科医疗质量控制中心');
    const down = await relay.drain();
    expect(down).toEqual({ sent: 0, retried: 2, dead: 0, dropped: 0 });
    const pending = await t.http.get('/api/outbox?status=pending').set(await t.login('staff'));
    expect(pending.body.messages).toHaveLength(2);
    expect(pending.body.messages[0].lastError).toBeTruthy();
    // The failed attempt was composed: 发件箱 shows where each message is to go.
    expect((pending.body.messages as { to: string | null }[]).map((m) => m.to).sort()).toEqual(['contact@qc.tianjin.example', 'zhikong@wsjkw.tianjin.example']);
    // Not yet due: the backoff holds them back.
    expect(await relay.drain()).toEqual({ sent: 0, retried: 0, dead: 0, dropped: 0 });
    await sink.start(port);
    t.clock.advance(10 * 60_000);
    expect(await relay.drain()).toEqual({ sent: 2, retried: 0, dead: 0, dropped: 0 });
    expect(await relay.drain()).toEqual({ sent: 0, retried: 0, dead: 0, dropped: 0 });
    expect(sink.messages.map((m) => m.subject).sort()).toEqual(
      [expect.stringContaining('【回执】'), `【策略表】天津市神经内科医疗质量控制中心 — ${TABLE_TITLE}（第1版）`].sort(),
    );
    expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(2);
  });

  it('resends with the same Message-ID after a crash between send and mark-sent', async () => {
    sink.messages.length = 0;
    await submit('qc-oncology', ['2022-03'], '天津市肿瘤医疗质量控制中心');
    const db = t.app.get(Db);
    const now = t.clock.now();
    // A relay claims the rows and sends them, then dies before marking them sent.
    const claimed = await db.read((sql) =>
      t.app.get(OutboxDelivery).claim(sql, now.toISOString(), new Date(now.getTime() + 120_000).toISOString(), 10, 'crashed-relay'),
    );
    expect(claimed).toHaveLength(2);
    const composer = t.app.get(MailComposer);
    for (const row of claimed) await relay.transport.send(await composer.compose(row));
    expect(sink.messages).toHaveLength(2);
    // While the lease holds, nobody else takes them.
    expect(await relay.drain()).toEqual({ sent: 0, retried: 0, dead: 0, dropped: 0 });
    t.clock.advance(121_000);
    expect(await relay.drain()).toEqual({ sent: 2, retried: 0, dead: 0, dropped: 0 });
    expect(sink.messages).toHaveLength(4);
    const ids = sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(2);
  });

  it('marks a message dead after its attempts, shows it to staff, and resends it on request', async () => {
    sink.messages.length = 0;
    const port = sink.port;
    await sink.stop();
    await submit('qc-icu', ['2022-06'], '天津市重症医学医疗质量控制中心');
    for (let i = 0; i < 3; i++) {
      await relay.drain();
      t.clock.advance(60 * 60_000);
    }
    const dead = await t.http.get('/api/outbox?status=dead').set(await t.login('staff'));
    expect(dead.body.messages).toHaveLength(2);
    expect(dead.body.counts.dead).toBe(2);
    const forbidden = await t.http.post(`/api/outbox/${dead.body.messages[0].id}/resend`).set(await t.login('center-qc-icu'));
    expect(forbidden.status).toBe(403);
    await sink.start(port);
    for (const m of dead.body.messages as { id: string }[]) {
      const res = await t.http.post(`/api/outbox/${m.id}/resend`).set(await t.login('staff'));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending');
    }
    expect(await relay.drain()).toEqual({ sent: 2, retried: 0, dead: 0, dropped: 0 });
    expect(sink.messages).toHaveLength(2);
  });

  it('drops a 催办 that the center overtook by submitting before it went out', async () => {
    sink.messages.length = 0;
    const id = await campaign.assignmentOf('qc-surgery');
    const staff = await t.login('staff');
    const sent = await t.http.post(`/api/notices/${campaign.noticeId}/reminders`).set(staff).send({ message: '请尽快报送', assignmentId: id });
    expect(sent.status).toBe(201);
    await submit('qc-surgery', ['2022-08'], '天津市普通外科医疗质量控制中心');
    const report = await relay.drain();
    expect(report).toEqual({ sent: 2, retried: 0, dead: 0, dropped: 1 });
    expect(sink.messages.some((m) => m.subject?.startsWith('【催办】'))).toBe(false);
    const dropped = await t.http.get('/api/outbox?status=dropped').set(staff);
    expect(dropped.body.messages).toEqual([
      expect.objectContaining({ kind: 'mail.reminder', assignmentId: id, lastError: expect.stringContaining('superseded') }),
    ]);
  });

  it('escapes what users typed and never lets it into a header', async () => {
    sink.messages.length = 0;
    const id = await campaign.assignmentOf('qc-cardio');
    const reviewer = await t.login('reviewer');
    const me = await t.http.get('/api/me').set(reviewer);
    await t.http
      .put(`/api/assignments/${id}/reviewers`)
      .set(await t.login('staff'))
      .send({ reviewerIds: [me.body.id] });
    await t.http.post(`/api/assignments/${id}/events`).set(reviewer).send({ type: 'START_REVIEW' });
    const reason = '基线<script>alert(1)</script>\r\nBcc: spy@evil.example\r\n请补充';
    expect((await t.http.post(`/api/assignments/${id}/events`).set(reviewer).send({ type: 'RETURN', reason })).status).toBe(200);
    await relay.drain();
    const [returned] = sink.messages;
    expect(returned.subject).toBe(`【退回】${CARDIO} 策略表（第1版）请修改后重新提交`);
    expect(returned.bcc).toBeUndefined();
    expect(returned.headers.has('bcc')).toBe(false);
    expect(returned.html).not.toContain('<script>');
    expect(returned.html).toContain('&lt;script&gt;');
    expect(returned.text).toContain('退回理由：基线<script>alert(1)</script>');
    expect(pageLink(returned)).toBe(`${BASE}/assignments/${id}`);
  });
});

describe('the center hears of every decision', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  /** What issuing the notice mailed, before the decisions. */
  let noticeMails: ParsedMail[] = [];

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp('2022-04-20T09:00:00+08:00', { SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('mails the approval, the feedback and an extension to the center, each quoting its own text', async () => {
    const campaign = await seedIssuedReferenceNotice(t);
    const relay = t.app.get(OutboxRelay);
    await relay.drain();
    noticeMails = [...sink.messages];
    sink.messages.length = 0;
    const cardio = await campaign.assignmentOf('qc-cardio');
    const neuro = await campaign.assignmentOf('qc-neuro');
    await seedAssignmentInReview(t, cardio, completeTable(['2022-01'], CARDIO));
    const post = async (who: string, id: string, body: object) =>
      expect(
        (
          await t.http
            .post(`/api/assignments/${id}/events`)
            .set(await t.login(who))
            .send(body)
        ).status,
      ).toBe(200);
    await post('reviewer', cardio, { type: 'APPROVE', comment: '同意，按计划实施' });
    await post('staff', cardio, { type: 'GIVE_FEEDBACK', feedback: '请按季度报送监测数据。' });
    await post('staff', neuro, { type: 'EXTEND_DEADLINE', until: '2022-05-06T09:00:00+08:00', reason: '中心负责人外出支援' });
    const report = await relay.drain();
    expect(report.dead).toBe(0);
    const bySubject = (prefix: string) => sink.messages.find((m) => m.subject?.startsWith(prefix))!;
    expect(bySubject('【审核通过】').text).toContain('审核意见：同意，按计划实施');
    expect(bySubject('【反馈】').text).toContain('请按季度报送监测数据。');
    const extension = bySubject('【延期】');
    expect(extension.subject).toBe('【延期】天津市神经内科医疗质量控制中心 报送截止时间延至2022年5月6日（星期五）9:00（北京时间）');
    expect(extension.text).toContain('延期理由：中心负责人外出支援');
    expect(JSON.stringify(extension.to)).toContain('neuro@qc.tianjin.example');
    // Each opens the center's task (APP_URL unset: this server's own address).
    expect(pageLink(bySubject('【审核通过】'))).toBe(`http://localhost:3000/assignments/${cardio}`);
    expect(pageLink(bySubject('【反馈】'))).toBe(`http://localhost:3000/assignments/${cardio}`);
    expect(pageLink(extension)).toBe(`http://localhost:3000/assignments/${neuro}`);
  });

  it("updates the center's calendar entry with the extension: the same UID, a higher SEQUENCE, the new time", async () => {
    const neuroMails = [...noticeMails, ...sink.messages].filter((m) => JSON.stringify(m.to).includes('neuro@qc.tianjin.example'));
    const event = (m: ParsedMail) => {
      const ics = m.attachments.find((a) => a.filename === 'deadline.ics')!.content.toString('utf8');
      // RFC 5545: lines of at most 75 octets, folded; a real parser reads it.
      for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      const calendar = new ICAL.Component(ICAL.parse(ics));
      expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
      const vevent = calendar.getFirstSubcomponent('vevent')!;
      expect(vevent.getFirstSubcomponent('valarm')).not.toBeNull();
      expect(vevent.getFirstPropertyValue('dtstamp')).not.toBeNull();
      const e = new ICAL.Event(vevent);
      expect(e.endDate.compare(e.startDate)).toBe(1);
      return { uid: e.uid, sequence: e.sequence, start: e.startDate.toString(), description: e.description };
    };
    const issued = event(neuroMails.find((m) => m.subject?.startsWith('【公文】'))!);
    const extended = event(neuroMails.find((m) => m.subject?.startsWith('【延期】'))!);
    expect(issued).toMatchObject({ start: '2022-04-29T09:00:00', sequence: 0 });
    expect(extended).toMatchObject({ uid: issued.uid, start: '2022-05-06T09:00:00', description: '请于2022年5月6日（星期五）9:00前（北京时间）提交策略表。' });
    expect(extended.sequence).toBeGreaterThan(issued.sequence);
  });

  it('marks every mail as sent by a machine and leaks no internal id in its headers', () => {
    const all = [...noticeMails, ...sink.messages];
    expect(all.length).toBeGreaterThan(3);
    for (const m of all) {
      expect(m.headers.get('auto-submitted')).toBe('auto-generated');
      expect([...m.headers.keys()].filter((k) => k.startsWith('x-gongwen'))).toEqual([]);
    }
  });
});

describe('the relay on its own', () => {
  it('delivers without being asked once the app runs, and picks up what an earlier run left', async () => {
    const sink = await new SmtpSink().start();
    const first = await startTestApp('2022-04-18T09:00:00+08:00', { SMTP_URL: sink.url });
    // Issued while no relay runs: 14 notice mails wait in the outbox.
    await seedIssuedReferenceNotice(first);
    await first.close({ keepData: true });
    const second = await startTestApp(
      '2022-04-18T09:00:00+08:00',
      { SMTP_URL: sink.url, OUTBOX_POLL_MS: '50' },
      { dataDir: first.dataDir, schema: first.schema },
    );
    try {
      const deadline = Date.now() + 20_000;
      while (sink.messages.length < 14 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(sink.messages).toHaveLength(14);
    } finally {
      await second.close();
      await sink.stop();
    }
  });
});

describe('mail on a fresh install without SMTP', () => {
  it('writes each message as an .eml file under the mail-drop folder', async () => {
    const t = await startTestApp();
    try {
      await seedIssuedReferenceNotice(t);
      expect((await t.app.get(OutboxRelay).drain()).sent).toBe(14);
      const dir = join(t.dataDir, 'mail-drop');
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(14);
      const mail = await simpleParser(readFileSync(join(dir, files[0])));
      expect(mail.subject).toMatch(/^【公文】津卫医政〔2022〕1号 /);
      expect(mail.attachments.map((a) => a.contentType)).toEqual([
        'application/pdf',
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        expect.stringContaining('text/calendar'),
      ]);
    } finally {
      await t.close();
    }
  });
});
