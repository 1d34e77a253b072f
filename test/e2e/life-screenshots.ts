/**
 * Screenshots of the organizational-life pages, for looking at them by eye:
 * the calendar, a meeting with its check-in QR code, the phone's check-in
 * page (success and expired), the compliance page, training, positions and
 * my meetings — zh-CN and en, desktop 1366×860 and phone 375×740.
 *
 *   npm run build:web && npx tsx test/e2e/life-screenshots.ts [outDir]   # default /tmp/shots5
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SettableClock } from '../../src/domain/clock.js';
import { addLifeScenario, PHONE_MEMBER } from './life-scenario.js';
import { NOW, startFixtureServer, TEST_PASSWORD } from './server.js';

const outDir = resolve(process.argv[2] ?? '/tmp/shots5');
mkdirSync(outDir, { recursive: true });

const clock = new SettableClock(NOW);
const server = await startFixtureServer({ clock });
const { members, roomId } = await addLifeScenario(server);
const k = server.db.kysely;
const branchA = server.fx.orgs.branchA.id;

async function session(username: string) {
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await server.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload !== undefined && { payload: payload as object }) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
}

// A month of the branch's life: a branch assembly and a committee meeting held (counted), today's theme day planned, a lecture ahead.
const sec = await session('secretary');
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`).toISOString();
const plan = async (kind: string, title: string, day: string, from: string, to: string, extra: Record<string, unknown> = {}) =>
  (await sec('POST', '/api/v1/meetings', { orgId: branchA, kind, title, startsAt: at(day, from), endsAt: at(day, to), audience: 'org', place: '公司三楼会议室', ...extra })).id as number;
const held = await plan('branch_assembly', '第四季度党员大会', '2026-11-06', '15:00', '17:00', { topic: '讨论发展对象；学习党的二十届四中全会精神' });
await sec('PUT', `/api/v1/meetings/${held}/attendance`, [
  { memberId: members['王小明'], status: 'present' },
  { memberId: members['李红'], status: 'present' },
  { memberId: members['赵强'], status: 'present' },
  { memberId: members['陈静'], status: 'leave', reason: '产假' },
]);
await sec('PUT', `/api/v1/meetings/${held}/minutes`, { bodyHtml: '<p>会议由<b>张建华</b>同志主持。</p><ul><li>讨论发展对象</li><li>学习全会精神</li></ul>', resolutions: ['同意将李某列为发展对象'] });
await sec('POST', `/api/v1/meetings/${held}/minutes/lock`);
await sec('POST', `/api/v1/meetings/${held}/minutes/amendments`, { bodyHtml: '<p>更正：陈静同志请假事由为产假。</p>', reason: '请假事由记录有误' });
const themeDay = await plan('theme_day', '11月主题党日', '2026-11-23', '14:30', '16:30', { place: null, activityPositionId: roomId, topic: '重温入党誓词，开展志愿服务', hostPersonId: server.fx.people.A });
await plan('party_lecture', '书记讲党课：支部工作条例', '2026-11-27', '09:00', '11:00', { hostPersonId: server.fx.people.A });
await plan('volunteer_service', '社区环境整治志愿服务', '2026-11-29', '09:00', '11:30');
await plan('group_meeting', '12月党小组学习', '2026-12-04', '19:00', '20:30');
await sec('POST', '/api/v1/training-sessions', { orgId: branchA, kind: 'party_school', title: '区委党校发展对象培训班', provider: '区委党校', startsOn: '2026-10-12', endsOn: '2026-10-14', hours: 24, attendees: [{ memberId: members['王小明'] }, { memberId: members['李红'], hours: 16 }] });

const VIEWPORTS = { desktop: { width: 1366, height: 860 }, phone: { width: 375, height: 740 } } as const;
const shots: string[] = [];
const profiles: string[] = [];

async function open(vp: keyof typeof VIEWPORTS, lang: 'zh-CN' | 'en'): Promise<{ ctx: BrowserContext; page: Page }> {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-shots-'));
  profiles.push(dir);
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.COHESION_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: VIEWPORTS[vp],
    ...(vp === 'phone' && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
    locale: lang,
  });
  ctx.setDefaultTimeout(15_000);
  await ctx.clock.install({ time: new Date(NOW) });
  await ctx.addInitScript((l) => localStorage.setItem('cohesion.lang', l), lang);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('pageerror', (e) => console.log(`[${vp} ${lang}] pageerror:`, e.message));
  page.on('crash', () => console.log(`[${vp} ${lang}] page crashed`));
  return { ctx, page };
}

async function shot(page: Page, name: string, fullPage = false) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // Running forever (a progress bar's shimmer, a spinner): nothing to wait for.
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const file = join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  shots.push(file);
}

async function login(page: Page, username: string) {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
}

for (const lang of ['zh-CN', 'en'] as const) {
  for (const vp of ['desktop', 'phone'] as const) {
    const tag = `${vp}-${lang}`;
    const { ctx, page } = await open(vp, lang);
    await page.goto(server.url + '/');
    await login(page, 'secretary');
    await page.waitForURL(/\/orgs\/\d+/);
    await page.goto(server.url + '/life');
    await page.getByTestId('cal-month').waitFor().catch(async (e: unknown) => {
      await page.screenshot({ path: join(outDir, `error-${tag}.png`) });
      console.log(page.url(), (await page.content()).slice(0, 2000));
      throw e;
    });
    await page.getByTestId('day-meetings').waitFor();
    await shot(page, `life-calendar-${tag}`, vp === 'phone');
    await page.goto(server.url + '/life?view=list');
    await page.getByTestId('meeting-list').waitFor();
    await shot(page, `life-list-${tag}`, vp === 'phone');

    await page.goto(`${server.url}/life/meetings/${themeDay}`);
    await page.getByTestId('rollcall').waitFor();
    await shot(page, `life-meeting-${tag}`, true);
    await page.getByTestId('show-checkin-qr').click();
    await page.getByTestId('checkin-qr').waitFor();
    await shot(page, `life-meeting-qr-${tag}`);
    const url = (await page.getByTestId('checkin-qr-box').getAttribute('data-url'))!;
    await page.keyboard.press('Escape');

    await page.goto(`${server.url}/life/meetings/${held}`);
    await page.getByTestId('minutes-locked').waitFor();
    await shot(page, `life-meeting-locked-${tag}`, true);

    await page.goto(server.url + '/life/compliance');
    await page.getByTestId(`req-${branchA}-theme_day`).waitFor();
    await shot(page, `life-compliance-${tag}`, vp === 'phone');
    await page.goto(server.url + '/life/training');
    await page.getByTestId('training-table').waitFor();
    await shot(page, `life-training-${tag}`, vp === 'phone');
    await page.goto(server.url + '/life/positions');
    await page.getByTestId('positions-table').waitFor();
    await shot(page, `life-positions-${tag}`, vp === 'phone');
    await ctx.close();

    // The street's view: every organization of street 甲, rolled up per area.
    const st = await open(vp, lang);
    await st.page.goto(server.url + '/');
    await login(st.page, 'street1');
    await st.page.waitForURL(/\/units/);
    await st.page.goto(server.url + '/life/compliance');
    await st.page.getByTestId('compliance-nodes').waitFor();
    await shot(st.page, `life-compliance-street-${tag}`, true);
    await st.ctx.close();

    // The member on the same kind of screen: the check-in link, then their meetings.
    await k.deleteFrom('attendance').where('meeting_id', '=', themeDay).where('member_id', '=', members[PHONE_MEMBER]).execute();
    const m = await open(vp, lang);
    await m.page.goto(url);
    await login(m.page, 'member');
    await m.page.getByTestId('checkin-success').waitFor();
    await shot(m.page, `checkin-success-${tag}`);
    clock.advance(3 * 60_000);
    await m.page.reload();
    await m.page.getByTestId('checkin-error').waitFor();
    await shot(m.page, `checkin-expired-${tag}`);
    clock.set(NOW);
    await m.page.goto(server.url + '/me/meetings');
    await m.page.getByTestId('my-upcoming').waitFor();
    await shot(m.page, `life-my-${tag}`, vp === 'phone');
    await m.ctx.close();
  }
}

await server.close();
for (const d of profiles) rmSync(d, { recursive: true, force: true });
console.log(`${shots.length} screenshots in ${outDir}`);
