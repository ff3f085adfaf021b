import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from '../../web/node_modules/playwright-core/index.js';
import { walkDraft } from '../support/campaign.js';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';

// The shipped holiday data ends with 2026. In April 2027 staff issue a round due on 29 April: the notice and its
// board warn that 2027 is counted Monday to Friday; the administrator enters 2027's schedule under
// 系统管理 → 工作日日历 (a wrong day first, named beside its box), and the warning is gone.
const BROWSER_TEST_MS = 240_000;
const NO_2027 = '日历数据中没有2027年的国务院办公厅节假日安排，2027年按周一至周五计算工作日，法定节假日与调休未计入。';
const SOURCE = '国务院办公厅关于2027年部分节假日安排的通知（测试用）';

/** A round for the cardiology center due 29 April 2027, issued over the API as staff and leader would. */
async function issue2027Notice(app: WebApp): Promise<string> {
  const staff = await app.login('staff');
  const created = await app.http
    .post('/api/notices')
    .set(staff)
    .send({
      title: '关于报送2027年改进策略的通知',
      recipients: ['各市级医疗质量控制中心'],
      body: '请按时报送。',
      deadline: '2027-04-29T09:00:00+08:00',
      mailbox: 'zhikong@wsjkw.tianjin.example',
      campaignYear: 2022,
    });
  expect(created.status).toBe(201);
  const noticeId = created.body.id as string;
  const orgs = (await app.http.get('/api/organisations').set(staff)).body as { id: string; code: string }[];
  const cardio = orgs.find((o) => o.code === 'qc-cardio')!.id;
  const assigned = await app.http
    .put(`/api/notices/${noticeId}/assignments`)
    .set(staff)
    .send([{ organisationId: cardio, goalCodes: ['2022-01'], role: 'lead' }]);
  expect(assigned.status).toBe(200);
  await walkDraft(app, noticeId, { expectEachStep: true });
  return noticeId;
}

/** The form item holding the field `#id`: its label, its box and the messages beside it. */
function itemOf(page: Page, id: string): Locator {
  return page.locator('.el-form-item', { has: page.locator(id) });
}

describe('the working-day calendar in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  let noticeId: string;

  beforeAll(async () => {
    app = await startWebApp('2027-04-19T10:00:00+08:00');
    browser = await openBrowser();
    noticeId = await issue2027Notice(app);
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(
    'warns staff beside the deadline, on the notice and on its board, that 2027 has no holiday schedule yet',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.goto(`${app.url}/notices/${noticeId}`);
      await page.getByRole('heading', { name: '关于报送2027年改进策略的通知' }).waitFor();
      const warning = page.locator('.calendar-warnings');
      await expect(warning.locator('.el-alert__title').textContent()).resolves.toBe('工作日日历提示');
      await expect(warning.textContent()).resolves.toContain(NO_2027);
      await expect(warning.textContent()).resolves.toContain('截止前的催办和退回后的重报时限请人工核对');
      // Entering the schedule is the administrator's: staff get no link to it.
      await expect(warning.getByRole('link').count()).resolves.toBe(0);
      await screenshots(page, '40-calendar-warning-notice');

      await page.getByRole('button', { name: '进度看板' }).click();
      await page.getByRole('heading', { name: '进度看板' }).waitFor();
      await expect(page.locator('.calendar-warnings').textContent()).resolves.toContain(NO_2027);
      await screenshots(page, '41-calendar-warning-board');

      // Staff may read the calendar (which years count holidays), not enter one.
      await page.locator('.aside').getByRole('menuitem', { name: '工作日日历', exact: true }).click();
      await page.getByRole('heading', { name: '工作日日历' }).waitFor();
      await expect(page.locator('.covered').textContent()).resolves.toBe('2004–2026');
      await expect(page.locator('.entered').textContent()).resolves.toContain('尚未录入');
      await expect(page.getByText('录入节假日安排', { exact: true }).count()).resolves.toBe(0);
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'lets the administrator enter 2027: a line it cannot read and the server’s wrong days are named beside their box, then 2027 is listed',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'admin');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.goto(`${app.url}/notices/${noticeId}`);
      await page.getByRole('heading', { name: '关于报送2027年改进策略的通知' }).waitFor();
      await page.locator('.calendar-warnings').getByRole('link', { name: '前往工作日日历录入节假日安排', exact: true }).click();
      await page.getByRole('heading', { name: '工作日日历' }).waitFor();
      await expect(page.locator('.covered').textContent()).resolves.toBe('2004–2026');
      // The year after the last one covered is offered.
      await expect(page.locator('#calendar-year').inputValue()).resolves.toBe('2027');

      await page.locator('#calendar-source').fill(SOURCE);
      await page.locator('#calendar-days-off').fill('2027-05-01 劳动节\n2027年5月2日 劳动节');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await expect(itemOf(page, '#calendar-days-off').locator('.day-errors').textContent()).resolves.toContain(
        '第2行「2027年5月2日 劳动节」应为“日期 节日名称”',
      );

      // Readable lines, wrong days: the server names each, beside 放假日 or 调休上班日.
      await page.locator('#calendar-days-off').fill('2027-05-01 劳动节\n2026-12-31 元旦\n2027-05-02 劳动节');
      await page.locator('#calendar-make-up').fill('2027-04-25 劳动节\n2027-04-28 劳动节');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      const daysOffErrors = itemOf(page, '#calendar-days-off').locator('.day-errors li');
      await daysOffErrors.first().waitFor();
      await expect(daysOffErrors.allTextContents()).resolves.toEqual(['2026-12-31 不在2027年内']);
      const makeUpErrors = itemOf(page, '#calendar-make-up').locator('.day-errors li');
      await makeUpErrors.first().waitFor();
      await expect(makeUpErrors.allTextContents()).resolves.toEqual(['2027-04-28 不是周末，无需调休上班']);
      await expect(page.locator('.entered').textContent()).resolves.toContain('尚未录入');
      await screenshots(page, '42-calendar-wrong-days');

      await page.locator('#calendar-days-off').fill(['01', '02', '03', '04', '05'].map((d) => `2027-05-${d} 劳动节`).join('\n'));
      await page.locator('#calendar-make-up').fill('2027-04-25 劳动节\n\n2027-05-08 劳动节\n');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await page.locator('.el-message', { hasText: '已录入2027年节假日安排' }).waitFor();
      await page.locator('.day-errors').first().waitFor({ state: 'detached' });
      const row = page.locator('.entered .el-table__row', { hasText: '2027' });
      await expect(row.textContent()).resolves.toMatch(new RegExp(`2027[\\s\\S]*${SOURCE.replace(/[()（）]/g, '.')}[\\s\\S]*2027年4月19日（星期一）10:00`));
      await expect(page.locator('.covered').textContent()).resolves.toBe('2004–2027');
      await expect(page.locator('#calendar-year').inputValue()).resolves.toBe('2028');
      await screenshots(page, '43-calendar-entered');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'no longer warns staff on the notice once 2027 is entered',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.goto(`${app.url}/notices/${noticeId}`);
      await page.getByRole('heading', { name: '关于报送2027年改进策略的通知' }).waitFor();
      await page.getByText('2027年4月29日（星期四）9:00').first().waitFor();
      await expect(page.locator('.calendar-warnings').count()).resolves.toBe(0);
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});
