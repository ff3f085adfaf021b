import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedAssignmentInReview, seedIssuedReferenceNotice } from '../support/campaign.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { pdfText } from '../support/pdf-reader.js';
import { binary, loadXlsx } from '../support/strategy-sheet.js';

// 逾期报送 is a property of a center's first submission: a table sent on time, returned by a reviewer after the
// deadline and sent again promptly is not late; a first table sent after the deadline (an extension or a notice that
// takes late tables let it in) is, and stays so when it is returned and sent again.

interface Center {
  organisation: { code: string };
  late: boolean;
  versions: number;
}

describe('lateness on the reference notice (late tables refused)', () => {
  let t: TestApp;
  let noticeId: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp('2022-04-20T10:00:00+08:00');
    const seeded = await seedIssuedReferenceNotice(t);
    noticeId = seeded.noticeId;
    for (const code of ['qc-cardio', 'qc-neuro']) ids.set(code, await seeded.assignmentOf(code));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not mark late a table sent on time, returned after the deadline and resubmitted within the time the return gives', async () => {
    t.clock.set('2022-04-25T10:00:00+08:00');
    await seedAssignmentInReview(t, ids.get('qc-cardio')!, completeTable(['2022-01']));
    t.clock.set('2022-04-29T10:00:00+08:00');
    const returned = await act(t, 'reviewer', ids.get('qc-cardio')!, { type: 'RETURN', reason: '目标值缺少依据，请补充基线数据来源' });
    expect(returned.body.state).toBe('returned');

    t.clock.set('2022-04-29T16:30:00+08:00');
    const resubmitted = await act(t, 'center-qc-cardio', ids.get('qc-cardio')!, { type: 'SUBMIT', table: completeTable(['2022-01']) });
    expect(resubmitted.body.submitted).toMatchObject({ version: 2, late: false, submittedAt: '2022-04-29T16:30:00+08:00' });
    const detail = await t.http.get(`/api/assignments/${ids.get('qc-cardio')}`).set(await t.login('staff'));
    expect((detail.body.versions as { late: boolean }[]).map((v) => v.late)).toEqual([false, false]);

    expect(await centerOf(t, noticeId, 'qc-cardio')).toMatchObject({ late: false, versions: 2 });
    const receipt = pdfText(await pdf(t, `/api/assignments/${ids.get('qc-cardio')}/versions/2/receipt.pdf`));
    expect(receipt).toMatch(/是否按时\s+按时/);
    expect(receipt).not.toContain('逾期');
    expect(await summaryRow(t, noticeId, 'qc-cardio')).toMatchObject({ 最新版本: '2', 逾期提交: '否' });
  });

  it('still marks late a first table let in by an extension after the deadline, as before', async () => {
    await act(t, 'center-qc-neuro', ids.get('qc-neuro')!, { type: 'ACKNOWLEDGE' });
    await act(t, 'staff', ids.get('qc-neuro')!, { type: 'EXTEND_DEADLINE', until: '2022-05-06T09:00:00+08:00', reason: '中心负责人抗疫支援，延期一周' });
    t.clock.set('2022-04-30T10:00:00+08:00');
    const submitted = await act(t, 'center-qc-neuro', ids.get('qc-neuro')!, {
      type: 'SUBMIT',
      table: completeTable(['2022-02'], '天津市神经内科医疗质量控制中心'),
    });
    expect(submitted.body.submitted).toMatchObject({ version: 1, late: true });

    expect(await centerOf(t, noticeId, 'qc-neuro')).toMatchObject({ late: true, versions: 1 });
    expect(pdfText(await pdf(t, `/api/assignments/${ids.get('qc-neuro')}/versions/1/receipt.pdf`))).toMatch(/是否按时\s+延期后按时/);
    expect(await summaryRow(t, noticeId, 'qc-neuro')).toMatchObject({ 最新版本: '1', 逾期提交: '是' });
  });
});

describe('lateness on a notice that takes late tables', () => {
  let t: TestApp;
  let noticeId: string;
  let pharmacy: string;

  beforeAll(async () => {
    t = await startTestApp('2022-04-20T10:00:00+08:00');
    const staff = await t.login('staff');
    const draft = ((await t.http.get('/api/notices').set(staff)).body as { id: string; version: number }[])[0];
    const patched = await t.http.patch(`/api/notices/${draft.id}`).set(staff).send({ latePolicy: 'accept-late', version: draft.version });
    expect(patched.status).toBe(200);
    const seeded = await seedIssuedReferenceNotice(t);
    noticeId = seeded.noticeId;
    pharmacy = await seeded.assignmentOf('qc-pharmacy');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('marks late a first table sent after the deadline, and keeps the center late when its returned table comes back', async () => {
    t.clock.set('2022-04-29T09:00:00+08:00');
    await seedAssignmentInReview(t, pharmacy, completeTable(['2022-04', '2022-09'], '天津市药事管理医疗质量控制中心'));
    const first = await t.http.get(`/api/assignments/${pharmacy}`).set(await t.login('staff'));
    expect(first.body.versions).toEqual([expect.objectContaining({ version: 1, late: true })]);
    expect(await centerOf(t, noticeId, 'qc-pharmacy')).toMatchObject({ late: true, versions: 1 });

    t.clock.set('2022-04-29T11:00:00+08:00');
    await act(t, 'reviewer', pharmacy, { type: 'RETURN', reason: '请补充监测指标的定义' });
    t.clock.set('2022-04-29T15:00:00+08:00');
    const second = await act(t, 'center-qc-pharmacy', pharmacy, {
      type: 'SUBMIT',
      table: completeTable(['2022-04', '2022-09'], '天津市药事管理医疗质量控制中心'),
    });
    // The resubmission itself is not late; the center is, by its first table.
    expect(second.body.submitted).toMatchObject({ version: 2, late: false });
    expect(await centerOf(t, noticeId, 'qc-pharmacy')).toMatchObject({ late: true, versions: 2 });
    expect(pdfText(await pdf(t, `/api/assignments/${pharmacy}/versions/1/receipt.pdf`))).toMatch(/是否按时\s+逾期/);
    expect(pdfText(await pdf(t, `/api/assignments/${pharmacy}/versions/2/receipt.pdf`))).toMatch(/是否按时\s+按时/);
    expect(await summaryRow(t, noticeId, 'qc-pharmacy')).toMatchObject({ 最新版本: '2', 逾期提交: '是' });
  });
});

async function act(t: TestApp, username: string, assignmentId: string, body: Record<string, unknown>) {
  const res = await t.http
    .post(`/api/assignments/${assignmentId}/events`)
    .set(await t.login(username))
    .send(body);
  expect(res.status).toBe(200);
  return res;
}

/** The center's row of the notice's progress, as the board reads it (its 逾期报送 tag is `late`). */
async function centerOf(t: TestApp, noticeId: string, code: string): Promise<Center | undefined> {
  const res = await t.http.get(`/api/notices/${noticeId}/progress`).set(await t.login('staff'));
  expect(res.status).toBe(200);
  return (res.body.centers as Center[]).find((c) => c.organisation.code === code);
}

async function pdf(t: TestApp, path: string): Promise<Buffer> {
  const res = await t.http
    .get(path)
    .set(await t.login('staff'))
    .buffer(true)
    .parse(binary);
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

/** The center's row of the export workbook's 汇总 sheet, by column header. */
async function summaryRow(t: TestApp, noticeId: string, code: string): Promise<Record<string, string> | undefined> {
  const res = await t.http
    .get(`/api/notices/${noticeId}/export.xlsx`)
    .set(await t.login('staff'))
    .buffer(true)
    .parse(binary);
  expect(res.status).toBe(200);
  const sheet: ExcelJS.Worksheet = (await loadXlsx(res.body as Buffer)).getWorksheet('汇总')!;
  const header = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
  let found: Record<string, string> | undefined;
  sheet.eachRow((row, n) => {
    const cells = Object.fromEntries(header.map((h, c) => [h, String(row.getCell(c).value ?? '')]).filter(([h]) => h));
    if (n > 2 && cells['单位代码'] === code) found = cells;
  });
  return found;
}
