import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { completeTable } from '../factories/strategy-table.factory.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';

// Staff watch an issued round on its board: who stands where, who is late, and act on one center at a time.
// The server's clock is in April 2022 and the browser's zone is London: every time shown must read as Beijing time.
const BROWSER_TEST_MS = 240_000;
const CARDIO = '天津市心血管内科医疗质量控制中心';

describe('the campaign board in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  let noticeId: string;

  beforeAll(async () => {
    app = await startWebApp('2022-04-18T09:00:00+08:00');
    browser = await openBrowser();
    const seeded = await seedIssuedReferenceNotice(app);
    noticeId = seeded.noticeId;
    // Two centers act over the API: 心血管 signs and submits its table, 神经 only signs for its task.
    const cardioId = await seeded.assignmentOf('qc-cardio');
    const cardio = await app.login('center-qc-cardio');
    const goals = (await app.http.get(`/api/assignments/${cardioId}`).set(cardio)).body as { goals: { code: string }[] };
    app.clock.set('2022-04-20T10:00:00+08:00');
    expect((await app.http.post(`/api/assignments/${cardioId}/events`).set(cardio).send({ type: 'ACKNOWLEDGE' })).status).toBe(200);
    app.clock.set('2022-04-22T15:30:00+08:00');
    const submit = await app.http
      .post(`/api/assignments/${cardioId}/events`)
      .set(cardio)
      .send({ type: 'SUBMIT', table: completeTable(goals.goals.map((g) => g.code)) });
    expect(submit.status).toBe(200);
    const neuroId = await seeded.assignmentOf('qc-neuro');
    const neuro = await app.login('center-qc-neuro');
    expect((await app.http.post(`/api/assignments/${neuroId}/events`).set(neuro).send({ type: 'ACKNOWLEDGE' })).status).toBe(200);
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(
    'shows each center in its state with the counts, then, past the deadline, marks the late ones',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.goto(`${app.url}/notices/${noticeId}`);
      await page.getByRole('button', { name: '进度看板' }).click();
      await page.getByRole('heading', { name: '进度看板' }).waitFor();

      const progress = (await app.http.get(`/api/notices/${noticeId}/progress`).set(await app.login('staff'))).body as { total: number };
      const counts = page.getByRole('list', { name: '各状态单位数' });
      await expect(counts.textContent()).resolves.toMatch(new RegExp(`未签收${progress.total - 2}[\\s\\S]*已签收1[\\s\\S]*已报送1`));
      await expect(page.locator('.summary').textContent()).resolves.toMatch(new RegExp(`1 / ${progress.total} 家已报送[\\s\\S]*0 家逾期未报`));
      await expect(rowOf(page, CARDIO).textContent()).resolves.toMatch(/已报送[\s\S]*牵头[\s\S]*4月22日 15:30[\s\S]*4月29日 9:00/);
      await expect(rowOf(page, '天津市神经内科医疗质量控制中心').textContent()).resolves.toContain('已签收');
      await expect(page.locator('.facts').nth(1).textContent()).resolves.toContain('2022年4月29日（星期五）9:00');
      await page.locator('canvas').first().waitFor();
      await screenshots(page, '20-staff-board');

      // Past the deadline, the centers that have not submitted are overdue: red on the board.
      app.clock.set('2022-04-29T10:00:00+08:00');
      await page.reload();
      await page.getByRole('heading', { name: '进度看板' }).waitFor();
      await expect(page.locator('.summary').textContent()).resolves.toMatch(new RegExp(`${progress.total - 1} 家逾期未报`));
      await expect(rowOf(page, '天津市神经内科医疗质量控制中心').textContent()).resolves.toContain('逾期未报');
      await expect(rowOf(page, CARDIO).textContent()).resolves.not.toContain('逾期');
      await screenshots(page, '21-staff-board-overdue');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'sends a 催办, extends a deadline with a reason, assigns a reviewer by name; the outbox and the audit trail show it',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.goto(`${app.url}/notices/${noticeId}/board`);

      await rowOf(page, '天津市神经内科医疗质量控制中心').getByRole('button', { name: /办理/ }).click();
      const drawer = page.getByRole('dialog', { name: '天津市神经内科医疗质量控制中心' });
      await drawer.getByRole('button', { name: '催办此单位' }).click();
      await page.getByText('已催办').first().waitFor();

      await drawer.locator('#board-extend-until').fill('2022年5月6日 17:00');
      await drawer.locator('#board-extend-until').press('Enter');
      await drawer.locator('#board-extend-reason').fill('该中心主任外出参加国家质控会议，申请延期一周');
      await drawer.getByRole('button', { name: '延期', exact: true }).click();
      await page.getByText('已延期').first().waitFor();
      await drawer.locator('.el-descriptions', { hasText: '申请延期一周' }).waitFor();
      await expect(drawer.locator('.el-descriptions').textContent()).resolves.toMatch(/有效截止2022年5月6日（星期五）17:00[\s\S]*延期记录[\s\S]*申请延期一周/);
      await screenshots(page, '22-staff-board-center-actions');
      await drawer.getByRole('button', { name: '关闭此对话框' }).click();
      await rowOf(page, '天津市神经内科医疗质量控制中心').getByText('逾期未报').waitFor({ state: 'detached' });
      await expect(rowOf(page, '天津市神经内科医疗质量控制中心').textContent()).resolves.toContain('5月6日 17:00');

      await rowOf(page, CARDIO).getByRole('button', { name: /办理/ }).click();
      const cardio = page.getByRole('dialog', { name: CARDIO });
      await cardio.locator('.reviewers').click();
      await page.keyboard.type('审核');
      await page.getByRole('option', { name: /审核专家/ }).click();
      await cardio.locator('.el-divider', { hasText: '指定审核人' }).click(); // closes the list, as a person clicks beside it
      await cardio.getByRole('button', { name: '保存审核人' }).click();
      await page.getByText('已指定审核人').first().waitFor();
      await cardio.locator('.el-descriptions', { hasText: '审核人审核专家' }).waitFor();
      await cardio.getByRole('button', { name: '关闭此对话框' }).click();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出全部策略表（.xlsx）' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      expect(
        readFileSync(await download.path())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');

      await page.getByRole('link', { name: '发件箱' }).first().click();
      await page.getByRole('heading', { name: '发件箱' }).waitFor();
      // The list arrives after the page: wait for its rows, not for the empty table.
      await page.locator('.outbox .el-table__row', { hasText: '催办' }).first().waitFor();
      const extensionMail = page.locator('.outbox .el-table__row', { hasText: '延期通知' }).first();
      await extensionMail.waitFor();
      // Each row names its recipient, not a placeholder; the address is fixed when the relay composes the mail.
      await expect(extensionMail.textContent()).resolves.toMatch(/天津市神经内科医疗质量控制中心[\s\S]*地址在发送时确定[\s\S]*待发送/);
      await expect(page.locator('.outbox').textContent()).resolves.not.toContain('承办单位');
      await screenshots(page, '23-staff-outbox');

      await page.goBack();
      await page.getByRole('link', { name: '审计记录' }).click();
      await page.getByRole('heading', { name: '审计记录' }).waitFor();
      const trail = page.locator('.audit');
      await trail.getByText('延期').first().waitFor();
      await expect(trail.textContent()).resolves.toMatch(/提交 · 天津市心血管内科医疗质量控制中心/);
      await expect(trail.textContent()).resolves.toMatch(/催办 · 天津市神经内科医疗质量控制中心[\s\S]*延期 · 天津市神经内科医疗质量控制中心/);
      await expect(trail.textContent()).resolves.toContain('理由：该中心主任外出参加国家质控会议，申请延期一周');
      await expect(trail.textContent()).resolves.toContain('延期至：2022年5月6日（星期五）17:00');
      await expect(trail.textContent()).resolves.toMatch(/指定审核人 · 天津市心血管内科医疗质量控制中心/);
      // Who acted, by name and organisation: the staff member who granted the extension, the center that submitted.
      const staffName = ((await app.http.get('/api/me').set(await app.login('staff'))).body as { displayName: string }).displayName;
      await expect(trail.textContent()).resolves.toContain(`${staffName}（天津市卫生健康委员会）`);
      const centerName = ((await app.http.get('/api/me').set(await app.login('center-qc-cardio'))).body as { displayName: string }).displayName;
      await expect(trail.locator('.el-table__row', { hasText: '提交 · ' }).first().textContent()).resolves.toContain(centerName);
      await screenshots(page, '24-staff-audit');
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});

/** The board's row of one center. */
function rowOf(page: import('../../web/node_modules/playwright-core/index.js').Page, center: string) {
  return page.locator('.matrix .el-table__body-wrapper .el-table__row', { hasText: center });
}
