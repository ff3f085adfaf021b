import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from '../../web/node_modules/playwright-core/index.js';
import { passwordOf } from '../support/test-app.js';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';
import { fillStrategyTable } from '../support/web-strategy-form.js';

// The reference campaign in a real browser, on a fresh server whose clock is in April 2022.
// The browser's own zone is London: every time on the screens must still read as Beijing time.
const BROWSER_TEST_MS = 180_000;

describe('the web app in Chromium', () => {
  let app: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp('2022-04-18T09:00:00+08:00');
    browser = await openBrowser();
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(
    'takes the reference notice from draft to issued by the buttons the server offers each person',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('menuitem', { name: '通知公文' }).click();
      await page.getByRole('link', { name: '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知' }).click();
      await clickStep(page, '送核稿');
      await page.getByText('核稿中').first().waitFor();

      await signIn(page, app, 'leader');
      await page.getByText('待办：核稿通过').waitFor();
      // One queue for the leader: 核稿签发 with its count, in the menu and on the dashboard's tile; no 待办 listing the same.
      const menu = page.locator('.aside');
      await menu.getByRole('menuitem', { name: '核稿签发' }).locator('.el-badge__content', { hasText: /^1$/ }).waitFor();
      await expect(menu.getByRole('menuitem', { name: '待办' }).count()).resolves.toBe(0);
      await expect(page.locator('.tile.todo').textContent()).resolves.toMatch(/^\s*1\s*核稿签发\s*$/);
      await screenshots(page, '00-leader-dashboard');
      await page.getByRole('link', { name: '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知' }).first().click();
      await clickStep(page, '核稿通过');
      await clickStep(page, '签发');
      await page.getByText('已签发').first().waitFor();

      await signIn(page, app, 'staff');
      await page.getByRole('menuitem', { name: '通知公文' }).click();
      await page.getByRole('link', { name: '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知' }).click();
      await page.getByRole('button', { name: '印发' }).click();
      await page.getByRole('dialog', { name: '印发' }).getByRole('button', { name: '确定' }).click();
      // Issuing numbers the notice: the page shows the number once the server has answered.
      await page.locator('.el-descriptions', { hasText: '津卫医政〔2022〕1号' }).waitFor();
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'tells staff a wrong password in Chinese, then shows them the issued notice in the list and its PDF in the page',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff', 'not-the-password');
      await expect(page.locator('[role=alert]').first().textContent()).resolves.toContain('用户名或密码错误');
      await screenshots(page, '01-login-wrong-password');

      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.getByRole('menuitem', { name: '通知公文' }).click();
      const row = page.locator('.el-table__row', { hasText: '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知' });
      await expect(row.textContent()).resolves.toMatch(/津卫医政〔2022〕1号[\s\S]*已印发[\s\S]*2022年4月29日（星期五）9:00/);
      await screenshots(page, '02-staff-notice-list');

      await row.getByRole('link').click();
      await page.locator('iframe[title="通知正文（PDF）"]').waitFor();
      await page.waitForTimeout(3000); // only for the picture: Chromium's PDF viewer draws the pages a moment later
      await expect(page.locator('.el-descriptions').textContent()).resolves.toContain('截止时间以服务器为准');
      await screenshots(page, '03-staff-notice-detail');

      // The server no longer accepts the token (expired, or the secret changed): back to 登录, then back to the page.
      const noticePage = page.url();
      await page.evaluate(
        "const s = JSON.parse(sessionStorage.getItem('gongwen.session')); s.accessToken = 'no-longer-valid'; sessionStorage.setItem('gongwen.session', JSON.stringify(s))",
      );
      await page.reload();
      await page.waitForURL(/\/login\?redirect=/);
      await expect(page.locator('[role=alert]').first().textContent()).resolves.toContain('登录已过期或令牌无效，请重新登录');
      await page.fill('#login-username', 'staff');
      await page.fill('#login-password', passwordOf('staff'));
      await page.click('button[type=submit]');
      await page.waitForURL(noticePage);
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'lets a center sign for its task, fill the table with one field wrong and see why beside it, submit before the deadline and download the receipt',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'center-qc-cardio');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      // The countdown runs on the server's clock (April 2022), not the browser's.
      await expect(page.locator('.deadlines').textContent()).resolves.toMatch(/待办：签收[\s\S]*2022年4月29日（星期五）9:00[\s\S]*剩余 1[01]天\d+小时/);
      await screenshots(page, '04-center-dashboard');

      await page.getByRole('menuitem', { name: '填报任务' }).click();
      await page.getByRole('button', { name: '去签收' }).click();
      await page.getByRole('button', { name: '签收', exact: true }).click();
      await page.getByRole('button', { name: '提交' }).first().waitFor();

      await page.fill('#f-goals-0-baseline-value', '2021年全市STEMI再灌注治疗率为 52.3%');
      // A reload before the draft reaches the server: the typed text comes back from this browser.
      await page.reload();
      await page.getByText('未保存的修改').first().waitFor();
      await expect(page.inputValue('#f-goals-0-baseline-value')).resolves.toBe('2021年全市STEMI再灌注治疗率为 52.3%');

      await fillStrategyTable(page);
      await page.fill('#f-contact-phone', '请打电话给我');
      await page.getByText('草稿已保存').first().waitFor();
      await screenshots(page, '05-center-form-filled');

      await page.getByRole('button', { name: '提交' }).first().click();
      const confirm = page.getByRole('dialog', { name: '确认提交' });
      await expect(confirm.textContent()).resolves.toContain('截止时间：2022年4月29日（星期五）9:00（北京时间，以服务器为准）');
      await confirm.getByRole('button', { name: '确定提交' }).click();
      const phoneItem = page.locator('.el-form-item', { has: page.locator('#f-contact-phone') });
      await expect(phoneItem.locator('.el-form-item__error').textContent()).resolves.toContain('"联系电话"：格式不正确');
      await expect(page.locator('.summary').textContent()).resolves.toContain('"联系电话"：格式不正确');
      // Other refusals still pop up as a message.
      await expect(page.locator('.el-message--error').textContent()).resolves.toContain('策略表未通过校验');
      await phoneItem.scrollIntoViewIfNeeded();
      await screenshots(page, '06-center-form-error');

      await page.fill('#f-contact-phone', '022-23337788');
      await page.getByRole('button', { name: '提交' }).first().click();
      await page.getByRole('dialog', { name: '确认提交' }).getByRole('button', { name: '确定提交' }).click();
      await page.getByText('已提交的版本').waitFor();
      await expect(page.locator('.el-descriptions').textContent()).resolves.toContain('已提交');
      await screenshots(page, '07-center-submitted');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载回执' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^回执-R2022-\d{3}-\d{4}\.pdf$/);
      expect(
        readFileSync(await download.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows a center that presses 提交 at 09:00:00 the server refusal naming the deadline',
    async () => {
      const page = await browser.context.newPage();
      app.clock.set('2022-04-29T08:59:00+08:00');
      await signIn(page, app, 'center-qc-neuro');
      await page.getByRole('menuitem', { name: '填报任务' }).click();
      await page.getByRole('button', { name: '去签收' }).click();
      await page.getByRole('button', { name: '签收', exact: true }).click();
      await page.getByRole('button', { name: '提交' }).first().waitFor();
      await fillStrategyTable(page);

      app.clock.set('2022-04-29T09:00:00+08:00');
      await page.getByRole('button', { name: '提交' }).first().click();
      await page.getByRole('dialog', { name: '确认提交' }).getByRole('button', { name: '确定提交' }).click();
      const refusal = page.locator('.el-alert--error', { hasText: '已超过截止时间' });
      await expect(refusal.textContent()).resolves.toContain('已超过截止时间 2022年4月29日（星期五）9:00（北京时间）');
      // Said once, in the page: no message pops up with the same sentence.
      await expect(page.locator('.el-message--error').count()).resolves.toBe(0);
      await screenshots(page, '08-center-refused-after-deadline');
      // Opened again later: no 提交, and the page says why.
      await page.reload();
      await expect(page.locator('.el-alert--error').textContent()).resolves.toContain(
        '已超过截止时间 2022年4月29日（星期五）9:00（北京时间），本任务不能再提交',
      );
      await expect(page.getByRole('button', { name: '提交', exact: true }).count()).resolves.toBe(0);
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});

/** Presses a step's button on the notice page and waits for the server's answer. */
async function clickStep(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  // The leader's 核稿通过 and 签发 first ask for an opinion, which may be left empty.
  if (label === '核稿通过' || label === '签发') await page.getByRole('dialog', { name: label }).getByRole('button', { name: '同意' }).click();
  await page.getByText(`已${label}`).first().waitFor();
}
