import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from '../../web/node_modules/playwright-core/index.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { fillStrategyWorkbook } from '../support/strategy-sheet.js';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';

// A center that fills 附件3 in Excel: downloads its copy, imports it filled (a wrong file first, refused in
// Chinese beside the button), submits, withdraws (撤回) while nobody reviews it yet, submits again, and
// reads the reviewer's reason in the history of its versions, each with its receipt.
const BROWSER_TEST_MS = 180_000;
const REASON = '基线数据来源不清，请注明统计口径';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('a center importing 附件3 and following its versions in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  let assignmentId: string;
  let goalCodes: string[];

  beforeAll(async () => {
    app = await startWebApp('2022-04-18T09:00:00+08:00');
    browser = await openBrowser();
    const campaign = await seedIssuedReferenceNotice(app);
    assignmentId = await campaign.assignmentOf('qc-cardio');
    const detail = await app.http.get(`/api/assignments/${assignmentId}`).set(await app.login('center-qc-cardio'));
    goalCodes = (detail.body as { goals: { code: string }[] }).goals.map((g) => g.code);
    await post('center-qc-cardio', { type: 'ACKNOWLEDGE' });
    const reviewer = await app.http.get('/api/me').set(await app.login('reviewer'));
    const given = await app.http
      .put(`/api/assignments/${assignmentId}/reviewers`)
      .set(await app.login('staff'))
      .send({ reviewerIds: [(reviewer.body as { id: string }).id] });
    expect(given.status).toBe(200);
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** An assignment event over HTTP, as another person's browser would send it. */
  async function post(username: string, body: object): Promise<void> {
    const res = await app.http
      .post(`/api/assignments/${assignmentId}/events`)
      .set(await app.login(username))
      .send(body);
    expect(res.status).toBe(200);
  }

  async function openTask(page: Page): Promise<void> {
    await signIn(page, app, 'center-qc-cardio');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.goto(`${app.url}/assignments/${assignmentId}`);
    await page.getByRole('heading', { name: '2022年度天津市医疗质量安全改进目标实施（改进）策略表' }).waitFor();
  }

  /** Chooses a file for 导入附件3, as the file dialog would. */
  async function importFile(page: Page, name: string, bytes: Buffer): Promise<void> {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '导入附件3' }).click()]);
    await chooser.setFiles({ name, mimeType: XLSX, buffer: bytes });
  }

  it(
    "imports a filled 附件3 into the form, after telling a wrong file and a wrong cell by the server's Chinese reasons beside the button",
    async () => {
      const page = await browser.context.newPage();
      await openTask(page);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载附件3（.xlsx）' }).click()]);
      expect(download.suggestedFilename()).toBe('附件3-天津市心血管内科医疗质量控制中心-津卫医政〔2022〕1号.xlsx');
      const own = readFileSync(await download.path());

      // A workbook the system did not make: refused, and the form keeps what it had.
      const stranger = new ExcelJS.Workbook();
      stranger.addWorksheet('Sheet1').getCell('A1').value = '现状与基线';
      await importFile(page, '自己做的表.xlsx', Buffer.from(await stranger.xlsx.writeBuffer()));
      const problem = page.locator('.import-problem');
      await expect(problem.textContent()).resolves.toContain('这不是本系统生成的附件3：请先在系统中下载附件3，填写后再上传');
      await expect(page.inputValue('#f-goals-0-baseline-value')).resolves.toBe('');

      // Not a workbook at all.
      await importFile(page, '策略表.xlsx', Buffer.from('这是一段文字，不是表格'));
      await expect(problem.textContent()).resolves.toContain('只接受 Excel 工作簿（.xlsx）文件');

      // Our workbook with two wrong cells: each named by sheet, row and column.
      const table = completeTable(goalCodes);
      const wrong = await fillStrategyWorkbook(own, table, (path, value) =>
        path === 'goals[0].measures[1].milestone' ? '年底前' : path === 'contact.phone' ? '请致电办公室' : (value as string),
      );
      await importFile(page, '附件3-填好的.xlsx', wrong);
      await expect(problem.textContent()).resolves.toContain('附件3有2处需要修改');
      await expect(problem.locator('li').allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringMatching(/^工作表“目标2022-01”第9行 K列（时间节点）：应为日期/), expect.stringMatching(/联系电话.*格式不正确/)]),
      );
      await expect(page.inputValue('#f-goals-0-baseline-value')).resolves.toBe('');
      await screenshots(page, '30-center-import-refused');

      await importFile(page, '附件3-填好的.xlsx', await fillStrategyWorkbook(own, table));
      await page.getByText('已导入“附件3-填好的.xlsx”').waitFor();
      await expect(problem.count()).resolves.toBe(0);
      await expect(page.inputValue('#f-goals-0-baseline-value')).resolves.toBe('2021年全市再灌注治疗率 62.4%');
      await expect(page.inputValue('#f-goals-0-measures-1-responsible')).resolves.toBe('李娜');
      await expect(page.inputValue('#f-contact-phone')).resolves.toBe('022-23456789');
      await expect(page.inputValue('#f-goals-0-target-date')).resolves.toBe('2022年12月31日'); // the Chinese picker shows the imported date

      // The server holds it as the draft: a fresh page shows the same.
      await page.reload();
      await expect(page.inputValue('#f-goals-0-indicators-0-frequency')).resolves.toBe('每月');
      await expectNoSidewaysScroll(page);
      await screenshots(page, '31-center-imported');

      // A second import replaces a draft that holds something: asked first.
      await importFile(page, '附件3-填好的.xlsx', await fillStrategyWorkbook(own, { ...table, contact: { ...table.contact, name: '赵敏' } }));
      const confirm = page.getByRole('dialog', { name: '导入附件3' });
      await expect(confirm.textContent()).resolves.toContain('将用“附件3-填好的.xlsx”中的内容替换当前草稿');
      await confirm.getByRole('button', { name: '导入' }).click();
      await page.getByText('已导入“附件3-填好的.xlsx”').first().waitFor();
      await expect(page.inputValue('#f-contact-name')).resolves.toBe('赵敏');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    "withdraws a submitted table with a confirmation, submits again, and reads each version's state and the reviewer's reason",
    async () => {
      const page = await browser.context.newPage();
      await openTask(page);
      await submit(page);
      await expectVersion(page, 1, '待审核');

      await page.getByRole('button', { name: '撤回' }).click();
      const confirm = page.getByRole('dialog', { name: '确认撤回' });
      await expect(confirm.textContent()).resolves.toContain('截止时间（2022年4月29日（星期五）9:00）前重新提交');
      await confirm.getByRole('button', { name: '撤回' }).click();
      await page.locator('.el-descriptions', { hasText: '填报中' }).waitFor();
      await expectVersion(page, 1, '已撤回');
      // The table can be changed again.
      await page.fill('#f-goals-0-target-value', '≥ 75%');
      await page.getByText('草稿已保存').first().waitFor();

      app.clock.set('2022-04-19T10:00:00+08:00');
      await submit(page);
      await expectVersion(page, 2, '待审核');

      // Once the reviewer has begun, the server no longer offers 撤回.
      await post('reviewer', { type: 'START_REVIEW' });
      await page.reload();
      await expectVersion(page, 2, '审核中');
      await expect(page.getByRole('button', { name: '撤回' }).count()).resolves.toBe(0);

      app.clock.set('2022-04-20T15:00:00+08:00');
      await post('reviewer', { type: 'RETURN', reason: REASON });
      await page.reload();
      await expectVersion(page, 2, '已退回');
      const returned = page.locator('.el-card', { hasText: '已提交的版本' }).locator('tr', { hasText: '第2版' });
      await expect(returned.textContent()).resolves.toMatch(
        new RegExp(`2022年4月19日（星期二）10:00[\\s\\S]*退回理由：${REASON}[\\s\\S]*2022年4月20日（星期三）15:00`),
      );
      const first = page.locator('.el-card', { hasText: '已提交的版本' }).locator('tr', { hasText: '第1版' });
      await expect(first.textContent()).resolves.toContain('撤回于 2022年4月18日（星期一）9:00');
      await expectNoSidewaysScroll(page);
      await screenshots(page, '32-center-version-history');

      const [receipt] = await Promise.all([page.waitForEvent('download'), first.getByRole('button', { name: '下载回执' }).click()]);
      expect(receipt.suggestedFilename()).toMatch(/^回执-R2022-\d{3}-\d{4}\.pdf$/);
      expect(
        readFileSync(await receipt.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      // On a phone: one block per version, the reason readable, the receipt a button away.
      await page.setViewportSize({ width: 390, height: 844 });
      const phoneEntry = page.locator('.version-list li[data-version="2"]');
      await expect(phoneEntry.textContent()).resolves.toContain(`退回理由：${REASON}`);
      await expect(phoneEntry.getByRole('button', { name: '下载回执' }).isVisible()).resolves.toBe(true);
      await expectNoSidewaysScroll(page);
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});

async function submit(page: Page): Promise<void> {
  await page.getByRole('button', { name: '提交', exact: true }).first().click();
  await page.getByRole('dialog', { name: '确认提交' }).getByRole('button', { name: '确定提交' }).click();
  await page.getByText('已提交，回执已生成').first().waitFor();
}

/** The row (at 1366 px) of one version in 已提交的版本 shows the state the server's records give it. */
async function expectVersion(page: Page, version: number, state: string): Promise<void> {
  const row = page.locator('.el-card', { hasText: '已提交的版本' }).locator('tr', { hasText: `第${version}版` });
  await row.locator('.el-tag', { hasText: state }).waitFor();
}

/** Nothing on the page is wider than the window: no sideways scrolling, at 1366 or at 390 px. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
}
