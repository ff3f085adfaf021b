import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { binary, fillStrategyWorkbook, goalColumns, loadXlsx, utf8FileName } from '../support/strategy-sheet.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string; cell?: string }[];
}

/**
 * 附件3 as a spreadsheet, over HTTP: a center downloads its own copy, fills it
 * in Excel (here: exceljs), uploads it, and gets the same draft as the form
 * would have saved; bad files and bad cells are refused, naming where.
 */
describe('附件3 (.xlsx): download, fill in, upload as the draft', () => {
  let t: TestApp;
  let noticeId: string;
  let pharmacy: string;
  let cardio: string;
  const pharmacyGoals = ['2022-04', '2022-09'];

  beforeAll(async () => {
    t = await startTestApp('2022-04-20T10:00:00+08:00');
    const seeded = await seedIssuedReferenceNotice(t);
    noticeId = seeded.noticeId;
    pharmacy = await seeded.assignmentOf('qc-pharmacy');
    cardio = await seeded.assignmentOf('qc-cardio');
    const ack = await t.http
      .post(`/api/assignments/${pharmacy}/events`)
      .set(await t.login('center-qc-pharmacy'))
      .send({ type: 'ACKNOWLEDGE' });
    expect(ack.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  async function download(path: string, username: string) {
    return t.http
      .get(path)
      .set(await t.login(username))
      .buffer(true)
      .parse(binary);
  }

  async function upload(assignmentId: string, username: string, bytes: Buffer, name = '附件3.xlsx') {
    return t.http
      .put(`/api/assignments/${assignmentId}/draft.xlsx`)
      .set(await t.login(username))
      .attach('file', bytes, name);
  }

  async function draftOf(assignmentId: string) {
    const res = await t.http.get(`/api/assignments/${assignmentId}`).set(await t.login('staff'));
    return res.body as { draft: unknown; version: number };
  }

  it('gives a center its own 附件3: a sheet per goal it carries, its notice and name on top, the cells it fills marked, the marker very hidden', async () => {
    const res = await download(`/api/assignments/${pharmacy}/strategy-table.xlsx`, 'center-qc-pharmacy');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    expect(utf8FileName(res.headers['content-disposition'])).toMatch(/^附件3-天津市药事管理医疗质量控制中心-津卫医政〔2022〕\d+号\.xlsx$/);
    const workbook = await loadXlsx(res.body as Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['填报说明', '目标2022-04', '目标2022-09', '_gongwen']);
    expect(workbook.getWorksheet('_gongwen')!.state).toBe('veryHidden');
    const sheet = workbook.getWorksheet('目标2022-04')!;
    expect(String(sheet.getCell('A2').value)).toMatch(/^通知：津卫医政〔2022〕\d+号《.*2022年国家医疗质量安全改进目标.*》$/);
    expect(String(sheet.getCell('A3').value)).toBe('填报单位：天津市药事管理医疗质量控制中心（qc-pharmacy）');
    expect(String(sheet.getCell('A4').value)).toBe('目标：2022-04  提高住院患者抗菌药物治疗前病原学送检率');
    const { headerRow, columns } = goalColumns(sheet);
    expect([...columns.keys()]).toEqual([
      '目标',
      '牵头单位',
      '协作单位',
      '现状与基线',
      '数据来源',
      '基线时间',
      '目标值',
      '目标完成时间',
      '核心策略',
      '具体措施',
      '时间节点',
      '责任人',
      '监测指标',
      '指标定义',
      '监测频率',
    ]);
    const first = headerRow + 1;
    expect(sheet.getCell(first, 1).value).toBe('2022-04');
    // The goal is ours to fill in, locked; the baseline is the center's: unlocked, yellow, a date column checked by Excel.
    expect(sheet.getCell(first, 1).protection?.locked).not.toBe(false);
    expect(sheet.getCell(first, columns.get('现状与基线')!).protection?.locked).toBe(false);
    expect((sheet.getCell(first, columns.get('现状与基线')!).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
    expect(sheet.getCell(first, columns.get('时间节点')!).dataValidation?.type).toBe('date');
    expect(sheet.getCell(first, columns.get('责任人')!).dataValidation).toMatchObject({ type: 'textLength', formulae: [50] });
    // A single value belongs on the first row only: below it the cell is grey and locked; a list goes on.
    expect(sheet.getCell(first + 1, columns.get('现状与基线')!).protection?.locked).not.toBe(false);
    expect(sheet.getCell(first + 1, columns.get('具体措施')!).protection?.locked).toBe(false);
  });

  it('gives anyone who may read the notice its blank 附件3, one sheet per goal of the division', async () => {
    for (const who of ['staff', 'center-qc-cardio']) {
      const res = await download(`/api/notices/${noticeId}/strategy-table.xlsx`, who);
      expect(res.status).toBe(200);
      const workbook = await loadXlsx(res.body as Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        '填报说明',
        ...Array.from({ length: 10 }, (_, i) => `目标2022-${String(i + 1).padStart(2, '0')}`),
        '_gongwen',
      ]);
      expect(String(workbook.getWorksheet('目标2022-01')!.getCell('A3').value)).toBe('填报单位：（上传时按登录的质控中心识别）');
    }
    const stranger = await t.http.get('/api/notices/00000000-0000-0000-0000-000000000000/strategy-table.xlsx').set(await t.login('staff'));
    expect(stranger.status).toBe(404);
  });

  it('turns a filled 附件3 into exactly the draft the form saves for the same values', async () => {
    const table = completeTable(pharmacyGoals, '天津市药事管理医疗质量控制中心');
    (table.goals[1].partnerUnits as string[]) = ['天津市医院感染管理医疗质量控制中心', '天津市临床检验医疗质量控制中心'];
    const blank = await download(`/api/assignments/${pharmacy}/strategy-table.xlsx`, 'center-qc-pharmacy');
    // One date typed as an Excel date, one as 2022/6/30: both are read as the form's 2022-06-30.
    const filled = await fillStrategyWorkbook(blank.body as Buffer, table, (path, value) =>
      path === 'goals[0].target.date' ? new Date('2022-12-31T00:00:00Z') : path === 'goals[1].measures[0].milestone' ? '2022/6/30' : (value as string),
    );
    const uploaded = await upload(pharmacy, 'center-qc-pharmacy', filled);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.state).toBe('drafting');
    expect(uploaded.body.draft).toEqual(table);
    const bySpreadsheet = (await draftOf(pharmacy)).draft;

    const form = await t.http
      .put(`/api/assignments/${pharmacy}/draft`)
      .set(await t.login('center-qc-pharmacy'))
      .send({ table });
    expect(form.status).toBe(200);
    expect(bySpreadsheet).toEqual((await draftOf(pharmacy)).draft);

    // The center's copy comes back prefilled with its draft; uploaded unchanged, it saves the same table.
    const prefilled = await download(`/api/assignments/${pharmacy}/strategy-table.xlsx`, 'center-qc-pharmacy');
    const again = await upload(pharmacy, 'center-qc-pharmacy', prefilled.body as Buffer);
    expect(again.status).toBe(200);
    expect(again.body.draft).toEqual(table);
    // And the draft read from the spreadsheet is a table the template accepts: it can be submitted as it is.
    const submitted = await t.http
      .post(`/api/assignments/${pharmacy}/events`)
      .set(await t.login('center-qc-pharmacy'))
      .send({ type: 'SUBMIT' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
  });

  it('refuses wrong cells in Chinese, naming sheet, row and column, and keeps the field path; nothing is stored', async () => {
    const before = await draftOf(cardio);
    const table = completeTable(['2022-01']);
    const blank = await download(`/api/assignments/${cardio}/strategy-table.xlsx`, 'center-qc-cardio');
    const filled = await fillStrategyWorkbook(blank.body as Buffer, table, (path, value) => {
      if (path === 'goals[0].measures[1].milestone') return '年底前';
      if (path === 'goals[0].measures[0].responsible') return '张'.repeat(51);
      if (path === 'contact.phone') return '请致电办公室';
      return value as string;
    });
    const res = await upload(cardio, 'center-qc-cardio', filled);
    expect(res.status).toBe(400);
    const problem = res.body as Problem;
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.detail).toMatch(/^附件3有3处需要修改：/);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'table.goals[0].measures[1].milestone',
          message: '工作表“目标2022-01”第9行 K列（时间节点）：应为日期，例如 2022-06-30',
          cell: '目标2022-01!K9',
        },
        {
          field: 'table.goals[0].measures[0].responsible',
          message: '工作表“目标2022-01”第8行 L列（责任人）：不能超过 50 个字',
          cell: '目标2022-01!L8',
        },
        {
          field: 'table.contact.phone',
          message: expect.stringMatching(/^工作表“填报说明”第\d+行 B列（联系电话）：格式不正确/) as unknown as string,
          cell: expect.stringMatching(/^填报说明!B\d+$/) as unknown as string,
        },
      ]),
    );
    expect(problem.errors).toHaveLength(3);
    expect(await draftOf(cardio)).toEqual(before);
  });

  it('tells a single value typed below its row where it belongs', async () => {
    const blank = await download(`/api/assignments/${cardio}/strategy-table.xlsx`, 'center-qc-cardio');
    const workbook = await loadXlsx(blank.body as Buffer);
    const sheet = workbook.getWorksheet('目标2022-01')!;
    const { headerRow, columns } = goalColumns(sheet);
    sheet.getCell(headerRow + 3, columns.get('目标值')!).value = '≥ 70%';
    const res = await upload(cardio, 'center-qc-cardio', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(res.status).toBe(400);
    expect((res.body as Problem).errors).toEqual([
      { field: 'table.goals[0].target', message: '工作表“目标2022-01”第10行 G列（目标值）：此列只填一项，请填写在第8行', cell: '目标2022-01!G10' },
    ]);
  });

  it('answers 400 NOT_OUR_TEMPLATE to a workbook the system did not make, or made for another center', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['目标', '牵头单位', '现状与基线']).commit();
    const random = await upload(cardio, 'center-qc-cardio', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(random.status).toBe(400);
    expect(random.headers['content-type']).toContain('application/problem+json');
    expect(random.body).toMatchObject({ code: 'NOT_OUR_TEMPLATE', detail: '这不是本系统生成的附件3：请先在系统中下载附件3，填写后再上传' });

    const pharmacyCopy = await download(`/api/assignments/${pharmacy}/strategy-table.xlsx`, 'center-qc-pharmacy');
    const wrongCenter = await upload(cardio, 'center-qc-cardio', pharmacyCopy.body as Buffer);
    expect(wrongCenter.status).toBe(400);
    expect(wrongCenter.body).toMatchObject({ code: 'NOT_OUR_TEMPLATE', detail: '这是为其他单位生成的附件3，请下载本单位的附件3后填写' });
  });

  it('answers 415 to a file that is not an .xlsx workbook, whatever its name', async () => {
    const pdf = await upload(cardio, 'center-qc-cardio', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), '附件3.xlsx');
    expect(pdf.status).toBe(415);
    expect(pdf.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: '只接受 Excel 工作簿（.xlsx）文件，请上传在系统中下载并填写的附件3' });
    const xls = await upload(cardio, 'center-qc-cardio', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]), '附件3.xls');
    expect(xls.status).toBe(415);
    expect((xls.body as Problem).detail).toContain('另存为 .xlsx');
  });

  it('answers 413 to a file over 20 MB and 400 when no file is sent', async () => {
    const big = await upload(cardio, 'center-qc-cardio', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', detail: '文件超过 20 MB 的上限，未保存' });
    const none = await t.http
      .put(`/api/assignments/${cardio}/draft.xlsx`)
      .set(await t.login('center-qc-cardio'))
      .field('version', '1');
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ field: 'file', message: '请选择文件' }]);
  });

  it("answers 404 to a center uploading to, or downloading, another center's assignment; staff may not upload", async () => {
    const own = await download(`/api/assignments/${cardio}/strategy-table.xlsx`, 'center-qc-cardio');
    const filled = await fillStrategyWorkbook(own.body as Buffer, completeTable(['2022-01']));
    const before = await draftOf(pharmacy);
    const upload404 = await upload(pharmacy, 'center-qc-cardio', filled);
    expect(upload404.status).toBe(404);
    expect(upload404.body.code).toBe('NOT_FOUND');
    expect(await draftOf(pharmacy)).toEqual(before);
    const download404 = await t.http.get(`/api/assignments/${pharmacy}/strategy-table.xlsx`).set(await t.login('center-qc-cardio'));
    expect(download404.status).toBe(404);
    const staff = await upload(cardio, 'staff', filled);
    expect(staff.status).toBe(403);
  });
});
