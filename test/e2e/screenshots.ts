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
import { addCoverageScenario, NOW, SMALL_SHOPS, startFixtureServer, TEST_PASSWORD } from './server.js';

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
// The page's "today" is the fixture's (the server's clock stands there).
await context.clock.install({ time: new Date(NOW) });

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

async function street1Session() {
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'street1', password: TEST_PASSWORD } });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf };
}

/** Something in the audit log besides logins: an edit with a before and an after. */
async function editOneUnit() {
  const { cookie, csrf } = await street1Session();
  const id = server.fx.units['星火科技有限公司'];
  const res = await server.app.inject({
    method: 'PATCH',
    url: `/api/v1/units/${id}`,
    headers: { cookie, 'x-csrf-token': csrf },
    payload: { employeeCount: 135, surveyedMemberCount: 6, address: '金融大厦 12 楼' },
  });
  if (res.statusCode !== 200) throw new Error(`edit failed: ${res.statusCode} ${res.body}`);
}

const shops = await addCoverageScenario(server);

/** The joint branch the coverage e2e test forms in the browser, formed here through the API. */
async function formJointBranch(): Promise<number> {
  const { cookie, csrf } = await street1Session();
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/party-orgs',
    headers: { cookie, 'x-csrf-token': csrf },
    payload: {
      parentId: server.fx.orgs.committeeA.id,
      kind: 'joint_branch',
      name: '小商品市场联合党支部',
      formationMode: 'joint',
      territoryId: server.fx.marketA,
      foundedOn: NOW.slice(0, 10),
      unitIds: SMALL_SHOPS.map((s) => shops[s.name]!),
    },
  });
  if (res.statusCode !== 201) throw new Error(`forming failed: ${res.statusCode} ${res.body}`);
  const orgId = (res.json() as { id: number }).id;
  // One checklist item done, with a photo (a small red PNG drawn by the browser).
  const page = await context.newPage();
  const png = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 120;
    c.height = 90;
    const g = c.getContext('2d')!;
    g.fillStyle = '#c8161d';
    g.fillRect(0, 0, 120, 90);
    g.fillStyle = '#ffd666';
    g.fillRect(10, 10, 30, 20);
    return c.toDataURL('image/png').split(',')[1]!;
  });
  await page.close();
  const up = await server.app.inject({
    method: 'POST',
    url: `/api/v1/party-orgs/${orgId}/evidence`,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'image/png', 'x-file-name': encodeURIComponent('活动室.png') },
    payload: Buffer.from(png, 'base64'),
  });
  if (up.statusCode !== 201) throw new Error(`upload failed: ${up.statusCode} ${up.body}`);
  const mark = await server.app.inject({
    method: 'PUT',
    url: `/api/v1/party-orgs/${orgId}/checklist/five_ones/activity_room`,
    headers: { cookie, 'x-csrf-token': csrf },
    payload: { doneOn: NOW.slice(0, 10), note: '市场二楼，约 40 平方米', uploadId: (up.json() as { id: number }).id },
  });
  if (mark.statusCode !== 200) throw new Error(`checklist failed: ${mark.statusCode} ${mark.body}`);
  return orgId;
}

async function openAs(lang: 'zh-CN' | 'en', viewport: { width: number; height: number }, username: string) {
  await context.clearCookies();
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(server.url + '/login');
  await page.evaluate((l) => localStorage.setItem('cohesion.lang', l), lang);
  await page.reload();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

/** Charts animate in; wait until ECharts has drawn (its canvas) and the animations are over. */
async function chartsDrawn(page: Page) {
  await page.locator('canvas').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('canvas').length > 0);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 1200)));
}

/** The coverage pages as street 甲's admin sees them: before forming (selection, form) and after. */
async function coverageShots() {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const tag = `${lang === 'en' ? 'en' : 'zh'}-${size}`;
      const page = await openAs(lang, viewport, 'street1');
      await page.goto(server.url + '/coverage/worklist');
      for (const shop of SMALL_SHOPS) {
        const row = page.locator(`[data-testid=worklist-table] tr[data-row-key="${shops[shop.name]}"]`);
        await row.locator('.ant-checkbox-input').check();
      }
      await shot(page, `worklist-selected-${tag}`);
      await page.getByTestId('worklist-form-joint').click();
      await page.getByTestId('joint-form').getByTestId('org-name').waitFor();
      await shot(page, `joint-form-${tag}`);
      await page.close();
    }
  }
  const orgId = await formJointBranch();
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const tag = `${lang === 'en' ? 'en' : 'zh'}-${size}`;
      const page = await openAs(lang, viewport, 'street1');
      await page.goto(server.url + '/coverage');
      await page.getByTestId('kpi-organizationalRate-value').filter({ hasText: '50.0%' }).waitFor();
      await chartsDrawn(page);
      await shot(page, `coverage-${tag}`, true);
      await page.goto(server.url + '/coverage/worklist');
      await page.locator('[data-testid^=suggestion-]').first().waitFor();
      await shot(page, `worklist-${tag}`, size === 'phone');
      await page.goto(server.url + '/coverage/map');
      await chartsDrawn(page);
      await shot(page, `map-${tag}`, size === 'phone');
      await page.getByTestId(`map-area-${server.fx.marketA}`).click();
      await page.locator('[data-testid=map-panel-units] tbody tr.ant-table-row').first().waitFor();
      await shot(page, `map-panel-${tag}`);
      await page.goto(server.url + '/orgs');
      await page.locator('[data-testid=orgs-table] tbody tr.ant-table-row').first().waitFor();
      await shot(page, `orgs-${tag}`, size === 'phone');
      await page.goto(server.url + `/orgs/${orgId}`);
      await page.getByTestId('org-findings').waitFor();
      await shot(page, `org-${tag}`, size === 'phone');
      await page.goto(server.url + `/orgs/${orgId}?tab=checklist`);
      await page.getByTestId('checklist-six_haves').waitFor();
      await shot(page, `org-checklist-${tag}`, size === 'phone');
      await page.goto(server.url + '/standardization');
      await page.locator('[data-testid=std-orgs] tbody tr.ant-table-row').first().waitFor();
      await chartsDrawn(page);
      await shot(page, `standardization-${tag}`, true);
      await page.goto(server.url + `/orgs/${server.fx.orgs.branchA.id}?tab=posts`);
      await page.locator('[data-testid=org-posts] tbody tr.ant-table-row').first().waitFor();
      await shot(page, `org-posts-${tag}`);
      await page.goto(server.url + `/units?q=${encodeURIComponent('锦绣')}`);
      await page.locator('[data-testid=units-table] tbody tr.ant-table-row').first().locator('a').first().click();
      await page.getByTestId('unit-covering-org').waitFor();
      await shot(page, `unit-coverage-${tag}`);
      await page.close();
    }
  }
}

try {
  await editOneUnit();
  await coverageShots();
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
      await page.goto(server.url + '/settings/rules');
      await page.getByTestId('rules-forming').waitFor();
      await shot(page, `settings-${tag}`, size === 'phone');
      await page.goto(server.url + '/audit');
      // street1's latest change with a before/after (logins have none and cannot expand).
      const expand = page
        .locator('[data-testid=audit-table] tbody tr.ant-table-row')
        .filter({ hasText: 'street1' })
        .locator('button.ant-table-row-expand-icon:not(.ant-table-row-expand-icon-spaced)');
      await expand.first().click();
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
