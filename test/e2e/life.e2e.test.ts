/**
 * Organizational life in a real browser (Debian's Chromium through
 * playwright-core) against the real server on the fixture district plus four
 * members of 星火科技有限公司党支部 (test/e2e/life-scenario.ts):
 *
 * the branch's secretary plans this month's theme day (主题党日) on the
 * calendar and opens its check-in QR code; on a phone-sized browser (375×740,
 * a browser of its own) the member 王小明 follows the code's link, logs in and
 * lands checked in; an old code, once the server's clock has moved past its
 * two minutes, shows "expired — ask for a new code"; the secretary marks the
 * others present or on leave, writes the minutes and locks them; the meeting
 * then counts, and the compliance page shows this month's theme-day
 * requirement green — in Chinese, then its headers in English. Last, a
 * meeting planned in an activity room already booked then shows the clash
 * under the room field.
 *
 * The server's clock is a SettableClock the test moves (never a sleep); both
 * browsers' clocks start at the fixture's "now".
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../src/domain/clock.js';
import { addLifeScenario, PHONE_MEMBER, ROOM_NAME, type LifeMemberName } from './life-scenario.js';
import { assertWebBuilt, NOW, startFixtureServer, TEST_PASSWORD, type FixtureServer } from './server.js';

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
/** The fixture's now is 2026-11-23 10:00 in Shanghai: the theme day is this afternoon. */
const TITLE = '11月主题党日';

describe.skipIf(skip)('organizational life in Chromium', { timeout: 240_000 }, () => {
  let server: FixtureServer;
  const clock = new SettableClock(NOW);
  let members: Record<LifeMemberName, number>;
  let roomId = 0;
  let desk: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let mobile: Page;
  const dirs: string[] = [];
  let meetingId = 0;
  let firstCode = '';

  async function browser(viewport: { width: number; height: number }, extra: Record<string, unknown> = {}): Promise<BrowserContext> {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-chromium-'));
    dirs.push(dir);
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, locale: 'zh-CN', ...extra });
    ctx.setDefaultTimeout(STEP_MS);
    await ctx.clock.install({ time: new Date(NOW) });
    return ctx;
  }

  beforeAll(async () => {
    assertWebBuilt();
    if (!haveChromium) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\`, or set COHESION_SKIP_E2E=1 to skip the browser tests.`);
    }
    server = await startFixtureServer({ clock });
    ({ members, roomId } = await addLifeScenario(server));
    desk = await browser({ width: 1366, height: 860 });
    phone = await browser({ width: 375, height: 740 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    page = desk.pages()[0] ?? (await desk.newPage());
    mobile = phone.pages()[0] ?? (await phone.newPage());
  }, 120_000);

  // A failed step leaves pictures of both screens and where they were, for the log.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-life-e2e-failure-'));
    for (const [name, p] of [['desktop', page], ['phone', mobile]] as const) {
      if (!p || p.isClosed()) continue;
      await p.screenshot({ path: join(dir, `${name}.png`) }).catch(() => undefined);
      console.error(`[life e2e] ${ctx.task.name}: ${name} at ${p.url()}; screenshot in ${dir}`);
    }
  });

  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await server?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  /** Waits for a value to come right (as long as any step may take). */
  const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: STEP_MS, interval: 100 });
  const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();
  const row = (name: LifeMemberName) => page.getByTestId(`rollcall-${members[name]}`);

  /** Chooses an option of an antd Select by typing part of it: the list filters to it, Enter takes it, the select shows it. */
  async function pick(select: Locator, typed: string) {
    await select.click();
    await page.keyboard.type(typed);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: typed }).first().waitFor();
    await page.keyboard.press('Enter');
    await poll(() => text(select)).toContain(typed);
  }

  async function login(p: Page, username: string) {
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(TEST_PASSWORD);
    await p.getByTestId('login-submit').click();
  }

  it('lets the secretary plan this month\'s theme day on the calendar', async () => {
    await page.goto(server.url + '/');
    await login(page, 'secretary');
    await page.getByTestId('nav-life-calendar').click();
    await page.waitForURL('**/life');
    expect(await text(page.getByTestId('cal-month'))).toBe('2026年11月');

    await page.getByTestId('plan-meeting').click();
    const drawer = page.getByTestId('meeting-drawer');
    await drawer.getByTestId('meeting-title').waitFor();
    // The kind: 主题党日; the title follows it; the date is the selected day (today), 14:30–16:30.
    // Options are chosen by typing (a click may land while the list still scrolls into place).
    await pick(drawer.getByTestId('meeting-kind'), '主题党日');
    await poll(() => drawer.getByTestId('meeting-title').inputValue()).toBe(TITLE);
    expect(await drawer.locator('input#date').inputValue()).toBe('2026-11-23');
    await drawer.getByTestId('meeting-place').fill('公司三楼会议室');
    await pick(drawer.getByTestId('meeting-host'), '张建华');
    expect(await text(drawer.getByTestId('meeting-host'))).toContain('张建华（书记）');
    await drawer.getByTestId('meeting-topic').fill('重温入党誓词，学习支部工作条例');
    await drawer.getByTestId('meeting-submit').click();
    await drawer.waitFor({ state: 'detached' });
    await page.locator('.ant-message-notice', { hasText: `已计划“${TITLE}”` }).waitFor();

    // On the calendar (and in today's list), planned, not counting yet.
    const onDay = page.getByTestId('cal-day-2026-11-23');
    await onDay.getByText(TITLE).waitFor();
    const link = page.getByTestId('day-meetings').getByRole('link', { name: TITLE });
    await link.click();
    await page.waitForURL(/\/life\/meetings\/\d+$/);
    meetingId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await text(page.getByTestId('meeting-title'))).toBe(TITLE);
    expect(await page.getByTestId('meeting-status').getAttribute('data-status')).toBe('planned');
    // Still ahead: nothing to say yet about counting.
    expect(await page.getByTestId('meeting-counts').count()).toBe(0);
    expect(await text(page.getByTestId('meeting-when'))).toBe('2026-11-23 14:30 – 16:30');
    expect(await text(page.getByTestId('summary-expected'))).toContain('4');
  });

  it('shows the check-in QR code, and the member checks in on a phone through its link', async () => {
    await page.getByTestId('show-checkin-qr').click();
    const box = page.getByTestId('checkin-qr-box');
    const qr = page.getByTestId('checkin-qr');
    await qr.waitFor();
    firstCode = (await box.getAttribute('data-url')) ?? '';
    expect(firstCode.startsWith(`${server.url}/m/check-in?t=`)).toBe(true);
    // The QR code is drawn: an SVG path of the link (version ≥ 5 for a ~120-character URL).
    expect(await qr.getAttribute('data-value')).toBe(firstCode);
    expect(Number(await qr.getAttribute('data-version'))).toBeGreaterThanOrEqual(5);
    expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(500);
    expect(await text(page.getByTestId('checkin-link'))).toBe(firstCode);

    // The phone: the link, the login page, back to the link, checked in.
    await mobile.goto(firstCode);
    await mobile.waitForURL('**/login');
    await login(mobile, 'member');
    const ok = mobile.getByTestId('checkin-success');
    await ok.waitFor();
    expect(new URL(mobile.url()).pathname).toBe('/m/check-in');
    expect(await ok.getAttribute('data-meeting-id')).toBe(String(meetingId));
    expect(await text(mobile.getByTestId('checkin-meeting-title'))).toBe(TITLE);
    expect(await text(mobile.getByTestId('checkin-meeting-time'))).toBe('2026-11-23 14:30 – 16:30');
    expect(await text(ok)).toContain('签到成功');
    // 375 px wide and nothing sticks out sideways.
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The screen sees it while the code is shown (the page asks every few seconds).
    await poll(() => text(page.getByTestId('checkin-recent'))).toContain(PHONE_MEMBER);
    await page.keyboard.press('Escape');
    await page.getByTestId('checkin-panel').waitFor({ state: 'hidden' });
    await poll(() => row(PHONE_MEMBER).getAttribute('data-status')).toBe('present');
  });

  it('tells the phone a code past its two minutes has expired', async () => {
    clock.advance(3 * 60_000);
    await mobile.goto(firstCode);
    const err = mobile.getByTestId('checkin-error');
    await err.waitFor();
    expect(await err.getAttribute('data-code')).toBe('expired');
    expect(await text(mobile.getByTestId('checkin-error-title'))).toBe('二维码已过期');
    expect(await text(mobile.getByTestId('checkin-error-text'))).toContain('请向会议组织者索取新的二维码');
  });

  it('takes the roll call for the others: present, and on leave with a reason', async () => {
    // 王小明 checked in by QR: present, marked with the QR icon and time.
    expect(await text(page.getByTestId(`rollcall-${members['王小明']}-saved`))).toContain('出席');
    await row('李红').getByText('出席', { exact: true }).click();
    await row('陈静').getByText('出席', { exact: true }).click();
    await row('赵强').getByText('请假', { exact: true }).click();
    // Leave needs a reason before it can be saved.
    expect(await page.getByTestId('rollcall-save').isDisabled()).toBe(true);
    await page.getByTestId(`rollcall-${members['赵强']}-reason`).fill('出差在外');
    await page.getByTestId('rollcall-save').click();
    await page.locator('.ant-message-notice', { hasText: '已保存 3 人的考勤' }).waitFor();
    await poll(() => row('赵强').getAttribute('data-status')).toBe('leave');
    expect(await row('李红').getAttribute('data-status')).toBe('present');
    expect(await text(page.getByTestId('summary-present'))).toContain('3');
    expect(await text(page.getByTestId('summary-leave'))).toContain('1');
    expect(await page.getByTestId('meeting-status').getAttribute('data-status')).toBe('held');
    expect(await page.getByTestId('meeting-counts').getAttribute('data-reason')).toBe('minutes_not_locked');
  });

  it('writes the minutes with a resolution and locks them: the meeting counts', async () => {
    const editor = page.getByTestId('minutes-editor');
    await editor.click();
    await page.keyboard.type('张建华同志领学《中国共产党支部工作条例（试行）》，全体党员重温入党誓词。');
    await page.keyboard.press('Enter');
    await page.getByTestId('minutes-editor-bold').click();
    await page.keyboard.type('下月主题党日开展志愿服务。');
    await page.getByTestId('resolution-0').fill('12月组织党员到社区开展志愿服务');
    await page.getByTestId('minutes-save').click();
    await page.locator('.ant-message-notice', { hasText: '会议记录已保存' }).waitFor();

    await page.getByTestId('minutes-lock').click();
    await page.getByTestId('minutes-lock-confirm').click();
    await page.getByTestId('minutes-locked').waitFor();
    expect(await text(page.getByTestId('minutes-locked'))).toContain('secretary');
    // What the server kept: the paragraphs and the bold, sanitized; the resolution.
    const body = page.getByTestId('minutes-body');
    expect(await text(body)).toContain('重温入党誓词');
    expect(await body.locator('b, strong').count()).toBeGreaterThan(0);
    expect(await text(page.getByTestId('minutes-resolutions'))).toContain('志愿服务');
    await poll(() => page.getByTestId('meeting-counts').getAttribute('data-counts')).toBe('yes');
    // No more check-in code, roll call or editing once locked.
    expect(await page.getByTestId('show-checkin-qr').count()).toBe(0);
    expect(await page.getByTestId('rollcall-save').count()).toBe(0);
  });

  it('shows the theme-day requirement of this month green on the compliance page', async () => {
    await page.getByTestId('nav-life-compliance').click();
    await page.waitForURL('**/life/compliance');
    const badge = page.getByTestId(`req-${server.fx.orgs.branchA.id}-theme_day`);
    await badge.waitFor();
    expect(await badge.getAttribute('data-status')).toBe('green');
    expect(await text(badge)).toContain('主题党日（每月）');
    expect(await text(badge)).toContain('1/1');
    // Its explanation and source on hover.
    await badge.hover();
    const explain = page.getByTestId('req-explain-theme_day');
    await explain.waitFor();
    expect(await text(explain)).toContain('党支部每月相对固定 1 天开展主题党日');
    expect(await text(explain)).toContain('《中国共产党支部工作条例（试行）》（2018）');
    expect(await text(explain)).toContain('2026-11');
  });

  it('reads the compliance page in English', async () => {
    await page.getByTestId('lang-en').click();
    await poll(() => text(page.getByTestId('compliance-title'))).toBe('Required frequencies');
    const headers = await page.locator('[data-testid=compliance-table] thead th').allTextContents();
    expect(headers.map((h) => h.trim())).toEqual(['Organization', 'Overall', 'Requirements (held/required)']);
    const badge = page.getByTestId(`req-${server.fx.orgs.branchA.id}-theme_day`);
    expect(await text(badge)).toContain('Theme day (monthly)');
    expect(await badge.getAttribute('data-status')).toBe('green');
    expect(await text(page.getByTestId('nav-life-compliance'))).toBe('Required frequencies');
    await page.getByTestId('lang-zh').click();
    await poll(() => text(page.getByTestId('compliance-title'))).toBe('规定频次落实情况');
  });

  it('shows a booking clash of the activity room under the field when planning', async () => {
    // The room is booked 2026-12-01 14:00–15:00 (through the API, as the secretary).
    const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'secretary', password: TEST_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    const booked = await server.app.inject({
      method: 'POST',
      url: `/api/v1/activity-positions/${roomId}/bookings`,
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { startsAt: '2026-12-01T06:00:00.000Z', endsAt: '2026-12-01T07:00:00.000Z', purpose: '工会活动' },
    });
    expect(booked.statusCode).toBe(201);

    await page.getByTestId('nav-life-calendar').click();
    await page.waitForURL('**/life');
    await page.getByTestId('cal-next').click();
    await poll(() => text(page.getByTestId('cal-month'))).toBe('2026年12月');
    await page.getByTestId('plan-meeting').click();
    const drawer = page.getByTestId('meeting-drawer');
    await drawer.getByTestId('meeting-title').waitFor();
    await pick(drawer.getByTestId('meeting-kind'), '支部党员大会');
    // The drawer starts on the first day of the month shown.
    expect(await drawer.locator('input#date').inputValue()).toBe('2026-12-01');
    await poll(() => drawer.getByTestId('meeting-title').inputValue()).toBe('12月支部党员大会');
    await drawer.getByText('预约活动阵地').click();
    await pick(drawer.getByTestId('meeting-position'), '活动室');
    expect(await text(drawer.getByTestId('meeting-position'))).toContain(ROOM_NAME);
    await drawer.getByTestId('meeting-submit').click();
    // 14:30–16:30 overlaps 14:00–15:00: the server's 409 lands on the room field, and nothing is planned.
    const fieldError = drawer.locator('.ant-form-item-has-error .ant-form-item-explain-error', { hasText: '该时段已被预约' });
    await fieldError.waitFor();
    expect(await text(fieldError)).toBe('该时段已被预约（2026-12-01 14:00 至 2026-12-01 15:00：工会活动）');
    expect(await drawer.isVisible()).toBe(true);
  });
});
