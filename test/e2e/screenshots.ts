/**
 * Screenshots of the web app on the fixture district, for looking at the
 * layout by eye (zh-CN and en, desktop 1366×860 and phone 375×740).
 *
 *   npm run build:web && npx tsx test/e2e/screenshots.ts [outDir]   # default /tmp/shots
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startFixtureServer, TEST_PASSWORD } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/shots');
mkdirSync(outDir, { recursive: true });

const server = await startFixtureServer();
const profile = mkdtempSync(join(tmpdir(), 'cohesion-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.COHESION_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1366, height: 860 },
});
context.setDefaultTimeout(15_000);

const VIEWPORTS = { desktop: { width: 1366, height: 860 }, phone: { width: 375, height: 740 } } as const;
const shots: string[] = [];

async function shot(page: Page, name: string, fullPage = false) {
  // Let antd's transitions (drawer, message) finish so the picture is stable.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const file = join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  shots.push(file);
}

async function rowsShown(page: Page) {
  await page.locator('[data-testid=units-table] tbody tr.ant-table-row').first().waitFor();
}

/** Something in the audit log besides logins: an edit with a before and an after. */
async function editOneUnit() {
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'street1', password: TEST_PASSWORD } });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  const id = server.fx.units['星火科技有限公司'];
  const res = await server.app.inject({
    method: 'PATCH',
    url: `/api/v1/units/${id}`,
    headers: { cookie, 'x-csrf-token': csrf },
    payload: { employeeCount: 135, surveyedMemberCount: 6, address: '金融大厦 12 楼' },
  });
  if (res.statusCode !== 200) throw new Error(`edit failed: ${res.statusCode} ${res.body}`);
}

try {
  await editOneUnit();
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await context.clearCookies();
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(server.url + '/login');
      await page.evaluate((l) => localStorage.setItem('cohesion.lang', l), lang);
      await page.reload();
      await page.getByTestId('login-username').waitFor();
      const tag = `${lang === 'en' ? 'en' : 'zh'}-${size}`;
      await shot(page, `login-${tag}`);
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill(TEST_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL('**/units');
      await rowsShown(page);
      await shot(page, `units-${tag}`);
      if (size === 'phone') {
        await page.getByTestId('unit-filters-toggle').click();
        await page.getByTestId('filter-territoryId').waitFor();
        await shot(page, `units-filters-${tag}`, true);
        await page.getByTestId('menu-button').click();
        await page.getByTestId('drawer-menu').waitFor();
        await shot(page, `menu-${tag}`);
        await page.keyboard.press('Escape');
        await page.getByTestId('drawer-menu').waitFor({ state: 'hidden' });
      }
      await page.getByTestId('unit-new').click();
      await page.locator('#unit_name').waitFor();
      await page.getByTestId('unit-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await shot(page, `unit-form-${tag}`);
      await page.getByTestId('unit-cancel').click();
      await page.locator('#unit_name').waitFor({ state: 'detached' });
      await page.goto(server.url + '/territory');
      await page.getByTestId('territory-tree').waitFor();
      await page.locator('[data-testid^=tree-node-]').nth(1).click();
      await page.getByTestId('territory-details').locator('.ant-descriptions').waitFor();
      await shot(page, `territory-${tag}`, size === 'phone');
      await page.goto(server.url + '/audit');
      const update = page.locator('[data-testid=audit-table] tbody tr.ant-table-row').filter({ hasText: 'street1' });
      await update.first().waitFor();
      await update.first().locator('.ant-table-row-expand-icon').click();
      await page.locator('[data-testid^=audit-diff-]').first().waitFor();
      await shot(page, `audit-${tag}`);
      await page.close();
    }
  }
  console.log(shots.join('\n'));
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
