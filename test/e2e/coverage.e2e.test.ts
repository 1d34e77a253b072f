/**
 * The coverage pages in a real browser (Debian's Chromium through
 * playwright-core) against the real server on the fixture district plus three
 * small uncovered shops in 小商品市场 (addCoverageScenario):
 *
 * street 甲 has 8 operating units, one with its own organization (星火科技):
 * organizational coverage 1/8 = 12.5%. The street admin selects the three
 * shops in the worklist and forms a joint branch over them: 4/8 = 50.0% on
 * the dashboard; on the map 小商品市场 goes from 0/5 = 0.0% (red) to
 * 3/5 = 60.0% (amber). The new branch's page shows its 3 units and the
 * "no secretary" finding. One click on a worklist suggestion adds a fourth
 * unit (5/8 = 62.5%). The new branch's checklist gets its activity room
 * marked done with a photo upload. Then the dashboard in English, a secretary's landing
 * page, and the phone layout.
 *
 * The browser's clock starts at the fixture's "now" (the server's clock is
 * fixed there), so "founded today" is the server's today too.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCoverageScenario, assertWebBuilt, NOW, SMALL_SHOPS, startFixtureServer, TEST_PASSWORD, type FixtureServer } from './server.js';

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

/** Waits for elements, never for time: how long any single step may take. */
// Generous: CI machines may be slow; nothing waits longer than needed.
const STEP_MS = 45_000;
const JOINT_NAME = '小商品市场联合党支部';
/** A 1×1 PNG: the server checks an upload's bytes, not only its name. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe.skipIf(skip)('coverage pages in Chromium', { timeout: 120_000 }, () => {
  let server: FixtureServer;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let shops: Record<string, number>;

  beforeAll(async () => {
    assertWebBuilt();
    if (!haveChromium) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\`, ` +
          'or set COHESION_SKIP_E2E=1 to skip the browser tests.',
      );
    }
    server = await startFixtureServer();
    shops = await addCoverageScenario(server);
    profileDir = mkdtempSync(join(tmpdir(), 'cohesion-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 860 },
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(STEP_MS);
    // The page's "today" (default founding date) is the server's today.
    await context.clock.install({ time: new Date(NOW) });
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

  const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();
  const kpi = (p: Page, key: string) => p.getByTestId(`kpi-${key}-value`);
  const worklistRow = (p: Page, unitId: number) => p.locator(`[data-testid=worklist-table] tr[data-row-key="${unitId}"]`);

  it('shows the street admin the coverage of their street', async () => {
    await login(page, 'street1');
    await page.getByTestId('nav-coverage').click();
    await page.waitForURL('**/coverage');
    await expect.poll(() => text(kpi(page, 'operating'))).toBe('8');
    expect(await text(kpi(page, 'own'))).toBe('1');
    expect(await text(kpi(page, 'joint'))).toBe('0');
    expect(await text(kpi(page, 'none'))).toBe('7');
    expect(await text(kpi(page, 'organizationalRate'))).toBe('12.5%');
    expect(await text(kpi(page, 'workRate'))).toBe('0.0%');
    expect(await text(page.getByTestId('member-source'))).toContain('党员数来自摸排');
    // One row per area, with its rate; the charts are drawn.
    expect(await text(page.getByTestId(`child-rate-${server.fx.marketA}`))).toBe('0.0%');
    expect(await text(page.getByTestId(`child-rate-${server.fx.buildingA}`))).toBe('33.3%');
    await page.getByTestId('coverage-bar').locator('canvas').waitFor();
    await page.getByTestId('coverage-trend').locator('canvas').waitFor();
    // The areas are sorted by the server: fewest operating units first (金融大厦 3, 小商品市场 5), then most.
    const rowKeys = () => page.getByTestId('coverage-children').locator('tbody tr[data-row-key]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row-key'))));
    const operatingHeader = page.getByTestId('coverage-children').locator('th', { hasText: '在营单位' });
    await operatingHeader.click();
    await expect.poll(rowKeys, { timeout: 5000 }).toEqual([server.fx.buildingA, server.fx.marketA]);
    await operatingHeader.click();
    await expect.poll(rowKeys, { timeout: 5000 }).toEqual([server.fx.marketA, server.fx.buildingA]);
  });

  it('shows 小商品市场 red on the map before anything is formed', async () => {
    await page.getByTestId('nav-map').click();
    await page.waitForURL('**/coverage/map');
    await page.getByTestId('coverage-map').locator('canvas').waitFor();
    const area = page.getByTestId(`map-area-${server.fx.marketA}`);
    await area.waitFor();
    expect(await area.getAttribute('data-band')).toBe('low');
    expect(await text(page.getByTestId(`map-area-rate-${server.fx.marketA}`))).toBe('0.0%');
    await page.getByTestId('nav-coverage').click();
    await page.waitForURL('**/coverage');
  });

  it('forms a joint branch over the three shops selected in the worklist, and the rate rises', async () => {
    for (const shop of SMALL_SHOPS) {
      const row = worklistRow(page, shops[shop.name]!);
      await row.waitFor();
      expect(await text(row)).toContain('宜纳入联合党支部');
      await row.locator('.ant-checkbox-input').check();
    }
    expect(await text(page.getByTestId('worklist-selected'))).toBe('已选 3 家');
    await page.getByTestId('worklist-form-joint').click();

    const modal = page.getByTestId('joint-form');
    await modal.getByTestId('org-name').waitFor();
    // Prefilled: the area's name, the street committee as parent, the area, joint formation, the three shops.
    expect(await modal.getByTestId('org-name').inputValue()).toBe(JOINT_NAME);
    const modalText = await text(modal);
    expect(modalText).toContain('甲街道综合经济党委');
    expect(modalText).toContain('联合党支部');
    expect(modalText).toContain('联合组建');
    expect(modalText).toContain('小商品市场');
    for (const shop of SMALL_SHOPS) expect(modalText).toContain(shop.name);
    await page.getByTestId('joint-form-ok').click();
    await modal.getByTestId('org-name').waitFor({ state: 'detached' });
    await page.locator('.ant-message-notice', { hasText: `已建立“${JOINT_NAME}”` }).waitFor();

    // The dashboard refreshes by itself: 4 of 8 units have an organization now.
    await expect.poll(() => text(kpi(page, 'organizationalRate'))).toBe('50.0%');
    expect(await text(kpi(page, 'joint'))).toBe('3');
    expect(await text(kpi(page, 'none'))).toBe('4');
    expect(await text(page.getByTestId(`child-rate-${server.fx.marketA}`))).toBe('60.0%');
    // The shops left the worklist.
    for (const shop of SMALL_SHOPS) await worklistRow(page, shops[shop.name]!).waitFor({ state: 'detached' });
  });

  it('shows 小商品市场 amber at 60.0% on the map, with the shops jointly covered in its panel', async () => {
    await page.getByTestId('nav-map').click();
    await page.waitForURL('**/coverage/map');
    const area = page.getByTestId(`map-area-${server.fx.marketA}`);
    await expect.poll(() => area.getAttribute('data-band')).toBe('mid');
    expect(await text(page.getByTestId(`map-area-rate-${server.fx.marketA}`))).toBe('60.0%');

    await area.click();
    const panel = page.getByTestId('map-panel');
    await panel.waitFor();
    expect(await text(panel.getByTestId('map-panel-rate'))).toBe('60.0%');
    const rows = panel.locator('[data-testid=map-panel-units] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(5);
    // Only the jointly covered ones: the three shops.
    await panel.getByTestId('map-panel-filter').getByText('联合党组织覆盖').click();
    await expect.poll(() => rows.count()).toBe(3);
    for (const shop of SMALL_SHOPS) await rows.filter({ hasText: shop.name }).waitFor();
    await panel.locator('.ant-drawer-close').click();
    await panel.waitFor({ state: 'hidden' });
  });

  it('opens the new joint branch: 3 covered units, and no secretary yet', async () => {
    await page.getByTestId('nav-orgs').click();
    await page.waitForURL('**/orgs');
    const link = page.locator('[data-testid=orgs-table] a', { hasText: JOINT_NAME });
    await link.waitFor();
    // The finding shows as an orange badge in the list already.
    const row = page.locator('[data-testid=orgs-table] tr.ant-table-row', { has: page.locator('a', { hasText: JOINT_NAME }) });
    expect(await row.getByTestId('finding-org.secretary.missing').getAttribute('data-severity')).toBe('warning');
    await link.click();
    await page.waitForURL(/\/orgs\/\d+$/);

    expect(await text(page.getByTestId('org-title'))).toBe(JOINT_NAME);
    const tags = await text(page.getByTestId('org-tags'));
    expect(tags).toContain('联合党支部');
    expect(tags).toContain('联合组建');
    expect(await text(page.getByTestId('org-covered-count'))).toBe('3');
    const finding = page.getByTestId('org-finding-org.secretary.missing');
    await finding.waitFor();
    expect(await text(finding)).toContain('尚未配备书记');
    expect(await text(finding)).toContain('《中国共产党支部工作条例（试行）》（2018）');

    await page.getByTestId('org-tab-units').click();
    const units = page.locator('[data-testid=org-units] tbody tr.ant-table-row');
    await expect.poll(() => units.count()).toBe(3);
    for (const shop of SMALL_SHOPS) await units.filter({ hasText: shop.name }).waitFor();
  });

  it('marks the activity room done on the new branch\'s checklist, with a photo', async () => {
    await page.getByTestId('org-tab-checklist').click();
    const item = page.getByTestId('checklist-item-five_ones-activity_room');
    await item.waitFor();
    expect(await item.getAttribute('data-done')).toBe('false');
    await page.getByTestId('checklist-mark-five_ones-activity_room').click();
    const modal = page.getByTestId('checklist-modal');
    await modal.getByTestId('checklist-doneOn').waitFor();
    await modal.locator('input[type=file]').setInputFiles({ name: '活动室.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1, 'base64') });
    expect(await text(modal.getByTestId('checklist-uploaded'))).toContain('活动室.png');
    await modal.getByTestId('checklist-note').fill('市场二楼，约 40 平方米');
    await page.getByTestId('checklist-modal-ok').click();
    await modal.getByTestId('checklist-doneOn').waitFor({ state: 'detached' });
    await expect.poll(() => item.getAttribute('data-done')).toBe('true');
    expect(await text(item)).toContain('2026-11-23');
    expect(await text(item)).toContain('市场二楼');
    expect(await text(page.getByTestId('checklist-five_ones'))).toContain('1/5');
    // The photo comes back from the server and shows.
    const img = item.locator('img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
  });

  it('adds one more small unit to the new joint branch with one click on the suggestion', async () => {
    await page.getByTestId('nav-worklist').click();
    await page.waitForURL('**/coverage/worklist');
    const unitId = server.fx.units['市场服装批发有限公司']!;
    const suggestion = page.locator(`[data-testid^=suggestion-${unitId}-]`).first();
    await suggestion.waitFor();
    // Same area, same industry, room for 5 − 3 = 2 more units.
    const hint = await text(suggestion);
    expect(hint).toContain(JOINT_NAME);
    expect(hint).toContain('同区域');
    expect(hint).toContain('同行业');
    expect(hint).toContain('尚可纳入 2 家');
    await suggestion.getByRole('button').click();
    await page.getByTestId('join-confirm-ok').click();
    await page.locator('.ant-message-notice', { hasText: `已纳入“${JOINT_NAME}”` }).waitFor();
    await worklistRow(page, unitId).waitFor({ state: 'detached' });
    await page.getByTestId('nav-coverage').click();
    await page.waitForURL('**/coverage');
    // 5 of 8 units now.
    await expect.poll(() => text(kpi(page, 'organizationalRate'))).toBe('62.5%');
  });

  it('shows the dashboard in English', async () => {
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-coverage').click();
    await page.waitForURL('**/coverage');
    await expect.poll(() => text(page.getByTestId('kpi-operating-title'))).toBe('Operating units');
    const titles: Record<string, string> = {
      own: 'Own organization',
      joint: 'Joint coverage',
      work: 'Work coverage',
      none: 'Not covered',
      organizationalRate: 'Organizational coverage rate',
      workRate: 'Work-coverage rate',
    };
    for (const [key, title] of Object.entries(titles)) expect(await text(page.getByTestId(`kpi-${key}-title`))).toBe(title);
    expect(await text(kpi(page, 'organizationalRate'))).toBe('62.5%');
    expect(await text(page.getByTestId('member-source'))).toBe('Member counts come from the survey');
    expect(await text(page.getByTestId('nav-worklist'))).toBe('Worklist');
    await page.getByTestId('worklist-table').getByRole('columnheader', { name: 'Action', exact: true }).waitFor();
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('kpi-operating-title').getByText('在营单位').waitFor();
  });

  it('takes a secretary straight to their own organization, read-only', async () => {
    const other = await context.newPage();
    try {
      await context.clearCookies();
      await other.goto(server.url + '/');
      await other.getByTestId('login-username').fill('secretary');
      await other.getByTestId('login-password').fill(TEST_PASSWORD);
      await other.getByTestId('login-submit').click();
      await other.waitForURL(`**/orgs/${server.fx.orgs.branchA.id}`);
      expect(await text(other.getByTestId('org-title'))).toBe('星火科技有限公司党支部');
      expect(await text(other.getByTestId('nav-myOrg'))).toBe('我的党组织');
      expect(await other.getByTestId('nav-coverage').count()).toBe(0);
      expect(await other.getByTestId('org-edit').count()).toBe(0);
      await other.getByTestId('org-tab-posts').click();
      // 张建华 is the secretary and sits in the company's management: cross-appointed.
      const post = other.locator('[data-testid=org-posts] tbody tr.ant-table-row', { hasText: '张建华' });
      await post.waitFor();
      expect(await text(post)).toContain('双向进入、交叉任职');
    } finally {
      await other.close();
      await context.clearCookies();
      await login(page, 'street1');
    }
  });

  it('at phone width stacks the cards and keeps the page from scrolling sideways', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 375, height: 740 });
      await phone.goto(server.url + '/coverage');
      await expect.poll(() => text(kpi(phone, 'organizationalRate'))).toBe('62.5%');
      // Two cards a row.
      const a = await phone.getByTestId('kpi-operating').boundingBox();
      const b = await phone.getByTestId('kpi-own').boundingBox();
      const c = await phone.getByTestId('kpi-joint').boundingBox();
      expect(a && b && c).toBeTruthy();
      expect(Math.round(a!.y)).toBe(Math.round(b!.y));
      expect(c!.y).toBeGreaterThan(a!.y + a!.height - 1);
      // The chart fits the screen; the tables scroll inside themselves.
      const chart = await phone.getByTestId('coverage-bar').boundingBox();
      expect(chart!.width).toBeLessThanOrEqual(375);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await phone.close();
    }
  });

  it('lets the district admin change a forming rule: an out-of-order number is refused on its field, a valid one changes the findings', async () => {
    await context.clearCookies();
    await login(page, 'admin');
    await page.getByTestId('nav-settings').click();
    await page.waitForURL('**/settings/rules');
    const committeeMin = page.getByTestId('rule-forming-branchCommitteeMin');
    await committeeMin.fill('6');
    await page.getByTestId('rules-save').click();
    // 6 > the committee's normal maximum of 5: the server names the field.
    const error = page.locator('.ant-form-item', { has: committeeMin }).locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await text(error)).toBe('不能大于 5');

    await committeeMin.fill('3');
    await page.getByTestId('rule-forming-jointBranchMaxUnits').fill('3');
    await page.getByTestId('rules-save').click();
    await page.locator('.ant-message-notice', { hasText: '规则已保存' }).waitFor();
    await page.getByTestId('rules-forming').getByText('本区调整').waitFor();

    // The joint branch covers 4 units, more than the district's 3 now.
    await page.getByTestId('nav-orgs').click();
    const row = page.locator('[data-testid=orgs-table] tr.ant-table-row', { has: page.locator('a', { hasText: JOINT_NAME }) });
    const badge = row.getByTestId('finding-org.joint_branch.max_units');
    await badge.waitFor();
    expect(await text(badge)).toBe('覆盖单位过多');
  });
});
