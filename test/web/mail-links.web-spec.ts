import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ParsedMail } from 'mailparser';
import { completeTable } from '../factories/strategy-table.factory.js';
import { seedIssuedReferenceNotice } from '../support/campaign.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { openBrowser, screenshots, startWebApp, type Browser, type WebApp } from '../support/web-browser.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { DeadlineScheduler } from '../../src/scheduler/deadline-scheduler.service.js';
import { passwordOf } from '../support/test-app.js';

// A person opens the link of a mail gongwen sent and lands on the page it is about, after signing in.
// The links name the installation's public address (APP_URL); the test opens their paths on this server.
const BROWSER_TEST_MS = 240_000;
const BASE = 'https://gongwen.wsjkw.tianjin.example';
const CARDIO = '天津市心血管内科医疗质量控制中心';

/** The page a mail links to: its one link under the public address, as a path of the web app. */
function linkedPath(mail: ParsedMail): string {
  const links = [...(mail.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
  expect(links).toHaveLength(1);
  expect(links[0].startsWith(`${BASE}/`)).toBe(true);
  return new URL(links[0]).pathname;
}

describe('the links in mail, opened in Chromium', () => {
  const sink = new SmtpSink();
  let app: WebApp;
  let browser: Browser;
  let noticeId: string;
  let cardioId: string;

  beforeAll(async () => {
    await sink.start();
    app = await startWebApp('2022-04-18T09:00:00+08:00', { SMTP_URL: sink.url, APP_URL: BASE });
    browser = await openBrowser();
    const seeded = await seedIssuedReferenceNotice(app);
    noticeId = seeded.noticeId;
    cardioId = await seeded.assignmentOf('qc-cardio');
    await app.app.get(OutboxRelay).drain();
  }, BROWSER_TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sink.stop();
  });

  /** Opens a linked path signed out: the app asks who is there, then shows the page the mail pointed to. */
  async function openSignedOut(path: string, username: string) {
    const page = await browser.context.newPage();
    await page.goto(`${app.url}${path}`);
    await page.waitForURL(/\/login\?redirect=/);
    await page.fill('#login-username', username);
    await page.fill('#login-password', passwordOf(username));
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.url}${path}`);
    return page;
  }

  it(
    "takes a center from the notice's mail to its own task, where it signs for it",
    async () => {
      const mail = sink.messages.find((m) => JSON.stringify(m.to).includes('cardio@qc.tianjin.example') && m.subject?.startsWith('【公文】'))!;
      const path = linkedPath(mail);
      expect(path).toBe(`/assignments/${cardioId}`);
      const page = await openSignedOut(path, 'center-qc-cardio');
      await page.getByRole('heading', { name: '天津市卫生健康委员会关于落实2022年国家医疗质量安全改进目标的通知' }).waitFor();
      await expect(page.locator('.facts').textContent()).resolves.toContain(CARDIO);
      await page.getByRole('button', { name: '签收', exact: true }).waitFor();
      await screenshots(page, '40-mail-link-center-task');
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    "takes staff from the mailbox's copy of a submission to that task, and from the deadline summary to the board",
    async () => {
      sink.messages.length = 0;
      const center = await app.login('center-qc-cardio');
      await app.http.post(`/api/assignments/${cardioId}/events`).set(center).send({ type: 'ACKNOWLEDGE' });
      const submitted = await app.http
        .post(`/api/assignments/${cardioId}/events`)
        .set(center)
        .send({ type: 'SUBMIT', table: completeTable(['2022-01'], CARDIO) });
      expect(submitted.status).toBe(200);
      // The deadline passes: the scheduler sends staff the summary of who is missing.
      app.clock.set('2022-04-29T09:00:00+08:00');
      await app.app.get(DeadlineScheduler).runDue();
      await app.app.get(OutboxRelay).drain();

      const toMailbox = sink.messages.find((m) => m.subject?.startsWith('【策略表】'))!;
      const taskPath = linkedPath(toMailbox);
      expect(taskPath).toBe(`/assignments/${cardioId}`);
      const page = await openSignedOut(taskPath, 'staff');
      await expect(page.locator('.facts').textContent()).resolves.toContain(CARDIO);

      const summary = sink.messages.find((m) => m.subject?.startsWith('【截止汇总】'))!;
      const boardPath = linkedPath(summary);
      expect(boardPath).toBe(`/notices/${noticeId}/board`);
      await page.goto(`${app.url}${boardPath}`);
      await page.getByRole('heading', { name: '进度看板' }).waitFor();
      await page.locator('.el-table__row', { hasText: CARDIO }).first().waitFor();
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});
