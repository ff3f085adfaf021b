import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from '../../web/node_modules/playwright-core/index.js';
import { loadXlsx } from '../support/strategy-sheet.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';
import { fillStrategyTable } from '../support/web-strategy-form.js';

// The whole spring-2022 round, clicked through in a real browser on a fresh server whose clock is in April 2022:
// staff, the leader, two centers and the reviewer each in their own tab, the board checked after each step.
const BROWSER_TEST_MS = 420_000;
const TITLE = '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知';
const CARDIO = '天津市心血管内科医疗质量控制中心';
const NEURO = '天津市神经内科医疗质量控制中心';
const LEADER_COMMENT = '第四项请写明联系人及联系电话，便于各中心咨询';
const CONTACT_LINE = '联系人：医政医管处 王立，电话：022-23337700。';
const REVIEW_REASON = '目标值缺少依据，请写明与国家目标的对应关系';
const FEEDBACK = '策略表已审核通过，请按时间节点推进并于年中报送进展';

describe('the reference campaign, clicked through in Chromium', () => {
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
    'takes the 2022 notice from draft through a return, sign-off and issue, two centers, a returned table, feedback, export and 办结',
    async () => {
      // Each person in a tab of their own: the session lives in the tab.
      const staff = await signedIn('staff');
      const leader = await signedIn('leader');

      // 拟稿 → 送核稿: the reference notice waits as a draft in the staff's 待办.
      await openFromInbox(staff, '待送核稿');
      await staff.getByRole('button', { name: '送核稿', exact: true }).click();
      await staff.locator('.el-descriptions', { hasText: '核稿中' }).waitFor();

      // The leader's one queue, 核稿签发, counts it and lists it (no 待办 beside it listing the same);
      // the notice opens with its PDF in the page; 退回 wants an opinion.
      const approvals = leader.locator('.aside').getByRole('menuitem', { name: '核稿签发' });
      await leader.reload(); // the tab signed in before the notice went to 核稿: the count is asked again
      await approvals.locator('.el-badge__content', { hasText: /^1$/ }).waitFor();
      await expect(leader.locator('.aside').getByRole('menuitem', { name: '待办' }).count()).resolves.toBe(0);
      await approvals.click();
      await leader.getByRole('heading', { name: '核稿签发' }).waitFor();
      const queued = leader.locator('.el-table__row', { hasText: TITLE });
      await expect(queued.textContent()).resolves.toMatch(/待核稿[\s\S]*核稿中/);
      await screenshots(leader, 'campaign-leader-queue');
      await queued.getByRole('link', { name: TITLE }).click();
      await leader.locator('iframe[title="通知正文（PDF）"]').waitFor();
      await leader.getByRole('button', { name: '退回', exact: true }).click();
      const returnDialog = leader.getByRole('dialog', { name: '退回' });
      await returnDialog.getByRole('button', { name: '退回' }).click();
      await returnDialog.getByText('请填写退回意见').waitFor();
      await returnDialog.locator('textarea').fill(LEADER_COMMENT);
      await returnDialog.getByRole('button', { name: '退回' }).click();
      await leader.locator('.el-descriptions', { hasText: '草稿' }).waitFor();
      const leaderHistory = leader.locator('.notice-history');
      await leaderHistory.getByText('核稿退回').waitFor();
      await expect(leaderHistory.textContent()).resolves.toMatch(new RegExp(`送核稿[\\s\\S]*核稿退回[\\s\\S]*意见：${LEADER_COMMENT}`));

      // Staff read the leader's opinion on the notice, fix the draft and send it again.
      await staff.reload();
      const returned = staff.locator('.el-alert', { hasText: '核稿退回' });
      await expect(returned.textContent()).resolves.toMatch(new RegExp(`核稿退回（分管领导，2022年4月18日（星期一）9:00）[\\s\\S]*${LEADER_COMMENT}`));
      await expect(staff.locator('.notice-history').textContent()).resolves.toContain(`意见：${LEADER_COMMENT}`);
      await picture(staff, 'campaign-staff-sees-return');
      await staff.getByRole('button', { name: '修改草稿' }).click();
      await staff.locator('#notice-body').waitFor();
      // The editor says the same above the form: who returned it, when, at which step, and the opinion.
      const returnedInEditor = staff.locator('.el-alert', { hasText: '核稿退回' });
      await expect(returnedInEditor.textContent()).resolves.toMatch(new RegExp(`核稿退回（分管领导，2022年4月18日（星期一）9:00）[\\s\\S]*${LEADER_COMMENT}`));
      await picture(staff, 'campaign-staff-edits-returned');
      const body = await staff.inputValue('#notice-body');
      await staff.fill('#notice-body', `${body}\n\n${CONTACT_LINE}`);
      await staff.getByRole('button', { name: '保存草稿' }).click();
      await staff.getByText('草稿已保存').first().waitFor();
      await staff.getByRole('button', { name: '送核稿', exact: true }).click();
      await staff.locator('.el-descriptions', { hasText: '核稿中' }).waitFor();

      // The leader agrees (核稿, with an opinion) and signs (签发, without one).
      app.clock.set('2022-04-18T10:30:00+08:00');
      await approvals.click();
      await leader.locator('.el-table__row', { hasText: TITLE }).getByRole('link', { name: TITLE }).click();
      await expect(leader.locator('.body-card', { hasText: '正文' }).textContent()).resolves.toContain(CONTACT_LINE);
      await leader.getByRole('button', { name: '核稿通过', exact: true }).click();
      const approveDialog = leader.getByRole('dialog', { name: '核稿通过' });
      await approveDialog.locator('textarea').fill('同意，请签发');
      await approveDialog.getByRole('button', { name: '同意' }).click();
      await leader.locator('.el-descriptions', { hasText: '待签发' }).waitFor();
      await picture(leader, 'campaign-leader-notice');
      await leader.getByRole('button', { name: '签发', exact: true }).click();
      await leader.getByRole('dialog', { name: '签发' }).getByRole('button', { name: '同意' }).click();
      await leader.locator('.el-descriptions', { hasText: '已签发' }).waitFor();
      await leaderHistory.getByText('签发', { exact: true }).waitFor();
      await expect(leaderHistory.textContent()).resolves.toMatch(/核稿退回[\s\S]*送核稿[\s\S]*核稿通过[\s\S]*意见：同意，请签发[\s\S]*签发/);
      await approvals.click();
      await leader.getByText('没有待核稿、待签发的公文').waitFor();
      await approvals.locator('.el-badge').waitFor({ state: 'detached' }); // nothing waits: no count
      await leader.close();

      // Staff issue it: numbered, and the board shows every center 未签收.
      await openFromInbox(staff, '待印发');
      await staff.getByRole('button', { name: '印发' }).click();
      await staff.getByRole('dialog', { name: '印发' }).getByRole('button', { name: '确定' }).click();
      await staff.locator('.el-descriptions', { hasText: '津卫医政〔2022〕1号' }).waitFor();
      await staff.getByRole('button', { name: '进度看板' }).click();
      await staff.getByRole('heading', { name: '进度看板' }).waitFor();
      await expectBoard(staff, { [CARDIO]: '未签收', [NEURO]: '未签收' });

      // 心血管 signs for its task, fills the table with the phone wrong, reads why beside it, submits, keeps the receipt.
      app.clock.set('2022-04-20T10:00:00+08:00');
      const cardio = await signedIn('center-qc-cardio');
      await cardio.getByRole('menuitem', { name: '填报任务' }).click();
      await cardio.getByRole('button', { name: '去签收' }).click();
      await cardio.getByRole('button', { name: '签收', exact: true }).click();
      await cardio.getByRole('button', { name: '提交' }).first().waitFor();
      await fillStrategyTable(cardio);
      await cardio.fill('#f-contact-phone', '请打电话给我');
      await cardio.getByText('草稿已保存').first().waitFor();
      await submitTable(cardio);
      const phone = cardio.locator('.el-form-item', { has: cardio.locator('#f-contact-phone') });
      await expect(phone.locator('.el-form-item__error').textContent()).resolves.toContain('"联系电话"：格式不正确');
      await cardio.fill('#f-contact-phone', '022-23337788');
      await submitTable(cardio);
      await cardio.getByText('已提交的版本').waitFor();
      await picture(cardio, 'campaign-center-submitted');
      const [receipt] = await Promise.all([cardio.waitForEvent('download'), cardio.getByRole('button', { name: '下载回执' }).click()]);
      expect(receipt.suggestedFilename()).toMatch(/^回执-R2022-\d{3}-\d{4}\.pdf$/);
      expect(
        readFileSync(await receipt.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      await expectBoard(staff, { [CARDIO]: '已报送', [NEURO]: '未签收' });

      // 神经 signs and fills on the eve, presses 提交 after 09:00 on the 29th: the server refuses, naming the deadline.
      app.clock.set('2022-04-28T16:00:00+08:00');
      const neuro = await signedIn('center-qc-neuro');
      await neuro.getByRole('menuitem', { name: '填报任务' }).click();
      await neuro.getByRole('button', { name: '去签收' }).click();
      await neuro.getByRole('button', { name: '签收', exact: true }).click();
      await neuro.getByRole('button', { name: '提交' }).first().waitFor();
      await fillStrategyTable(neuro);
      await neuro.getByText('草稿已保存').first().waitFor();
      app.clock.set('2022-04-29T09:00:01+08:00');
      await submitTable(neuro);
      const refusal = neuro.locator('.el-alert--error', { hasText: '已超过截止时间' });
      await expect(refusal.textContent()).resolves.toContain('已超过截止时间 2022年4月29日（星期五）9:00（北京时间）');
      await expect(neuro.locator('.el-message--error').count()).resolves.toBe(0); // said once, in the page
      await picture(neuro, 'campaign-center-refused');
      await neuro.close();
      await expectBoard(staff, { [CARDIO]: '已报送', [NEURO]: '填报中' });
      await expect(rowOf(staff, NEURO).textContent()).resolves.toContain('逾期未报');
      await expect(rowOf(staff, CARDIO).textContent()).resolves.not.toContain('逾期');

      // Staff give 心血管's table to the reviewer, by name, on the board.
      app.clock.set('2022-04-29T10:00:00+08:00');
      await rowOf(staff, CARDIO).getByRole('button', { name: /办理/ }).click();
      const drawer = staff.getByRole('dialog', { name: CARDIO });
      await drawer.locator('.reviewers').click();
      await staff.keyboard.type('审核');
      await staff.getByRole('option', { name: /审核专家/ }).click();
      await drawer.locator('.el-divider', { hasText: '指定审核人' }).click(); // closes the list, as a person clicks beside it
      await drawer.getByRole('button', { name: '保存审核人' }).click();
      await drawer.locator('.el-descriptions', { hasText: '审核人审核专家' }).waitFor();
      await drawer.getByRole('button', { name: '关闭此对话框' }).click();

      // The reviewer returns it with a reason.
      const reviewer = await signedIn('reviewer');
      await reviewer.getByRole('menuitem', { name: '待办' }).click();
      const review = reviewer.locator('.el-table__row', { hasText: TITLE });
      await expect(review.textContent()).resolves.toMatch(/待审核[\s\S]*天津市心血管内科医疗质量控制中心/);
      await picture(reviewer, 'campaign-reviewer-queue');
      await review.getByRole('link', { name: TITLE }).click();
      await reviewer.getByRole('button', { name: '开始审核' }).click();
      await reviewer.getByRole('button', { name: '退回' }).click();
      const reasonDialog = reviewer.getByRole('dialog', { name: '退回' });
      await reasonDialog.locator('textarea').fill(REVIEW_REASON);
      await reasonDialog.getByRole('button', { name: '退回' }).click();
      await reviewer.locator('.el-descriptions', { hasText: '已退回' }).waitFor();
      await expectBoard(staff, { [CARDIO]: '已退回' });

      // 心血管 reads the reason, changes the target and submits again.
      await cardio.getByRole('menuitem', { name: '待办' }).click();
      const todo = cardio.locator('.el-table__row', { hasText: TITLE });
      await expect(todo.textContent()).resolves.toContain('待修改');
      await todo.getByRole('link', { name: TITLE }).click();
      await expect(cardio.locator('.el-card', { hasText: '审核意见与反馈' }).textContent()).resolves.toContain(REVIEW_REASON);
      await picture(cardio, 'campaign-center-returned');
      await cardio.fill('#f-goals-0-target-value', '≥ 75%（对标国家目标：再灌注治疗率逐年提高）');
      await submitTable(cardio);
      await cardio.locator('.el-descriptions', { hasText: '已提交' }).waitFor();
      await expectBoard(staff, { [CARDIO]: '已报送' });

      // The reviewer sees the change marked and approves.
      await reviewer.getByRole('menuitem', { name: '待办' }).click();
      await reviewer.locator('.el-table__row', { hasText: TITLE }).getByRole('link', { name: TITLE }).click();
      await reviewer.getByText('与第1版相比 1 处修改').waitFor();
      await reviewer.getByRole('button', { name: '开始审核' }).click();
      await reviewer.getByRole('button', { name: '通过' }).click();
      await reviewer.getByRole('dialog', { name: '通过' }).getByRole('button', { name: '通过' }).click();
      await reviewer.locator('.el-descriptions', { hasText: '已通过' }).waitFor();
      await expectBoard(staff, { [CARDIO]: '已通过', [NEURO]: '填报中' });

      // Staff write their feedback, export the workbook and close the round with a reason for the centers still open.
      await rowOf(staff, CARDIO).getByRole('button', { name: /办理/ }).click();
      await drawer.locator('#board-feedback').fill(FEEDBACK);
      await drawer.getByRole('button', { name: '反馈', exact: true }).click();
      await drawer.locator('.el-descriptions', { hasText: '已反馈' }).waitFor();
      await drawer.getByRole('button', { name: '关闭此对话框' }).click();
      await expectBoard(staff, { [CARDIO]: '已反馈' });
      await picture(staff, 'campaign-staff-board');

      const [workbook] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('button', { name: '导出全部策略表（.xlsx）' }).click()]);
      expect(workbook.suggestedFilename()).toBe('津卫医政〔2022〕1号-策略表汇总.xlsx');
      const book = await loadXlsx(readFileSync(await workbook.path()));
      const summary = book.getWorksheet('汇总');
      const header = (summary?.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
      const cardioRow = summary?.getRows(3, summary.rowCount - 2)?.find((r) => r.getCell(header.indexOf('单位代码')).value === 'qc-cardio');
      expect(cardioRow).toBeDefined();
      const cell = (name: string) => String(cardioRow?.getCell(header.indexOf(name)).value ?? '');
      expect([cell('质控中心'), cell('状态'), cell('已提交版本数'), cell('最新版本')]).toEqual([CARDIO, '已反馈', '2', '2']);

      await staff.getByRole('button', { name: '办结' }).click();
      const closeDialog = staff.getByRole('dialog', { name: '办结' });
      await expect(closeDialog.textContent()).resolves.toMatch(/尚有 \d+ 家单位未办结/);
      await closeDialog.getByRole('button', { name: '办结' }).click();
      await closeDialog.getByText('请填写办结说明').waitFor();
      await closeDialog.locator('textarea').fill('截止时间已过，未报送的中心按未完成处理');
      await closeDialog.getByRole('button', { name: '办结' }).click();
      await staff.locator('.facts', { hasText: '已办结' }).waitFor();
      await expectBoard(staff, { [CARDIO]: '已办结', [NEURO]: '已办结' });
    },
    BROWSER_TEST_MS,
  );

  /** A new tab with this demo account signed in, on its 工作台. */
  async function signedIn(username: string): Promise<Page> {
    const page = await browser.context.newPage();
    await signIn(page, app, username);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    return page;
  }
});

/** One full-page picture at 1366×768 under test-results/web/, for a person to look at. */
async function picture(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  // Transitions finished: a tag that is fading in shows as it will stay.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Opens the notice from the 待办 list where it waits for this step. */
async function openFromInbox(page: Page, step: string): Promise<void> {
  await page.getByRole('menuitem', { name: '待办' }).click();
  const row = page.locator('.el-table__row', { hasText: TITLE }).filter({ hasText: step });
  await row.getByRole('link', { name: TITLE }).click();
  await page.locator('.el-descriptions').waitFor();
}

/** 提交 and its confirmation, which names the deadline. */
async function submitTable(page: Page): Promise<void> {
  await page.getByRole('button', { name: '提交' }).first().click();
  const confirm = page.getByRole('dialog', { name: '确认提交' });
  await expect(confirm.textContent()).resolves.toMatch(/截止时间：2022年\d+月\d+日（星期.）\d+:\d\d（北京时间，以服务器为准）/);
  await confirm.getByRole('button', { name: '确定提交' }).click();
}

/** The board's row of one center. */
function rowOf(page: Page, center: string) {
  return page.locator('.matrix .el-table__body-wrapper .el-table__row', { hasText: center });
}

/** Reloads the board and waits until each center's state reads as given. */
async function expectBoard(page: Page, states: Record<string, string>): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { name: '进度看板' }).waitFor();
  for (const [center, label] of Object.entries(states)) {
    const state = rowOf(page, center).locator('.state');
    await state.filter({ hasText: new RegExp(`^${label}$`) }).waitFor();
    await expect(state.textContent()).resolves.toBe(label);
  }
}
