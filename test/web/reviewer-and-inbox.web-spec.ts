import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from '../../web/node_modules/playwright-core/index.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { addPerson } from '../support/people.js';
import { passwordOf } from '../support/test-app.js';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';

// A reviewer's day in a real browser: a new account whose password the administrator reset, the review
// queue (待办), a table returned with a reason and resubmitted, the two versions side by side, 已办.
const BROWSER_TEST_MS = 180_000;
const TITLE = '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知';
const REASON = '目标值缺少依据，请写明与国家目标的对应关系';
const EXPERT_PASSWORD = 'zhang-expert-chosen-2022';

describe('the reviewer and the inbox in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  let assignmentId: string;
  let goalCodes: string[];
  let expertId: string;

  beforeAll(async () => {
    app = await startWebApp('2022-04-18T09:00:00+08:00');
    browser = await openBrowser();
    const campaign = await seedIssuedReferenceNotice(app);
    assignmentId = await campaign.assignmentOf('qc-cardio');
    const center = await app.login('center-qc-cardio');
    const detail = await app.http.get(`/api/assignments/${assignmentId}`).set(center);
    goalCodes = (detail.body as { goals: { code: string }[] }).goals.map((g) => g.code);
    await post(center, { type: 'ACKNOWLEDGE' });
    await post(center, { type: 'SUBMIT', table: completeTable(goalCodes) });
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** An assignment event over HTTP, as another person's browser would send it. */
  async function post(who: { Authorization: string }, body: object): Promise<void> {
    const res = await app.http.post(`/api/assignments/${assignmentId}/events`).set(who).send(body);
    expect(res.status).toBe(200);
  }

  it(
    'sends a new reviewer whose password the administrator reset straight to 修改密码, and lets them in once they chose one',
    async () => {
      const staffMe = await app.http.get('/api/me').set(await app.login('staff'));
      const commission = (staffMe.body as { organisation: { code: string } }).organisation.code;
      expertId = await addPerson(app, { username: 'expert-zhang', displayName: '张专家', roles: ['reviewer'], organisationCode: commission });
      const reset = await app.http.post(`/api/users/${expertId}/password-reset`).set(await app.login('admin'));
      expect(reset.status).toBe(200);
      const oneTimePassword = (reset.body as { oneTimePassword: string }).oneTimePassword;

      const page = await browser.context.newPage();
      await signIn(page, app, 'expert-zhang', oneTimePassword);
      await page.waitForURL(/\/password/);
      await expect(page.locator('.el-alert--warning').textContent()).resolves.toContain('请先设置自己的密码');
      // Nothing else opens before the new password is set.
      await page.goto(`${app.url}/inbox`);
      await page.waitForURL(/\/password\?redirect=/);

      await page.fill('#pw-current', oneTimePassword);
      await page.fill('#pw-new', 'expert-zhang-1');
      await page.fill('#pw-confirm', 'expert-zhang-1');
      await page.getByRole('button', { name: '修改密码' }).click();
      const newItem = page.locator('.el-form-item', { has: page.locator('#pw-new') });
      await expect(newItem.locator('.el-form-item__error').textContent()).resolves.toContain('密码不能包含用户名');
      await screenshots(page, '20-reviewer-forced-password-change');

      await page.fill('#pw-new', EXPERT_PASSWORD);
      await page.fill('#pw-confirm', EXPERT_PASSWORD);
      await page.getByRole('button', { name: '修改密码' }).click();
      await page.getByRole('heading', { name: '待办' }).waitFor();
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'tells a person whose account was disabled so when they sign in',
    async () => {
      const staffMe = await app.http.get('/api/me').set(await app.login('staff'));
      const commission = (staffMe.body as { organisation: { code: string } }).organisation.code;
      const leftId = await addPerson(app, { username: 'expert-left', displayName: '离任专家', roles: ['reviewer'], organisationCode: commission });
      expect((await app.http.post(`/api/users/${leftId}/disable`).set(await app.login('admin'))).status).toBe(200);
      const page = await browser.context.newPage();
      await signIn(page, app, 'expert-left', passwordOf('expert-left'));
      await expect(page.locator('[role=alert]').first().textContent()).resolves.toContain('账号已停用');
      await screenshots(page, '21-login-account-disabled');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows the reviewer the table in 待办, lets them return it with a reason the center then reads, and after the resubmission shows both versions with the change marked',
    async () => {
      const staff = await app.login('staff');
      const given = await app.http
        .put(`/api/assignments/${assignmentId}/reviewers`)
        .set(staff)
        .send({ reviewerIds: [expertId] });
      expect(given.status).toBe(200);

      const page = await browser.context.newPage();
      await signIn(page, app, 'expert-zhang', EXPERT_PASSWORD);
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await expect(page.locator('.tile.todo').textContent()).resolves.toContain('1');
      await page.getByRole('menuitem', { name: '待办' }).click();
      const row = page.locator('.el-table__row', { hasText: TITLE });
      await expect(row.textContent()).resolves.toMatch(
        /待审核[\s\S]*津卫医政〔2022〕1号[\s\S]*天津市心血管内科医疗质量控制中心[\s\S]*2022年4月29日（星期五）9:00[\s\S]*剩余 1[01]天\d+小时/,
      );
      await screenshots(page, '22-reviewer-todo');

      await row.getByRole('link', { name: TITLE }).click();
      await page.getByText('提交的策略表 · 第1版').waitFor();
      await page.getByRole('button', { name: '开始审核' }).click();
      await page.getByRole('button', { name: '退回' }).click();
      const dialog = page.getByRole('dialog', { name: '退回' });
      await dialog.getByRole('button', { name: '退回' }).click();
      await dialog.getByText('请填写退回理由').waitFor();
      await dialog.locator('textarea').fill(REASON);
      await dialog.getByRole('button', { name: '退回' }).click();
      await page.locator('.el-descriptions', { hasText: '已退回' }).waitFor();

      await signIn(page, app, 'center-qc-cardio');
      await page.getByRole('menuitem', { name: '待办' }).click();
      const todo = page.locator('.el-table__row', { hasText: TITLE });
      await expect(todo.textContent()).resolves.toContain('待修改');
      await todo.getByRole('link', { name: TITLE }).click();
      await expect(page.locator('.el-card', { hasText: '审核意见与反馈' }).textContent()).resolves.toContain(REASON);
      await screenshots(page, '23-center-sees-reason');

      // The center resubmits with one target changed (over HTTP: its form is the other browser test's subject).
      const revised = completeTable(goalCodes);
      revised.goals[0].target.value = '≥ 75%（对标国家目标）';
      await post(await app.login('center-qc-cardio'), { type: 'SUBMIT', table: revised });

      await signIn(page, app, 'expert-zhang', EXPERT_PASSWORD);
      await page.getByRole('menuitem', { name: '待办' }).click();
      await page.locator('.el-table__row', { hasText: TITLE }).getByRole('link', { name: TITLE }).click();
      await page.getByText('与第1版相比 1 处修改').waitFor();
      const changed = page.locator('.row.changed');
      await expect(changed.count()).resolves.toBe(1);
      await expect(changed.textContent()).resolves.toMatch(/目标值[\s\S]*已修改[\s\S]*≥ 75%（对标国家目标）[\s\S]*≥ 70%/);
      await expect(page.locator('.row:not(.changed)', { hasText: '核心策略' }).first().textContent()).resolves.toContain('建立区域协同救治网络');
      await page.getByRole('button', { name: '开始审核' }).click();
      await page.getByRole('button', { name: '通过' }).waitFor();
      await changed.scrollIntoViewIfNeeded();
      await screenshots(page, '24-reviewer-compares-versions');

      await page.getByRole('button', { name: '通过' }).click();
      await page.getByRole('dialog', { name: '通过' }).getByRole('button', { name: '通过' }).click();
      await page.locator('.el-descriptions', { hasText: '已通过' }).waitFor();

      await page.getByRole('menuitem', { name: '已办' }).click();
      await page.getByRole('heading', { name: '已办' }).waitFor();
      // The inbox's own rows: the table of versions on the page just left also has rows that say 通过.
      const done = page.locator('.inbox .el-table__row', { hasText: '通过' }).first();
      await expect(done.textContent()).resolves.toMatch(/通过[\s\S]*津卫医政〔2022〕1号[\s\S]*天津市心血管内科医疗质量控制中心[\s\S]*已通过/);
      await expect(page.locator('.inbox .el-table__row').count()).resolves.toBeGreaterThanOrEqual(4); // 开始审核, 退回, 开始审核, 通过
      await screenshots(page, '25-reviewer-done');
      await page.getByRole('menuitem', { name: '待办' }).click();
      await page.getByText('没有待办事项').waitFor();
      await signOut(page);
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'finds notices by 文号, 标题, 年度 and 状态 for staff',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('menuitem', { name: '通知公文' }).click();
      await page.locator('.el-table__row', { hasText: TITLE }).waitFor();
      await page.fill('#search-doc-number', '〔2022〕1号');
      await page.fill('#search-title', '改进目标');
      await page.fill('#search-year', '2022');
      await page.locator('.search .el-select').click();
      await page.getByRole('option', { name: '已印发（收集中）' }).click();
      await page.getByRole('button', { name: '查询' }).click();
      await page.locator('.el-table__row', { hasText: TITLE }).waitFor();
      await screenshots(page, '26-staff-notice-search');
      await page.fill('#search-year', '2021');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByText('没有符合条件的通知').waitFor();
      await page.getByRole('button', { name: '重置' }).click();
      await page.locator('.el-table__row', { hasText: TITLE }).waitFor();
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});

/** 退出 from the top bar: the server ends the session, so the old token no longer opens anything. */
async function signOut(page: Page): Promise<void> {
  const token = await page.evaluate("JSON.parse(sessionStorage.getItem('gongwen.session')).accessToken");
  await page.getByRole('button', { name: '退出' }).click();
  await page.waitForURL(/\/login$/);
  const status = await page.evaluate(`fetch('/api/me', { headers: { Authorization: 'Bearer ${String(token)}' } }).then((r) => r.status)`);
  expect(status).toBe(401);
}
