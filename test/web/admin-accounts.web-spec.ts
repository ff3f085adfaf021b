import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from '../../web/node_modules/playwright-core/index.js';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';

// The administrator's screens in a real browser: a new QC center and its liaison's account, the one-time
// password read once from its dialog, the liaison's first sign-in in another browser, then the account
// disabled under their feet; a second account under a taken username; what staff may see and do.
const BROWSER_TEST_MS = 240_000;
const REHAB = '天津市康复医学医疗质量控制中心';
const LIAISON_PASSWORD = 'kangfu-chosen-2022-spring';

describe('user and organisation administration in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  let liaisonBrowser: Browser;
  /** The administrator's tab, kept across the steps as a person keeps their window open. */
  let admin: Page;
  /** The liaison's tab, in a browser of their own. */
  let liaison: Page;
  let oneTimePassword = '';

  beforeAll(async () => {
    app = await startWebApp('2022-04-18T09:00:00+08:00');
    browser = await openBrowser();
    liaisonBrowser = await openBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await liaisonBrowser?.close();
    await browser?.close();
    await app?.close();
  });

  it(
    'lets the administrator add a QC center under 系统管理 → 机构管理, with its code, kind and 政务邮箱',
    async () => {
      admin = await browser.context.newPage();
      await signIn(admin, app, 'admin');
      await admin.getByRole('heading', { name: '工作台' }).waitFor();
      const menu = admin.locator('.aside');
      await expect(menu.locator('.el-menu-item-group__title').textContent()).resolves.toBe('系统管理');
      await menu.getByRole('menuitem', { name: '机构管理' }).click();
      await admin.getByRole('heading', { name: '机构管理' }).waitFor();
      await admin.locator('.organisations .el-table__row', { hasText: 'qc-cardio' }).waitFor();

      await admin.getByRole('button', { name: '新建机构' }).click();
      const dialog = admin.getByRole('dialog', { name: '新建机构' });
      await dialog.locator('.kind-select').click();
      await admin.getByRole('option', { name: '质控中心', exact: true }).click();
      await dialog.locator('#organisation-code').fill('qc-rehab');
      await dialog.locator('#organisation-name').fill(REHAB);
      await dialog.locator('#organisation-email').fill('not-an-address');
      await dialog.getByRole('button', { name: '创建机构' }).click();
      // The server's reason, in Chinese, beside the field; the dialog stays open with what was typed.
      await expect(itemOf(dialog, '#organisation-email').locator('.el-form-item__error').textContent()).resolves.toContain('邮箱地址格式不正确');
      await dialog.locator('#organisation-email').fill('rehab-qc@tj.example.cn');
      await dialog.getByRole('button', { name: '创建机构' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await admin.fill('#organisations-q', '康复');
      await admin.getByRole('button', { name: '查询' }).click();
      await admin.locator('.organisations .el-table__row', { hasText: 'qc-cardio' }).waitFor({ state: 'detached' });
      const row = admin.locator('.organisations .el-table__row', { hasText: REHAB });
      await expect(row.textContent()).resolves.toMatch(/qc-rehab[\s\S]*质控中心[\s\S]*rehab-qc@tj\.example\.cn[\s\S]*启用/);
      await expect(admin.locator('.organisations .el-table__row').count()).resolves.toBe(1);
      await admin.getByRole('button', { name: '重置' }).click();
      await admin.locator('.organisations .el-table__row', { hasText: 'qc-cardio' }).waitFor();
      await screenshots(admin, 'admin-organisations');
    },
    BROWSER_TEST_MS,
  );

  it(
    'creates the liaison’s account with Chinese role names and shows the one-time password once, with a copy button',
    async () => {
      await admin.locator('.aside').getByRole('menuitem', { name: '用户管理' }).click();
      await admin.getByRole('heading', { name: '用户管理' }).waitFor();
      await admin.locator('.users .el-table__row', { hasText: 'admin' }).first().waitFor();

      await admin.getByRole('button', { name: '新建账号' }).click();
      const dialog = admin.getByRole('dialog', { name: '新建账号' });
      await dialog.locator('#user-username').fill('rehab-li');
      await dialog.locator('#user-display-name').fill('李联络员');
      await pickOrganisation(admin, dialog, '康复', REHAB);
      await expect(dialog.locator('.el-checkbox').allTextContents()).resolves.toEqual(['工作人员', '分管领导', '质控中心', '审核人', '系统管理员']);
      // 工作人员 belongs to a commission: the server says so, beside 角色.
      await dialog.locator('.el-checkbox', { hasText: '工作人员' }).click();
      await dialog.getByRole('button', { name: '创建账号' }).click();
      await expect(itemOf(dialog, '.el-checkbox-group').locator('.el-form-item__error').textContent()).resolves.toContain('「工作人员」角色只能属于卫生健康委');
      await dialog.locator('.el-checkbox', { hasText: '工作人员' }).click();
      await dialog.locator('.el-checkbox', { hasText: '质控中心' }).click();
      await dialog.getByRole('button', { name: '创建账号' }).click();

      const shown = admin.getByRole('dialog', { name: '账号已创建' });
      await shown.waitFor();
      await expect(shown.textContent()).resolves.toMatch(/一次性密码只显示这一次[\s\S]*关闭此窗口后无法再次查看[\s\S]*李联络员（rehab-li）/);
      oneTimePassword = (await shown.locator('[data-test=one-time-password]').textContent()) ?? '';
      expect(oneTimePassword).toMatch(/^\S{10,}$/);
      await shown.getByRole('button', { name: '复制密码' }).click();
      await shown.getByRole('status').filter({ hasText: '已复制到剪贴板' }).waitFor();
      await expect(admin.evaluate('navigator.clipboard.readText()')).resolves.toBe(oneTimePassword);
      await screenshots(admin, 'admin-one-time-password');
      await shown.getByRole('button', { name: '我已记下，关闭' }).click();
      await shown.waitFor({ state: 'hidden' });
      // Once closed it is gone: nowhere on the page any more.
      await expect(admin.getByText(oneTimePassword).count()).resolves.toBe(0);

      const row = admin.locator('.users .el-table__row', { hasText: 'rehab-li' });
      await expect(row.textContent()).resolves.toMatch(/李联络员[\s\S]*天津市康复医学医疗质量控制中心[\s\S]*质控中心[\s\S]*启用[\s\S]*待首次改密/);
    },
    BROWSER_TEST_MS,
  );

  it(
    'sends the liaison, signing in with it in another browser, to 修改密码 first, and then lets them work',
    async () => {
      liaison = await liaisonBrowser.context.newPage();
      await signIn(liaison, app, 'rehab-li', oneTimePassword);
      await liaison.waitForURL(/\/password/);
      await expect(liaison.locator('.el-alert--warning').textContent()).resolves.toContain('请先设置自己的密码');
      await liaison.fill('#pw-current', oneTimePassword);
      await liaison.fill('#pw-new', LIAISON_PASSWORD);
      await liaison.fill('#pw-confirm', LIAISON_PASSWORD);
      await liaison.getByRole('button', { name: '修改密码' }).click();
      await liaison.getByRole('heading', { name: '工作台' }).waitFor();
      await liaison.getByRole('menuitem', { name: '填报任务' }).click();
      await liaison.getByRole('heading', { name: '填报任务' }).waitFor();
      await expect(liaison.locator('.who-org').textContent()).resolves.toContain(REHAB);
    },
    BROWSER_TEST_MS,
  );

  it(
    'disables the account after asking; the liaison’s next step takes them to 登录, told why, and they cannot sign in again',
    async () => {
      await admin.fill('#users-q', 'rehab');
      await admin.getByRole('button', { name: '查询' }).click();
      await admin.locator('.users .el-table__row', { hasText: 'center-qc-cardio' }).waitFor({ state: 'detached' });
      await expect(admin.locator('.users .el-table__row').count()).resolves.toBe(1);
      const row = admin.locator('.users .el-table__row', { hasText: 'rehab-li' });
      await expect(row.textContent()).resolves.not.toContain('待首次改密');
      await row.getByRole('button', { name: '停用' }).click();
      const confirm = admin.getByRole('dialog', { name: '停用账号' });
      await expect(confirm.textContent()).resolves.toContain('停用后「李联络员」（rehab-li）不能再登录，其正在使用的登录立即失效');
      await confirm.getByRole('button', { name: '停用' }).click();
      await row.locator('.el-tag', { hasText: '停用' }).waitFor();
      await expect(row.textContent()).resolves.toMatch(/停用[\s\S]*4月18日 9:00/);
      await screenshots(admin, 'admin-users');

      // The liaison, still on their page, clicks on: the server no longer knows the session.
      await liaison.getByRole('menuitem', { name: '待办' }).click();
      await liaison.waitForURL(/\/login\?redirect=/);
      await expect(liaison.locator('.login [role=alert]').textContent()).resolves.toContain('账号已停用，会话已结束');
      // No error toast besides the form's message (a success toast of the step before may still be fading).
      await expect(liaison.locator('.el-message--error').count()).resolves.toBe(0);
      await screenshots(liaison, 'admin-disabled-user-login');
      await liaison.fill('#login-username', 'rehab-li');
      await liaison.fill('#login-password', LIAISON_PASSWORD);
      await liaison.click('button[type=submit]');
      await expect(liaison.locator('.login [role=alert]').textContent()).resolves.toContain('已停用');
      await expect(liaison.url()).toMatch(/\/login/);
    },
    BROWSER_TEST_MS,
  );

  it(
    'edits the name and roles, enables the account again and resets the password: a new one-time password, shown once, lets the liaison in',
    async () => {
      const row = admin.locator('.users .el-table__row', { hasText: 'rehab-li' });
      await row.getByRole('button', { name: '编辑' }).click();
      const edit = admin.getByRole('dialog', { name: '修改账号' });
      await expect(edit.locator('#user-username').isDisabled()).resolves.toBe(true);
      await edit.locator('#user-display-name').fill('李明（康复质控联络员）');
      await edit.locator('.el-checkbox', { hasText: '审核人' }).click();
      await edit.getByRole('button', { name: '保存' }).click();
      await edit.waitFor({ state: 'hidden' });
      await row.getByText('李明（康复质控联络员）').waitFor();
      await expect(row.textContent()).resolves.toMatch(/李明（康复质控联络员）[\s\S]*质控中心审核人[\s\S]*停用/);

      await row.getByRole('button', { name: '启用' }).click();
      await admin.getByRole('dialog', { name: '启用账号' }).getByRole('button', { name: '启用' }).click();
      await row.locator('.el-tag', { hasText: '启用' }).waitFor();
      await row.getByRole('button', { name: '重置密码' }).click();
      const confirm = admin.getByRole('dialog', { name: '重置密码' });
      await expect(confirm.textContent()).resolves.toContain('原密码立即失效');
      await confirm.getByRole('button', { name: '重置密码' }).click();
      const shown = admin.getByRole('dialog', { name: '密码已重置' });
      const fresh = (await shown.locator('[data-test=one-time-password]').textContent()) ?? '';
      expect(fresh).toMatch(/^\S{10,}$/);
      expect(fresh).not.toBe(oneTimePassword);
      await shown.getByRole('button', { name: '我已记下，关闭' }).click();

      await signIn(liaison, app, 'rehab-li', LIAISON_PASSWORD);
      await expect(liaison.locator('.login [role=alert]').textContent()).resolves.toContain('密码');
      await signIn(liaison, app, 'rehab-li', fresh);
      await liaison.waitForURL(/\/password/);
    },
    BROWSER_TEST_MS,
  );

  it(
    'refuses a second account under a taken username, in Chinese beside 用户名',
    async () => {
      await admin.getByRole('button', { name: '新建账号' }).click();
      const dialog = admin.getByRole('dialog', { name: '新建账号' });
      await dialog.locator('#user-username').fill('Rehab-Li');
      await dialog.locator('#user-display-name').fill('李四');
      await pickOrganisation(admin, dialog, '康复', REHAB);
      await dialog.locator('.el-checkbox', { hasText: '质控中心' }).click();
      await dialog.getByRole('button', { name: '创建账号' }).click();
      await expect(itemOf(dialog, '#user-username').locator('.el-form-item__error').textContent()).resolves.toContain('用户名「rehab-li」已被使用，请换一个');
      await expect(dialog.textContent()).resolves.not.toMatch(/409|USERNAME_TAKEN/);
      await screenshots(admin, 'admin-duplicate-username');
      await dialog.getByRole('button', { name: '取消' }).click();
      await admin.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows staff their own commission’s accounts only, without 机构管理 and without the administrator’s role',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      const menu = page.locator('.aside');
      await menu.getByRole('menuitem', { name: '用户管理' }).waitFor();
      await expect(menu.getByRole('menuitem', { name: '机构管理' }).count()).resolves.toBe(0);
      await menu.getByRole('menuitem', { name: '用户管理' }).click();
      await page.getByRole('heading', { name: '用户管理' }).waitFor();
      await page.locator('.users .el-table__row').first().waitFor();
      const organisations = await page.locator('.users .el-table__row td:nth-child(2)').allTextContents();
      expect(new Set(organisations)).toEqual(new Set(['天津市卫生健康委员会']));
      await expect(page.locator('.users').textContent()).resolves.not.toContain('rehab-li');
      // The administrator's account is listed but offers no buttons to staff.
      const adminRow = page.locator('.users .el-table__row', { hasText: '系统管理员' });
      await expect(adminRow.getByRole('button').count()).resolves.toBe(0);
      // Their own password they change at 修改密码, and they cannot disable themselves.
      const ownRow = page.locator('.users .el-table__row', { hasText: '医政医管处' });
      await expect(ownRow.getByRole('button').allTextContents()).resolves.toEqual(['编辑']);

      await page.getByRole('button', { name: '新建账号' }).click();
      const dialog = page.getByRole('dialog', { name: '新建账号' });
      await expect(dialog.locator('.el-checkbox').allTextContents()).resolves.not.toContain('系统管理员');
      await expect(dialog.locator('.organisation-select').textContent()).resolves.toContain('天津市卫生健康委员会');
      await screenshots(page, 'admin-staff-new-account');
      await dialog.getByRole('button', { name: '取消' }).click();
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});

/** The form item (label, control, error) that holds this control. */
function itemOf(scope: ReturnType<Page['locator']>, control: string) {
  return scope.locator('.el-form-item', { has: scope.page().locator(control) });
}

/** Picks an organisation in the searchable select, as a person types part of its name. */
async function pickOrganisation(page: Page, dialog: ReturnType<Page['locator']>, typed: string, name: string): Promise<void> {
  await dialog.locator('.organisation-select').click();
  await page.keyboard.type(typed);
  await page.getByRole('option', { name: new RegExp(name) }).click();
}
