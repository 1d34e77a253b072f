/**
 * The web app in a real browser (Debian's Chromium through playwright-core)
 * against the real server on the fixture district: login, registering a unit
 * with the server's field error shown on the field, searching by a Chinese
 * substring, switching language, and the phone layout.
 *
 * Needs the built web app (`npm run build:web`; `npm test` builds it first)
 * and /usr/bin/chromium (`apt-get install -y chromium fonts-noto-cjk`).
 * Without Chromium the file fails, unless COHESION_SKIP_E2E=1 skips it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../src/domain/ids.js';
import { assertWebBuilt, startFixtureServer, TEST_PASSWORD, type FixtureServer } from './server.js';

const CHROMIUM = process.env.COHESION_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && process.env.COHESION_SKIP_E2E === '1';
if (skip) {
  console.warn(`\n\x1b[41m\x1b[37m Chromium not found at ${CHROMIUM}: the browser (e2e) tests are SKIPPED (COHESION_SKIP_E2E=1). \x1b[0m\n`);
}

/** Waits for elements, never for time: how long any single step may take. */
// Generous: CI machines may be slow; nothing waits longer than needed.
const STEP_MS = 45_000;

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BODY = '91310101MA1FL0XX0';
const GOOD_CODE = BODY + creditCodeCheckChar(BODY);
const BAD_CODE = BODY + [...CREDIT_ALPHABET].find((c) => c !== creditCodeCheckChar(BODY))!;
const UNIT_NAME = '青禾数据科技有限公司';
const NAME_PART = '青禾';

describe.skipIf(skip)('web app in Chromium', { timeout: 120_000 }, () => {
  let server: FixtureServer;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;

  beforeAll(async () => {
    assertWebBuilt();
    if (!haveChromium) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\`, ` +
          'or set COHESION_SKIP_E2E=1 to skip the browser tests.',
      );
    }
    server = await startFixtureServer();
    profileDir = mkdtempSync(join(tmpdir(), 'cohesion-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 860 },
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(STEP_MS);
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }, 60_000);

  async function login(p: Page, username: string) {
    await p.goto(server.url + '/');
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(TEST_PASSWORD);
    await p.getByTestId('login-submit').click();
    await p.waitForURL('**/units');
  }

  /** The antd form item holding the input with this id (labels, help and errors live in it). */
  function formItem(p: Page, inputId: string): Locator {
    return p.locator('.ant-form-item').filter({ has: p.locator(`#${inputId}`) });
  }

  function rows(p: Page): Locator {
    return p.locator('[data-testid=units-table] tbody tr.ant-table-row');
  }

  it('logs the district admin in and lands on the units list', async () => {
    await login(page, 'admin');
    await rows(page).first().waitFor();
    expect(await page.getByTestId('district-name').textContent()).toBe('测试区');
    // The menu is built from the admin's permissions: all three pages.
    for (const key of ['territory', 'units', 'audit']) await page.getByTestId(`nav-${key}`).waitFor();
    await rows(page).filter({ hasText: '星火科技有限公司' }).waitFor();
    // The whole district: units of both streets.
    await rows(page).filter({ hasText: '乙街道' }).first().waitFor();
  });

  it('shows the server\'s credit code error under the field, then registers the unit', async () => {
    await page.getByTestId('unit-new').click();
    await page.locator('#unit_name').fill(UNIT_NAME);
    await page.locator('#unit_creditCode').fill(BAD_CODE);
    // antd's own texts are Chinese too (antd/es/locale/zh_CN, see STACK-NOTES).
    expect(await page.locator('#unit_registeredOn').getAttribute('placeholder')).toBe('请选择日期');

    await page.locator('#unit_industry').click();
    await page.locator('#unit_industry').fill('信息传输');
    await page.locator('.ant-select-item-option[title="I 信息传输、软件和信息技术服务业"]').click();
    await page.locator('#unit_employeeCount').fill('56');
    await page.locator('#unit_territoryId').click();
    await page.locator('#unit_territoryId').fill('金融');
    await page.locator('.ant-select-tree-node-content-wrapper[title="金融大厦"]').click();
    await page.locator('#unit_address').fill('金融大厦 18 楼');

    await page.getByTestId('unit-submit').click();
    const error = formItem(page, 'unit_creditCode').locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('统一社会信用代码校验位错误（GB 32100）');
    // Only the credit code is wrong.
    expect(await page.locator('.ant-form-item-explain-error').count()).toBe(1);

    await page.locator('#unit_creditCode').fill(GOOD_CODE);
    await page.getByTestId('unit-submit').click();
    await page.locator('.ant-message-notice', { hasText: '单位已登记' }).waitFor();
    await page.locator('#unit_name').waitFor({ state: 'detached' });
    await rows(page).filter({ hasText: UNIT_NAME }).waitFor();
  });

  it('finds the new unit by a two-character Chinese part of its name', async () => {
    const search = page.getByTestId('unit-search').locator('input');
    await search.fill(NAME_PART);
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === NAME_PART);
    await expect.poll(() => rows(page).count()).toBe(1);
    const row = rows(page).first();
    expect(await row.textContent()).toContain(UNIT_NAME);
    expect(await row.textContent()).toContain(GOOD_CODE);
    expect(await row.textContent()).toContain('金融大厦');
    expect(await row.textContent()).toContain('甲街道');
  });

  it('switches to English, shows the server\'s errors in English, and keeps the choice after a reload', async () => {
    await page.getByTestId('lang-en').click();
    await page.locator('th', { hasText: 'Credit code' }).waitFor();
    expect(await page.getByTestId('nav-units').textContent()).toBe('Units');
    expect(await page.getByTestId('unit-new').textContent()).toContain('New unit');
    expect(await page.getByTestId('unit-export').getAttribute('href')).toContain('lang=en');

    // Server messages follow the UI language (Accept-Language).
    await rows(page).first().getByText('Edit', { exact: true }).click();
    await page.locator('#unit_creditCode').fill(BAD_CODE);
    await page.getByTestId('unit-submit').click();
    const error = formItem(page, 'unit_creditCode').locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('The credit code check character is wrong (GB 32100)');
    await page.getByTestId('unit-cancel').click();
    await page.locator('#unit_creditCode').waitFor({ state: 'detached' });

    await page.reload();
    await page.locator('th', { hasText: 'Credit code' }).waitFor();
    expect(await page.getByTestId('nav-units').textContent()).toBe('Units');
    expect(await page.evaluate(() => [document.documentElement.lang, localStorage.getItem('cohesion.lang')])).toEqual(['en', 'en']);
    // The search survived the reload too (it lives in the address).
    await expect.poll(() => rows(page).count()).toBe(1);

    await page.getByTestId('lang-zh').click();
    await page.locator('th', { hasText: '统一社会信用代码' }).waitFor();
  });

  it('at phone width hides the menu behind a button and still reaches the units table', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 375, height: 740 });
      await context.clearCookies();
      await login(phone, 'street1');
      await rows(phone).first().waitFor();
      expect(await phone.getByTestId('side-menu').count()).toBe(0);
      await phone.getByTestId('menu-button').waitFor();

      // The table scrolls sideways instead of squeezing its columns.
      const scroll = await phone
        .locator('[data-testid=units-table] .ant-table-content, [data-testid=units-table] .ant-table-body')
        .first()
        .evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scroll.scrollWidth).toBeGreaterThan(scroll.clientWidth);
      // The page itself does not.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

      // The menu opens in a drawer and leads to the pages.
      await phone.getByTestId('menu-button').click();
      await phone.getByTestId('drawer-menu').waitFor();
      await phone.getByTestId('nav-territory').click();
      await phone.waitForURL('**/territory');
      await phone.getByTestId('drawer-menu').waitFor({ state: 'hidden' });
      await phone.getByTestId('territory-tree').waitFor();
      await phone.getByTestId('menu-button').click();
      await phone.getByTestId('nav-units').click();
      await phone.waitForURL('**/units');
      // street1 sees only street 甲 (scope), the unit registered above included.
      await rows(phone).first().waitFor();
      expect(await rows(phone).filter({ hasText: '乙街道' }).count()).toBe(0);
      const search = phone.getByTestId('unit-search').locator('input');
      await search.fill(NAME_PART);
      await search.press('Enter');
      await expect.poll(() => rows(phone).count()).toBe(1);
      expect(await rows(phone).first().textContent()).toContain(UNIT_NAME);

      // The unit form takes the whole width.
      await phone.getByTestId('unit-new').click();
      await phone.locator('#unit_name').waitFor();
      const drawer = await phone.locator('.ant-drawer-content-wrapper').filter({ has: phone.locator('#unit_name') }).boundingBox();
      expect(Math.round(drawer?.width ?? 0)).toBe(375);
    } finally {
      await phone.close();
    }
  });
});
