import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { walkDraft } from '../support/campaign.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { pdfText, renderCheck } from '../support/pdf-reader.js';
import { smallDocx, smallPdf } from '../factories/files.factory.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';

interface AttachmentBody {
  id: string;
  no: number;
  title: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  generated: boolean;
  downloadUrl: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const NATIONAL_NOTICE = '国家卫生健康委办公厅关于印发2022年国家医疗质量安全改进目标的通知（国卫办医函〔2022〕58号）';
const DIVISION_TITLE = '天津市落实2022年国家医疗质量安全改进目标分工';
/** Small enough for the reference notice's files, too small for the 400 KB scan of the second notice. */
const MAIL_LIMIT = 300_000;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The file name a client saves under: RFC 5987 `filename*` decoded. */
function savedName(res: Response): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(String(res.headers['content-disposition']));
  if (!m) throw new Error(`no filename* in ${res.headers['content-disposition']}`);
  return decodeURIComponent(m[1]);
}

/** A multipart body written by hand, so a hostile file name reaches the server exactly as sent (`filename=…` or `filename*=…`). */
function multipart(nameParameter: string, content: Buffer): { type: string; body: Buffer } {
  const boundary = '----gongwen-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${nameParameter}\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

describe('a notice’s attachments (附件): uploaded, generated, frozen at issue, mailed', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  let staff: { Authorization: string };
  let noticeId: string;
  const uploaded = new Map<string, { body: AttachmentBody; bytes: Buffer }>();

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp('2022-04-18T09:00:00+08:00', {
      SMTP_URL: sink.url,
      MAIL_ATTACHMENTS_MAX_BYTES: String(MAIL_LIMIT),
      APP_URL: 'https://gongwen.wsjkw.tianjin.example/',
    });
    staff = await t.login('staff');
    noticeId = ((await t.http.get('/api/notices').set(staff)).body as { id: string }[])[0].id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  function upload(id: string, bytes: Buffer, filename: string, fields: Record<string, string> = {}) {
    const req = t.http.post(`/api/notices/${id}/attachments`).set(staff);
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    return req.attach('file', bytes, { filename, contentType: 'application/octet-stream' });
  }

  async function list(id = noticeId, user = 'staff'): Promise<Response> {
    return t.http.get(`/api/notices/${id}/attachments`).set(await t.login(user));
  }

  async function download(path: string, user = 'staff'): Promise<Response> {
    return t.http
      .get(path)
      .set(await t.login(user))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  }

  async function notice(id = noticeId) {
    return (await t.http.get(`/api/notices/${id}`).set(staff)).body as { version: number; attachments: { no: number; title: string; attachmentId?: string }[] };
  }

  it('uploads 附件1 as a PDF that downloads byte-identical under its Chinese name, its sha256 listed', async () => {
    const bytes = await smallPdf('Guo Wei Ban Yi Han [2022] No. 58');
    const res = await upload(noticeId, bytes, '国卫办医函〔2022〕58号.pdf', { number: '1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ no: 1, title: NATIONAL_NOTICE, fileName: '国卫办医函〔2022〕58号.pdf', contentType: 'application/pdf', generated: false });
    uploaded.set('national', { body: res.body as AttachmentBody, bytes });

    const listed = (await list()).body as AttachmentBody[];
    expect(listed.map((a) => [a.no, a.sha256, a.size])).toEqual([[1, sha256(bytes), bytes.length]]);
    const file = await download(listed[0].downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(savedName(file)).toBe('国卫办医函〔2022〕58号.pdf');
    expect((file.body as Buffer).equals(bytes)).toBe(true);
    expect((await notice()).attachments[0]).toEqual({ no: 1, title: NATIONAL_NOTICE, attachmentId: listed[0].id });
  });

  it('takes a Word document built here by its content, whatever its name says, as the next free line of the 附件说明', async () => {
    const bytes = await smallDocx('工作方案');
    const res = await upload(noticeId, bytes, '工作方案.pdf');
    expect(res.status).toBe(201);
    // Lines 1–3 are taken (and 2 is the system's): the next free one is 4.
    expect(res.body).toMatchObject({ no: 4, title: '工作方案', fileName: '工作方案.docx', contentType: DOCX, sha256: sha256(bytes) });
    uploaded.set('plan', { body: res.body as AttachmentBody, bytes });
    const file = await download((res.body as AttachmentBody).downloadUrl);
    expect(file.headers['content-type']).toBe(DOCX);
    expect(savedName(file)).toBe('工作方案.docx');
    expect((file.body as Buffer).equals(bytes)).toBe(true);
    const printed = await download(`/api/notices/${noticeId}/document.pdf`);
    expect(squeeze(pdfText(printed.body as Buffer))).toContain('4.工作方案');
  });

  it('refuses a file of another type with 415 UNSUPPORTED_MEDIA_TYPE and stores nothing', async () => {
    const before = await notice();
    for (const [bytes, name] of [
      [Buffer.from('这不是 PDF，只是文字'), '伪装.pdf'],
      [Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), '安装程序.docx'],
    ] as const) {
      const res = await upload(noticeId, bytes, name);
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.detail).toContain('只接受 PDF、OFD、Word（.docx）、Excel（.xlsx）、PNG、JPEG');
    }
    expect(((await list()).body as AttachmentBody[]).map((a) => a.no)).toEqual([1, 4]);
    expect((await notice()).version).toBe(before.version);
  });

  it('refuses a 21 MB file with 413 PAYLOAD_TOO_LARGE and stores nothing', async () => {
    const before = await notice();
    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    big.write('%PDF-1.7\n');
    const res = await upload(noticeId, big, '超大扫描件.pdf', { number: '5' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(res.body.detail).toBe('文件超过 20 MB 的上限，未保存');
    expect(((await list()).body as AttachmentBody[]).map((a) => a.no)).toEqual([1, 4]);
    expect((await notice()).version).toBe(before.version);
  });

  it('neutralises a file name with ../, backslashes, NUL and control characters, keeping the Chinese', async () => {
    const bytes = await smallPdf('hostile name');
    const post = (nameParameter: string) => {
      const { type, body } = multipart(nameParameter, bytes);
      return t.http.post(`/api/notices/${noticeId}/attachments`).set(staff).set('Content-Type', type).send(body);
    };
    for (const [sent, kept] of [
      ['filename="../../etc/分工说明.pdf"', '分工说明.pdf'],
      ['filename="..\\..\\windows\\系统说明.pdf"', '系统说明.pdf'],
      // RFC 5987 lets a client percent-encode what a quoted name cannot carry: NUL, BEL, ../
      [`filename*=UTF-8''..%2F..%2F${encodeURIComponent('工作')}%00${encodeURIComponent('要点')}%07.pdf`, '工作要点.pdf'],
    ]) {
      const res = await post(sent);
      expect(res.status).toBe(201);
      expect(res.body.fileName).toBe(kept);
      const file = await download((res.body as AttachmentBody).downloadUrl);
      expect(savedName(file)).toBe(kept);
      expect(await t.http.delete((res.body as AttachmentBody).downloadUrl).set(staff)).toHaveProperty('status', 204);
    }
    // A raw control character breaks the part's header: refused as a malformed form, nothing stored.
    const raw = await post('filename="坏\u0001名.pdf"');
    expect(raw.status).toBe(400);
    expect(raw.body.detail).toBe('上传的表单格式有误（multipart/form-data）');
    expect(((await list()).body as AttachmentBody[]).map((a) => a.no)).toEqual([1, 4]);
  });

  it('replaces a draft’s attachment in place and deletes another with its line of the 附件说明', async () => {
    const national = uploaded.get('national')!;
    const bytes = await smallPdf('Guo Wei Ban Yi Han [2022] No. 58, corrected scan');
    const res = await t.http
      .put(national.body.downloadUrl)
      .set(staff)
      .attach('file', bytes, { filename: '国卫办医函〔2022〕58号（更正）.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: national.body.id,
      no: 1,
      title: NATIONAL_NOTICE,
      fileName: '国卫办医函〔2022〕58号（更正）.pdf',
      sha256: sha256(bytes),
    });
    national.bytes = bytes;
    national.body = res.body as AttachmentBody;
    expect(((await download(national.body.downloadUrl)).body as Buffer).equals(bytes)).toBe(true);

    const extra = await upload(noticeId, await smallPdf('draft only'), '临时材料.pdf', { title: '临时材料' });
    expect(extra.body.no).toBe(5);
    expect((await notice()).attachments.map((a) => a.no)).toEqual([1, 2, 3, 4, 5]);
    expect((await t.http.delete((extra.body as AttachmentBody).downloadUrl).set(staff)).status).toBe(204);
    expect((await notice()).attachments.map((a) => a.no)).toEqual([1, 2, 3, 4]);
    expect((await download((extra.body as AttachmentBody).downloadUrl)).status).toBe(404);
  });

  it('keeps the 附件说明 and the files in step when staff edit the list of a draft', async () => {
    const before = await notice();
    const dropped = await t.http
      .patch(`/api/notices/${noticeId}`)
      .set(staff)
      .send({ attachments: before.attachments.filter((a) => a.no !== 4) });
    expect(dropped.status).toBe(400);
    expect(dropped.body.detail).toBe('附件说明有误：附件4已上传文件，请先通过附件接口删除该文件');
    // The list as read (with its attachmentId) goes back with one title changed: the file stays on its line.
    const retitled = before.attachments.map((a) => (a.no === 4 ? { ...a, title: '2022年度工作方案' } : a));
    const edited = await t.http.patch(`/api/notices/${noticeId}`).set(staff).send({ attachments: retitled });
    expect(edited.status).toBe(200);
    expect(edited.body.attachments).toEqual(before.attachments.map((a) => (a.no === 4 ? { ...a, title: '2022年度工作方案' } : a)));
    const listed = (await list()).body as AttachmentBody[];
    expect(listed.find((a) => a.no === 4)).toMatchObject({ title: '2022年度工作方案', fileName: '工作方案.docx' });
  });

  it('keeps 附件2 for the system: an upload there is refused, and a draft’s division is rendered on demand', async () => {
    const refused = await upload(noticeId, await smallPdf('mine'), '分工.pdf', { number: '2' });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('附件2由系统根据分工自动生成，不能上传；请选择其他序号');
    const generated = await t.http.post(`/api/notices/${noticeId}/attachments/generated`).set(staff);
    expect(generated.status).toBe(200);
    const division = (generated.body as AttachmentBody[]).find((a) => a.no === 2)!;
    expect(division).toMatchObject({ title: DIVISION_TITLE, generated: true, contentType: 'application/pdf' });
    const pdf = (await download(division.downloadUrl)).body as Buffer;
    expect(squeeze(pdfText(pdf))).toContain(`附件2${DIVISION_TITLE}`);
  });

  it('shows a draft’s attachments to nobody outside the issuing commission', async () => {
    expect((await list(noticeId, 'center-qc-cardio')).status).toBe(404);
    expect((await download(uploaded.get('national')!.body.downloadUrl, 'center-qc-cardio')).status).toBe(404);
    expect((await list(noticeId, 'leader')).status).toBe(200);
    const byLeader = await t.http
      .post(`/api/notices/${noticeId}/attachments`)
      .set(await t.login('leader'))
      .attach('file', await smallPdf('x'), '领导.pdf');
    expect(byLeader.status).toBe(403);
  });

  it('freezes the attachments from 核稿 on (409 ATTACHMENTS_FROZEN) and, at issue, lists 附件2 made from the numbered notice', async () => {
    await walkDraft(t, noticeId, { stopBeforeIssue: true, expectEachStep: true });
    const frozen = await upload(noticeId, await smallPdf('late'), '补充材料.pdf');
    expect(frozen.status).toBe(409);
    expect(frozen.body).toMatchObject({ code: 'ATTACHMENTS_FROZEN', detail: '附件已随公文冻结（当前状态：已签发），只有草稿的附件可以修改' });
    const issued = await t.http.post(`/api/notices/${noticeId}/events`).set(staff).send({ type: 'ISSUE' });
    expect(issued.body.state).toBe('issued');
    expect(issued.body.attachments.map((a: { no: number }) => a.no)).toEqual([1, 2, 3, 4]);

    const national = uploaded.get('national')!.body;
    expect(
      (
        await t.http
          .put(national.downloadUrl)
          .set(staff)
          .attach('file', await smallPdf('x'), 'x.pdf')
      ).status,
    ).toBe(409);
    expect((await t.http.delete(national.downloadUrl).set(staff)).body.code).toBe('ATTACHMENTS_FROZEN');
    expect((await t.http.post(`/api/notices/${noticeId}/attachments/generated`).set(staff)).status).toBe(409);

    const listed = (await list()).body as AttachmentBody[];
    expect(listed.map((a) => [a.no, a.generated])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
    ]);
    const division = listed[1];
    expect(division).toMatchObject({ title: DIVISION_TITLE, fileName: `附件2-${DIVISION_TITLE}.pdf` });
    const pdf = (await download(division.downloadUrl)).body as Buffer;
    expect(sha256(pdf)).toBe(division.sha256);
    await renderCheck(pdf);
    const text = squeeze(pdfText(pdf));
    expect(text).toContain('目标一：提高急性ST段抬');
    expect(text).toContain('天津市心血管内科医疗质量控制中心'.slice(0, 8));
    expect(squeeze(pdfText((await download(`/api/notices/${noticeId}/document.pdf`)).body as Buffer))).toContain(`2.${DIVISION_TITLE}`);
  });

  it('lets a center of the issued notice list and download its attachments', async () => {
    const listed = (await list(noticeId, 'center-qc-cardio')).body as AttachmentBody[];
    expect(listed.map((a) => a.no)).toEqual([1, 2, 3, 4]);
    const plan = uploaded.get('plan')!;
    const file = await download(plan.body.downloadUrl, 'center-qc-cardio');
    expect(file.status).toBe(200);
    expect(savedName(file)).toBe('工作方案.docx');
    expect((file.body as Buffer).equals(plan.bytes)).toBe(true);
  });

  it('mails each responsible center the notice with its attachments under their Chinese names (real SMTP)', async () => {
    expect((await t.app.get(OutboxRelay).drain()).sent).toBe(14);
    const cardio = sink.messages.find((m) => JSON.stringify(m.to).includes('cardio@qc.tianjin.example'))!;
    expect(cardio.attachments.map((a) => a.filename)).toEqual([
      '津卫医政〔2022〕1号.pdf',
      '附件1-国卫办医函〔2022〕58号（更正）.pdf',
      `附件2-${DIVISION_TITLE}.pdf`,
      '附件3-2022年度天津市医疗质量安全改进目标实施（改进）策略表.xlsx',
      '附件4-工作方案.docx',
      'deadline.ics',
    ]);
    expect(cardio.attachments[1].content.equals(uploaded.get('national')!.bytes)).toBe(true);
    expect(cardio.attachments[4].content.equals(uploaded.get('plan')!.bytes)).toBe(true);
    expect(cardio.attachments[4].contentType).toBe(DOCX);
    const division = ((await list()).body as AttachmentBody[])[1];
    expect(sha256(cardio.attachments[2].content)).toBe(division.sha256);
    expect(cardio.text).toContain('公文附件已随本邮件附上：');
    expect(cardio.text).toContain(`附件2　${DIVISION_TITLE}`);
    expect(cardio.text).toContain('附件4　2022年度工作方案（附件4-工作方案.docx）');
  });

  it('mails download links instead of the files when they exceed MAIL_ATTACHMENTS_MAX_BYTES, and keeps them from an unrelated center', async () => {
    const orgs = (await t.http.get('/api/organisations').set(staff)).body as { id: string; code: string }[];
    const created = await t.http
      .post('/api/notices')
      .set(staff)
      .send({
        title: '关于报送胸痛中心建设资料的通知',
        recipients: ['天津市心血管内科医疗质量控制中心'],
        body: '请按附件要求报送。',
        deadline: '2022-05-20T17:00:00+08:00',
        mailbox: 'zhikong@wsjkw.tianjin.example',
        campaignYear: 2022,
      });
    const id = created.body.id as string;
    const scan = Buffer.concat([await smallPdf('scan'), Buffer.alloc(400_000, 0x25)]);
    const res = await upload(id, scan, '胸痛中心建设标准（扫描件）.pdf', { number: '1', title: '胸痛中心建设标准' });
    expect(res.status).toBe(201);
    const division = await t.http
      .put(`/api/notices/${id}/assignments`)
      .set(staff)
      .send([{ organisationId: orgs.find((o) => o.code === 'qc-cardio')!.id, goalCodes: ['2022-01'], role: 'lead' }]);
    expect(division.status).toBe(200);
    await walkDraft(t, id, { expectEachStep: true });

    sink.messages.length = 0;
    expect((await t.app.get(OutboxRelay).drain()).sent).toBe(1);
    const [mail] = sink.messages;
    expect(mail.attachments.map((a) => a.filename)).toEqual(['津卫医政〔2022〕2号.pdf', 'deadline.ics']);
    const listed = (await list(id)).body as AttachmentBody[];
    expect(mail.text).toContain('超过邮件附件大小上限，未随邮件附上，请登录公文流转系统后下载');
    for (const a of listed) expect(mail.text).toContain(`https://gongwen.wsjkw.tianjin.example/api/notices/${id}/attachments/${a.id}`);

    expect((await download(listed[0].downloadUrl, 'center-qc-cardio')).status).toBe(200);
    expect((await list(id, 'center-qc-neuro')).status).toBe(404);
    const other = await download(listed[0].downloadUrl, 'center-qc-neuro');
    expect(other.status).toBe(404);
    expect(JSON.parse((other.body as Buffer).toString('utf8'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
