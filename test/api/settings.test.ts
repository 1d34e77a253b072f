import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMING_RULES_V2018 } from '../../src/domain/rulesets.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addOrg, addUnit } from '../support/fixture.js';

describe.each(dialects())('district rule settings on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let jointId: number;
  beforeAll(async () => {
    h = await harness(dialect);
    [admin, street1] = await Promise.all([h.as('admin'), h.as('street1')]);
    // A joint branch over six small units: one more than the normal maximum of five.
    const units = [];
    for (let i = 1; i <= 6; i++) units.push(await addUnit(h.db, h.fx.nodes.marketA, `小微${i}号商行`, { members: 1, industry: 'F' }));
    jointId = (await addOrg(h.db, h.fx.nodes.marketA, h.fx.orgs.committeeA, 'joint_branch', '市场联合党支部', { unitIds: units })).id;
  });
  afterAll(() => h.close());

  const findings = async (c: Client) => (await c.get(`/api/v1/party-orgs/${jointId}`)).json().org.findings.map((f: { ruleId: string }) => f.ruleId);
  const fields = (res: { json(): { error: { details: { field: string; code: string }[] } } }) => res.json().error.details.map((d) => `${d.field}:${d.code}`);

  it('shows the rule numbers in force: the versioned defaults, nothing overridden', async () => {
    const res = await street1.get('/api/v1/rule-settings');
    expect(res.statusCode, res.body).toBe(200);
    const { forming } = res.json();
    expect(forming.version).toBe('forming-2018');
    expect(forming.overridden).toEqual([]);
    expect(forming.values).toEqual(forming.defaults);
    expect(forming.defaults).toMatchObject({ jointBranchMaxUnits: 5, branchMinFullMembers: 3, electionDueWarningDays: 90 });
    expect(Object.keys(forming.defaults)).toHaveLength(Object.keys(FORMING_RULES_V2018).length - 1);
    expect((await (await h.as('instructor1')).get('/api/v1/rule-settings')).statusCode).toBe(200);
    expect((await (await h.as('secretary')).get('/api/v1/rule-settings')).statusCode).toBe(403);
  });

  it('lets only the district admin change them', async () => {
    const res = await street1.patch('/api/v1/rule-settings', { forming: { jointBranchMaxUnits: 8 } });
    expect(res.statusCode).toBe(403);
    expect((await street1.get('/api/v1/rule-settings')).json().forming.overridden).toEqual([]);
  });

  it('refuses unknown keys and numbers out of bounds, naming forming.<key>, and writes nothing', async () => {
    let res = await admin.patch('/api/v1/rule-settings', { forming: { jointBranchMaxUnits: 0, electionDueWarningDays: 400, branchMaxMembers: 1001, notARule: 3 } });
    expect(res.statusCode).toBe(400);
    expect(fields(res).sort()).toEqual([
      'forming.branchMaxMembers:too_large',
      'forming.electionDueWarningDays:too_large',
      'forming.jointBranchMaxUnits:too_small',
      'forming.notARule:unknown_field',
    ]);
    res = await admin.patch('/api/v1/rule-settings', { forming: { jointBranchMaxUnits: 2.5 } });
    expect(fields(res)).toEqual(['forming.jointBranchMaxUnits:invalid_type']);
    res = await admin.patch('/api/v1/rule-settings', { forming: { branchTermYears: 'three' } });
    expect(fields(res)).toEqual(['forming.branchTermYears:invalid_type']);
    // Numbers that must stay in order.
    res = await admin.patch('/api/v1/rule-settings', { forming: { branchCommitteeMin: 6 } });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['forming.branchCommitteeMin:too_large']);
    res = await admin.patch('/api/v1/rule-settings', { forming: { branchMaxMembers: 2 } });
    expect(fields(res)).toEqual(['forming.branchMaxMembers:too_small']);
    res = await admin.patch('/api/v1/rule-settings', { forming: {} });
    expect(res.statusCode).toBe(400);
    res = await admin.patch('/api/v1/rule-settings', { other: {} });
    expect(res.statusCode).toBe(400);
    expect((await admin.get('/api/v1/rule-settings')).json().forming.overridden).toEqual([]);
  });

  it('an override changes the rule everywhere: the joint branch of six units is fine at a maximum of eight', async () => {
    expect(await findings(street1)).toContain('org.joint_branch.max_units');
    const res = await admin.patch('/api/v1/rule-settings', { forming: { jointBranchMaxUnits: 8, electionDueWarningDays: 120 } });
    expect(res.statusCode, res.body).toBe(200);
    const { forming } = res.json();
    expect(forming.values).toMatchObject({ jointBranchMaxUnits: 8, electionDueWarningDays: 120, branchMaxMembers: 50 });
    expect(forming.defaults.jointBranchMaxUnits).toBe(5);
    expect(forming.overridden).toEqual(['jointBranchMaxUnits', 'electionDueWarningDays']);
    expect(await findings(street1)).not.toContain('org.joint_branch.max_units');
    // The other district keeps the defaults.
    const other = (await (await h.as('other_admin')).get('/api/v1/rule-settings')).json();
    expect(other.forming.overridden).toEqual([]);

    const audit = (await admin.get('/api/v1/audit-log?entityType=district')).json();
    expect(audit.items[0]).toMatchObject({
      action: 'rule_settings.update',
      entityId: String(h.fx.districtId),
      before: { forming: {} },
      after: { forming: { jointBranchMaxUnits: 8, electionDueWarningDays: 120 } },
    });
  });

  it('null returns a number to its default', async () => {
    const res = await admin.patch('/api/v1/rule-settings', { forming: { jointBranchMaxUnits: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().forming).toMatchObject({ overridden: ['electionDueWarningDays'], values: { jointBranchMaxUnits: 5, electionDueWarningDays: 120 } });
    expect(await findings(street1)).toContain('org.joint_branch.max_units');
    const audit = (await admin.get('/api/v1/audit-log?entityType=district')).json();
    expect(audit.items[0]).toMatchObject({
      before: { forming: { jointBranchMaxUnits: 8, electionDueWarningDays: 120 } },
      after: { forming: { electionDueWarningDays: 120 } },
    });
  });

  it('exposes every rule set, and the modules read the overrides', async () => {
    const all = (await admin.get('/api/v1/rule-settings')).json();
    expect(Object.keys(all).sort()).toEqual(['development', 'forming', 'life', 'members']);
    expect(all.development.values.cultivationMonths).toBe(12);
    expect(all.life.values.themeDaysPerMonth).toBe(1);
    const zero = await admin.patch('/api/v1/rule-settings', { life: { amberDaysMonth: 0 } });
    expect(zero.json().error.details.map((d: { field: string }) => d.field)).toEqual(['life.amberDaysMonth']);
    const order = await admin.patch('/api/v1/rule-settings', { development: { mentorsMin: 3 } });
    expect(order.statusCode).toBe(400);
    expect(order.json().error.details[0].field).toMatch(/^development\.mentors/);
    const ok = await admin.patch('/api/v1/rule-settings', { life: { themeDaysPerMonth: 2 }, members: { lostContactMonths: 4 } });
    expect(ok.statusCode, ok.body).toBe(200);
    const rules = (await admin.get('/api/v1/life/rules')).json();
    expect(rules.values.themeDaysPerMonth).toBe(2);
  });
});
