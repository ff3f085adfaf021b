import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
// playwright-core is a dependency of web/ (the root installs it through web's install): loaded from there.
import type { BrowserContext, Page } from '../../web/node_modules/playwright-core/index.js';
import { PROJECT_ROOT } from '../../src/common/project-paths.js';
import { WEB_APP_DIR } from '../../src/web/web-app.js';
import { startTestApp, passwordOf, type TestApp } from './test-app.js';

// From the project root, not from this file: the same path whether run by Jest or compiled into dist/ (bench:web).
const { chromium } = createRequire(join(PROJECT_ROOT, 'web', 'package.json'))(
  'playwright-core',
) as typeof import('../../web/node_modules/playwright-core/index.js');

/** Debian's chromium (installed by .ci/run); no browser download. */
const CHROMIUM = '/usr/bin/chromium';
/**
 * Without the background-networking flags Chromium's own outgoing connections are refused by the closed network
 * (../shared/stack.md). --lang: the browser of a clerk in China (its date fields read 年/月/日).
 */
const FLAGS = [
  '--lang=zh-CN',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'web');

export interface WebApp extends TestApp {
  /** http://127.0.0.1:port of the real server, serving the built web app and the API. */
  url: string;
}

/** The real app (API and built web app) listening on a free port, on a fresh database; `env` adds settings (SMTP_URL, …). */
export async function startWebApp(start?: string, env: Record<string, string> = {}): Promise<WebApp> {
  if (!existsSync(join(WEB_APP_DIR, 'index.html'))) throw new Error(`${WEB_APP_DIR}/index.html is missing: run \`npm run build\` before the browser tests`);
  const t = await startTestApp(start, env);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return Object.assign(t, { url: `http://127.0.0.1:${port}` });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile. Its time zone is deliberately not
 * Beijing's, so a screen that printed browser-local times would be caught.
 */
export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  const profile = mkdtempSync(join(tmpdir(), 'gongwen-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Europe/London',
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the 登录 page as a demo account. */
export async function signIn(page: Page, app: Pick<WebApp, 'url'>, username: string, password = passwordOf(username)): Promise<void> {
  await page.goto(`${app.url}/login`);
  // Someone else is signed in on this page: 退出 first, as a person would.
  const signOut = page.getByRole('button', { name: '退出' });
  await page.locator('#login-username').or(signOut).first().waitFor();
  if (await signOut.isVisible()) {
    await signOut.click();
    await page.waitForURL(/\/login$/);
  }
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
}

/** The page at 1366×768 and at a 390 px phone width, under test-results/web/ for a person to look at. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: a full-page picture taken while scrolled shows the sticky header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  // Transitions run to their end first: an Element Plus tag zooms in, a closing dialog fades out; caught halfway
  // they read as empty cells and a veil over the page.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1366.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // the layout switches on a media query
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-390.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForTimeout(300);
}
