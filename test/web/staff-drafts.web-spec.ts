import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { openBrowser, screenshots, signIn, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';

// Staff write a new notice in the 拟稿 editor of a real browser (its zone London, the server's clock April 2022)
// and send it to 核稿; the API then holds exactly what was typed, the deadline as Beijing time.
const BROWSER_TEST_MS = 180_000;

const TITLE = '天津市卫生健康委员会关于开展2022年医疗质量安全改进目标中期评估的通知';
const BODY = [
  '各市级医疗质量控制中心：',
  '为推进改进目标落实，现将有关事项通知如下。',
  '一、评估范围',
  '（一）各中心牵头的目标',
  '1. 现状与基线',
  '（1）数据来源',
  '二、工作要求',
].join('\n');
const CARDIO = '天津市心血管内科医疗质量控制中心';
const EMERGENCY = '天津市急诊医学医疗质量控制中心';

interface Organisation {
  id: string;
  code: string;
}

describe('the 拟稿 editor in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  let pdfPath: string;

  beforeAll(async () => {
    app = await startWebApp('2022-04-18T09:00:00+08:00');
    browser = await openBrowser();
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('National notice 2022-58');
    pdfPath = join(mkdtempSync(join(tmpdir(), 'gongwen-upload-')), '国卫办医函〔2022〕58号.pdf');
    writeFileSync(pdfPath, await doc.save());
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(
    'lets staff draft a notice with the deadline picked in Beijing time, a PDF attached and the division set, shows a missing field beside it, then sends it to 核稿',
    async () => {
      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('menuitem', { name: '拟稿' }).click();
      await page.locator('#notice-title').waitFor();

      await page.fill('#notice-title', TITLE);
      await page.fill('#notice-body', BODY);
      // The structure hint reads the 层次 as typed; the text itself is kept as it is.
      await expect(page.locator('.outline').textContent()).resolves.toMatch(
        /一、评估范围[\s\S]*（一）各中心牵头的目标[\s\S]*1\.[\s\S]*（1）数据来源[\s\S]*二、工作要求/,
      );
      await page.locator('#notice-recipients').fill('各区卫生健康委');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');

      await page.locator('#notice-deadline').click();
      // Typed as the picker shows it, in Chinese.
      await page.locator('#notice-deadline').fill('2022年4月29日 09:00');
      await page.keyboard.press('Enter');
      await expect(page.locator('.deadline-text').textContent()).resolves.toContain('2022年4月29日（星期五）9:00');
      await page.getByRole('radio', { name: '接收并标记逾期' }).check({ force: true });

      // The mailbox is left empty: the server names it, beside the field.
      await page.getByRole('button', { name: '保存草稿' }).click();
      const mailboxItem = page.locator('.el-form-item', { has: page.locator('#notice-mailbox') });
      await expect(mailboxItem.locator('.el-form-item__error').textContent()).resolves.toContain('请填写指定政务邮箱');
      await screenshots(page, '10-staff-draft-missing-mailbox');

      await page.fill('#notice-mailbox', 'yizhengchu@wsjkw.tianjin.example');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.waitForURL(/\/notices\/[^/]+\/edit$/);
      await page.getByText('草稿已保存').first().waitFor();
      const noticeId = /\/notices\/([^/]+)\/edit$/.exec(page.url())?.[1] ?? '';

      await page.fill('input[aria-label="新附件的标题"]', '2022年国家医疗质量安全改进目标');
      await page.locator('input[type=file]').setInputFiles(pdfPath);
      await page.locator('.file', { hasText: '国卫办医函〔2022〕58号.pdf' }).waitFor();

      await page.locator('select[aria-label="目标一 · ' + CARDIO + '"]').selectOption('lead');
      await page.locator('select[aria-label="目标一 · ' + EMERGENCY + '"]').selectOption('partner');
      await expect(page.locator('tr[data-goal="2022-01"] .goal-summary').textContent()).resolves.toContain('牵头：心血管内科；协作：急诊医学');
      // A reload before saving: the grid comes back from this browser, and the page says so.
      await page.reload();
      await page.getByText('已恢复本机上次未保存的修改').waitFor();
      await expect(page.locator('select[aria-label="目标一 · ' + CARDIO + '"]').inputValue()).resolves.toBe('lead');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('草稿已保存').first().waitFor();
      await page.getByRole('button', { name: '按分工生成附件2、附件3' }).click();
      await page.locator('.file', { hasText: '系统生成' }).first().waitFor();
      await screenshots(page, '11-staff-draft-editor');

      await page.getByRole('button', { name: '送核稿', exact: true }).click();
      await page.waitForURL(new RegExp(`/notices/${noticeId}$`));
      await page.getByText('核稿中').first().waitFor();

      const auth = await app.login('staff');
      const notice = (await app.http.get(`/api/notices/${noticeId}`).set(auth)).body as Record<string, unknown>;
      const centers = (await app.http.get('/api/organisations?kind=center&pageSize=500').set(auth)).body as Organisation[];
      const idOf = (code: string) => centers.find((c) => c.code === code)?.id;
      expect(notice).toMatchObject({
        title: TITLE,
        body: BODY,
        recipients: ['各市级医疗质量控制中心', '各区卫生健康委'],
        deadline: '2022-04-29T09:00:00+08:00',
        timeZone: 'Asia/Shanghai',
        mailbox: 'yizhengchu@wsjkw.tianjin.example',
        campaignYear: 2022,
        latePolicy: 'accept-late',
        reminderLadder: [
          { kind: 'workingDaysBefore', days: 3, at: '09:00' },
          { kind: 'workingDaysBefore', days: 1, at: '09:00' },
          { kind: 'hoursBefore', hours: 2 },
        ],
        division: [
          { organisationId: idOf('qc-cardio'), goalCodes: ['2022-01'], role: 'lead' },
          { organisationId: idOf('qc-emergency'), goalCodes: ['2022-01'], role: 'partner' },
        ],
        state: 'checking',
      });
      const files = (await app.http.get(`/api/notices/${noticeId}/attachments`).set(auth)).body as {
        no: number;
        title: string;
        fileName: string;
        contentType: string;
        generated: boolean;
      }[];
      expect(files.map((f) => [f.no, f.fileName, f.contentType, f.generated])).toEqual([
        [1, '国卫办医函〔2022〕58号.pdf', 'application/pdf', false],
        [2, expect.stringMatching(/\.pdf$/), 'application/pdf', true],
        [3, expect.stringMatching(/\.xlsx$/), expect.stringContaining('spreadsheet'), true],
      ]);
      expect(files[0].title).toBe('2022年国家医疗质量安全改进目标');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows the server’s Chinese message when someone else changed the draft meanwhile',
    async () => {
      const auth = await app.login('staff');
      const created = await app.http
        .post('/api/notices')
        .set(auth)
        .send({
          title: '待修改的草稿',
          recipients: ['各市级医疗质量控制中心'],
          body: '正文',
          deadline: '2022-05-20T17:00:00+08:00',
          mailbox: 'a@b.example',
          campaignYear: 2022,
        });
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;

      const page = await browser.context.newPage();
      await signIn(page, app, 'staff');
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.goto(`${app.url}/notices/${id}/edit`);
      await expect(page.inputValue('#notice-deadline')).resolves.toBe('2022年5月20日 17:00');
      await expect(page.locator('.deadline-text').textContent()).resolves.toContain('2022年5月20日（星期五）17:00');

      await app.http.patch(`/api/notices/${id}`).set(auth).send({ title: '他人改过的标题', version: 1 }).expect(200);
      await page.fill('#notice-title', '我改的标题');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await expect(page.locator('.conflict').textContent()).resolves.toContain('该公文已被他人修改，请刷新后重试');
      await page.getByRole('button', { name: '重新载入（放弃本页未保存的修改）' }).click();
      await expect(page.inputValue('#notice-title')).resolves.toBe('他人改过的标题');
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});
