/**
 * The members pages in a real browser (Debian's Chromium through
 * playwright-core) against the real server on the fixture district plus 13
 * full members in 星火科技's branch (addMembersScenario), with the server's
 * clock in the test's hands (SettableClock) and the browser's clock moved
 * along with it.
 *
 * The secretary takes one applicant from the application to full member over
 * two years of clock time: the application through the form (a wrong resident
 * ID check character first), the talk, the notice and naming as activist,
 * mentors; six months later the early proposal as candidate is refused on
 * screen, citing the rule and 《中国共产党发展党员工作细则》; past the year,
 * the candidate's steps; the branch vote through the form — 6 of 13 entitled
 * refused, 7 passes; approval, oath; a year later the conversion, and the
 * stage tag says 正式党员. The long middle goes through the API (the same
 * calls the forms make), the key moments through the UI.
 *
 * Also: the member (fixture user `member`, 周敏, away in Shenzhen) opens
 * /me on a 375×740 phone, sees their stage and organization and reports
 * while away; and the members list in English.
 *
 * Sessions idle out after 30 minutes of clock time: after each move of the
 * clock both the API client and the browser log in again.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../src/domain/clock.js';
import { residentIdCheckChar } from '../../src/domain/ids.js';
import { addMembersScenario, assertWebBuilt, NOW, startFixtureServer, TEST_PASSWORD, type FixtureServer, type MembersScenario } from './server.js';

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

/** The applicant: born 1998-03-15 (28 on the fixture's day), a valid GB 11643 check character, and a wrong one. */
const ID_BODY = '31010119980315231';
const GOOD_ID = ID_BODY + residentIdCheckChar(ID_BODY);
const BAD_ID = ID_BODY + ('0123456789X'.split('').find((c) => c !== residentIdCheckChar(ID_BODY)) ?? '0');
const APPLICANT = '王晓明';
const DEVELOPMENT_RULES = '《中国共产党发展党员工作细则》（2014）';

describe.skipIf(skip)('members pages in Chromium', { timeout: 180_000 }, () => {
  let server: FixtureServer;
  let scenario: MembersScenario;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const clock = new SettableClock(NOW);
  let applicantId = 0;

  beforeAll(async () => {
    assertWebBuilt();
    if (!haveChromium) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-cjk\`, ` +
          'or set COHESION_SKIP_E2E=1 to skip the browser tests.',
      );
    }
    server = await startFixtureServer({ clock });
    scenario = await addMembersScenario(server);
    profileDir = mkdtempSync(join(tmpdir(), 'cohesion-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 860 },
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(STEP_MS);
    // The page's "today" (the forms' default dates) is the server's today.
    await context.clock.install({ time: new Date(NOW) });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }, 60_000);

  // ---- helpers

  const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();

  async function login(p: Page, username: string, landing: string) {
    await p.goto(server.url + '/login');
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(TEST_PASSWORD);
    await p.getByTestId('login-submit').click();
    await p.waitForURL(`**${landing}`);
  }

  /** The secretary through the API: session cookie and CSRF token, as the web app sends them. */
  const secretary = { cookie: '', csrf: '' };
  async function apiLogin() {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'secretary', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    secretary.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    secretary.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
  async function step(stepId: string, doneOn: string, data?: Record<string, unknown>) {
    const res = await fetch(`${server.url}/api/v1/members/${applicantId}/development-steps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: secretary.cookie, 'x-csrf-token': secretary.csrf },
      body: JSON.stringify({ step: stepId, doneOn, ...(data && { data }) }),
    });
    const body = (await res.json()) as { status?: string };
    expect(res.status, `${stepId} on ${doneOn}: ${JSON.stringify(body)}`).toBe(200);
    return body;
  }

  /** Moves the server's and the browser's clocks to 10:00 in Shanghai on a day, and logs the API client in again. */
  async function moveTo(day: string) {
    const at = new Date(`${day}T02:00:00.000Z`);
    clock.set(at);
    await context.clock.setSystemTime(at);
    await apiLogin();
  }

  /** The secretary in the browser, on the applicant's development tab (a fresh login: the clock moved). */
  async function openApplicant() {
    await login(page, 'secretary', `/orgs/${server.fx.orgs.branchA.id}`);
    await page.goto(`${server.url}/members/${applicantId}?tab=development`);
    await page.getByTestId('development-tab').waitFor();
  }

  /** The antd form item holding the input with this id (its label, help and errors). */
  const formItem = (scope: Locator, inputId: string) => scope.locator('.ant-form-item').filter({ has: page.locator(`#${inputId}`) });

  // ---- the member's phone page

  it('shows a member their stage and organization on /me at phone size, and takes a report while away', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 375, height: 740 });
      // A member lands on their own page.
      await login(phone, 'member', '/me');
      const stage = phone.getByTestId('me-stage');
      await stage.waitFor();
      expect(await stage.getAttribute('data-stage')).toBe('full');
      expect(await text(stage)).toBe('正式党员');
      expect(await text(phone.getByTestId('me-org'))).toBe('星火科技有限公司党支部');
      expect(await text(phone.getByTestId('me-stage-card'))).toContain('周敏');
      // Away since 2026-09-01, reporting every 3 months: next report due 2026-12-01.
      expect(await text(phone.getByTestId('me-next-report'))).toContain('2026-12-01');

      await phone.getByTestId('me-report-content').fill('在深圳分公司参加项目攻坚，按时参加流入地党支部主题党日。');
      await phone.getByTestId('me-report-location').fill('深圳市南山区');
      await phone.getByTestId('me-report-submit').click();
      await phone.locator('.ant-message-notice', { hasText: '汇报已提交' }).waitFor();
      await phone.getByTestId('me-report-item').filter({ hasText: '项目攻坚' }).waitFor();
      // Reported today: the next report is due three months on.
      await expect.poll(() => text(phone.getByTestId('me-next-report'))).toContain('2027-02-23');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await phone.close();
      await context.clearCookies();
    }
  });

  // ---- the list in English

  it('shows the members list with masked IDs, and in English', async () => {
    await login(page, 'secretary', `/orgs/${server.fx.orgs.branchA.id}`);
    await page.getByTestId('nav-members').click();
    await page.waitForURL('**/members');
    const rows = page.locator('[data-testid=members-table] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(13);
    const liu = rows.filter({ hasText: '刘伟' });
    // Resident ID and phone masked in the list.
    expect(await text(liu)).toMatch(/3101\*{10}\d{3}[\dX]/);
    expect(await text(liu)).toMatch(/139\*{4}\d{4}/);
    expect(await text(liu)).toContain('正式党员');

    await page.getByTestId('lang-en').click();
    const table = page.getByTestId('members-table');
    for (const name of ['Name', 'Gender', 'Age', 'Resident ID', 'Phone', 'Stage', 'Organization', 'Employer', 'Status']) {
      await table.getByRole('columnheader', { name, exact: true }).waitFor();
    }
    expect(await text(page.getByTestId('members-title'))).toBe('Members');
    expect(await text(liu)).toContain('Full member');
    await page.getByTestId('lang-zh').click();
    await table.getByRole('columnheader', { name: '公民身份号码', exact: true }).waitFor();
  });

  // ---- from application to full member

  it('records an application through the form, with the resident ID checked per GB 11643', async () => {
    await page.getByTestId('nav-development').click();
    await page.waitForURL('**/development');
    await page.getByTestId('application-new').click();
    const modal = page.getByTestId('application-modal');
    await modal.locator('#name').waitFor();
    // The secretary's branch is preselected; today is the default date.
    expect(await text(formItem(modal, 'orgId'))).toContain('星火科技有限公司党支部');
    expect(await modal.locator('#appliedOn').inputValue()).toBe('2026-11-23');
    await modal.locator('#name').fill(APPLICANT);
    await modal.locator('#residentId').fill(BAD_ID);
    await modal.locator('#phone').fill('13912345678');
    await page.getByTestId('application-modal-ok').click();
    const error = formItem(modal, 'residentId').locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await text(error)).toBe('公民身份号码校验位错误（GB 11643）');

    await modal.locator('#residentId').fill(GOOD_ID);
    await page.getByTestId('application-modal-ok').click();
    await page.locator('.ant-message-notice', { hasText: `已记录“${APPLICANT}”的入党申请` }).waitFor();
    await page.waitForURL(/\/members\/\d+\?tab=development$/);
    applicantId = Number(/\/members\/(\d+)/.exec(page.url())![1]);
    expect(await page.getByTestId('member-stage').getAttribute('data-stage')).toBe('applicant');
    await page.getByTestId('dev-history').getByTestId('history-application').waitFor();
    // What comes next: the talk, due within a month.
    await page.getByTestId('next-step-talk').waitFor();
    expect(await text(page.getByTestId('deadline-talk_due'))).toContain('2026-12-23');
  });

  it('names the activist after the talk and the notice, with two mentors', async () => {
    await apiLogin();
    await step('talk', '2026-11-23', { by: '张建华' });
    await step('notice', '2026-11-23', { for: 'activist' });
    // Monday 2026-11-23 + 5 working days: the decision from 2026-11-28 on.
    await moveTo('2026-12-01');
    expect((await step('activist_nomination', '2026-12-01', { method: 'member_recommendation' })).status).toBe('activist');
    await step('activist_filing', '2026-12-01');
    await step('mentors', '2026-12-01', { personIds: [scenario.full['刘伟'].personId, scenario.full['陈静'].personId] });
  });

  it('refuses to name the candidate before the year of cultivation, citing the rule and its source on screen', async () => {
    await moveTo('2027-06-10');
    await step('assessment', '2027-06-01', { result: '学习认真，表现良好' });
    await step('notice', '2027-06-01', { for: 'candidate' });
    await openApplicant();
    expect(await page.getByTestId('member-stage').getAttribute('data-stage')).toBe('activist');
    // The next step says from when it is allowed.
    expect(await text(page.getByTestId('dev-next'))).toContain('2027-12-01 起');
    await page.getByTestId('next-step-candidate_decision').click();
    const modal = page.getByTestId('step-modal');
    await modal.locator('#doneOn').waitFor();
    expect(await modal.locator('#doneOn').inputValue()).toBe('2027-06-10');
    await page.getByTestId('step-modal-ok').click();
    const refusal = modal.getByTestId('step-refusal');
    await refusal.waitFor();
    const rule = refusal.getByTestId('refusal-dev.candidate.cultivation');
    expect(await text(rule)).toContain('入党积极分子须经过 1 年以上的培养教育和考察');
    expect(await text(rule)).toContain('2027-12-01 起方可列为发展对象');
    expect(await text(rule.getByTestId('refusal-source'))).toBe(DEVELOPMENT_RULES);
    await modal.getByRole('button', { name: /取\s*消/ }).click();
    await modal.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('member-stage').getAttribute('data-stage')).toBe('activist');
  });

  it('records the candidate\'s steps a year on: sponsors, political review, 24 hours of training, reviews', async () => {
    await moveTo('2027-12-02');
    await step('assessment', '2027-12-01', { result: '培养期满，符合条件' });
    expect((await step('candidate_decision', '2027-12-02')).status).toBe('candidate');
    await step('candidate_filing', '2027-12-02');
    await step('sponsors', '2027-12-02', { personIds: [scenario.full['杨帆'].personId, scenario.full['赵磊'].personId] });
    await step('political_review', '2027-12-02', { qualified: true, conclusion: '政治审查合格' });
    await step('training', '2027-12-02', { hours: 24 });
    await step('committee_review', '2027-12-02');
    await step('pre_review', '2027-12-02');
    await step('application_form', '2027-12-02');
    await step('notice', '2027-12-02', { for: 'admission' });
  });

  it('refuses the branch vote with 6 of 13 entitled, and records it with 7', async () => {
    await moveTo('2027-12-10');
    await openApplicant();
    await page.getByTestId('next-step-branch_vote').click();
    const modal = page.getByTestId('step-modal');
    await modal.locator('#data_entitled').waitFor();
    // The registry's 13 full members are the default for "entitled", and the rule is spelled out.
    expect(await text(modal.getByTestId('vote-entitled'))).toContain('13');
    await expect.poll(() => modal.locator('#data_entitled').inputValue()).toBe('13');
    expect(await text(modal.getByTestId('vote-rule'))).toContain('赞成票须超过应到会有表决权正式党员的半数');
    await modal.locator('#data_present').fill('12');
    await modal.locator('#data_yes').fill('6');
    await modal.locator('#data_no').fill('5');
    await modal.locator('#data_abstain').fill('1');
    await expect.poll(() => text(modal.getByTestId('vote-verdict'))).toContain('未达到通过票数');
    expect(await text(modal.getByTestId('vote-need'))).toContain('至少 7 票赞成');

    await page.getByTestId('step-modal-ok').click();
    const rule = modal.getByTestId('refusal-dev.vote.not_passed');
    await rule.waitFor();
    expect(await text(rule)).toContain('应到 13 人，须至少 7 票赞成，实得 6 票，未通过');
    expect(await text(rule.getByTestId('refusal-source'))).toBe(DEVELOPMENT_RULES);

    await modal.locator('#data_yes').fill('7');
    await modal.locator('#data_no').fill('4');
    await expect.poll(() => text(modal.getByTestId('vote-verdict'))).toContain('可以通过');
    await page.getByTestId('step-modal-ok').click();
    await page.locator('.ant-message-notice', { hasText: '已记录“支部大会讨论（接收预备党员）”' }).waitFor();
    await modal.waitFor({ state: 'hidden' });
    const vote = page.getByTestId('history-branch_vote');
    await vote.waitFor();
    expect(await text(vote)).toContain('赞成票：7');
    // Still a candidate until the committee approves (within 3 months).
    expect(await page.getByTestId('member-stage').getAttribute('data-stage')).toBe('candidate');
    await page.getByTestId('deadline-approval_due').waitFor();
  });

  it('admits the probationary member: approval talk, approval, filing, group, oath', async () => {
    await step('approval_talk', '2027-12-10', { by: '甲街道综合经济党委组织委员' });
    expect((await step('approval', '2027-12-10')).status).toBe('probationary');
    await step('org_dept_filing', '2027-12-10');
    await step('group_assignment', '2027-12-10', { group: '第一党小组' });
    await step('oath', '2027-12-10');
  });

  it('converts the probationary member a year later, and the member shows as 正式党员', async () => {
    await moveTo('2028-12-11');
    await step('conversion_application', '2028-12-01');
    await step('notice', '2028-12-01', { for: 'conversion' });
    await step('conversion_vote', '2028-12-11', { entitled: 13, present: 12, yes: 11, no: 0, abstain: 1 });
    expect((await step('conversion_approval', '2028-12-11')).status).toBe('full');

    await openApplicant();
    const stage = page.getByTestId('member-stage');
    await expect.poll(() => stage.getAttribute('data-stage')).toBe('full');
    expect(await text(stage)).toBe('正式党员');
    // Full from the end of probation: one year after the branch vote.
    expect(await text(page.getByTestId('member-title').locator('..'))).toContain('转正 2028-12-10');
    // The whole path, in order, is in the history.
    const history = page.getByTestId('dev-history');
    for (const s of ['application', 'talk', 'activist_nomination', 'mentors', 'candidate_decision', 'sponsors', 'branch_vote', 'approval', 'oath', 'conversion_vote', 'conversion_approval']) {
      await history.getByTestId(`history-${s}`).waitFor();
    }
    // And in the list: 14 full members now.
    await page.getByTestId('nav-members').click();
    await page.waitForURL('**/members');
    const row = page.locator('[data-testid=members-table] tbody tr.ant-table-row', { hasText: APPLICANT });
    await expect.poll(() => text(row)).toContain('正式党员');
    expect(await row.getByTestId(`member-stage-${applicantId}`).getAttribute('data-stage')).toBe('full');
  });
});
