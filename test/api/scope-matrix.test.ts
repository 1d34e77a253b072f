/**
 * Every role × every API route × in and out of scope, generated from the
 * app's own route table: a new route without a probe here fails this test,
 * so nothing reaches the API unguarded or untested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANTS, type Permission, type Role } from '../../src/server/permissions.js';
import { buildApp } from '../../src/server/app.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects, freshDb } from '../support/db.js';
import { addLiaison, addOrg, addPost, addTerritory, addUnit, creditCode, TEST_PASSWORD, type Node } from '../support/fixture.js';
import { addEvidence, pngBytes, useTempDataDir } from '../support/evidence.js';
import { addMember, type OrgNode } from '../support/fixture.js';
import { residentIdCheckChar } from '../../src/domain/ids.js';
import { residentIdCheckChar as devIdCheck } from '../../src/domain/ids.js';
import { addMember as addDevMember, addOrg as addDevOrg, type OrgNode as DevOrgNode } from '../support/fixture.js';
import { feedTokenHash, newFeedToken, signCheckInToken } from '../../src/modules/life/tokens.js';
import { testVault } from '../support/client.js';
import { NOW } from '../support/fixture.js';

/** Where a probe's target lies: street A, street B, or another district. */
type Where = 'A' | 'B' | 'X';

interface Probe {
  /** Builds the request against a fresh target in `where`. */
  make(h: Harness, where: Where): Promise<{ url: string; body?: unknown }>;
  /** False for routes whose target is not a territory (they are only probed in scope). */
  scoped: boolean;
}

const street = (h: Harness, w: Where): Node => (w === 'A' ? h.fx.nodes.streetA : w === 'B' ? h.fx.nodes.streetB : h.fx.other.street);
const area = (h: Harness, w: Where): Node => (w === 'A' ? h.fx.nodes.buildingA : w === 'B' ? h.fx.nodes.parkB : h.fx.other.area);
const freshArea = (h: Harness, w: Where) => addTerritory(h.db, street(h, w).districtId, street(h, w), 'building', `新楼宇${Math.random()}`);
const freshUnit = (h: Harness, w: Where) => addUnit(h.db, area(h, w), `探针公司${Math.random()}`);
let codeSeq = 50_000;
/** A one-row survey file (CSV) registering a unit in the area of `w`. */
const surveyCsv = (h: Harness, w: Where) =>
  `单位名称,统一社会信用代码,单位类型,经济类型,所属行业,从业人员数,所在区域\n探针摸排单位有限公司,${creditCode(codeSeq++)},enterprise,private,C,20,${area(h, w).id}\n`;
/** An import job started by the admin whose home is `w` (its street's admin, or the other district's admin). */
const importJob = async (h: Harness, w: Where): Promise<number> => {
  const importer = await h.as(w === 'A' ? 'street1' : w === 'B' ? 'street2' : 'other_admin');
  const res = await importer.post('/api/v1/unit-imports', surveyCsv(h, w), { 'content-type': 'text/csv' });
  if (res.statusCode !== 200) throw new Error(`probe import failed: ${res.statusCode} ${res.body}`);
  return res.json().jobId;
};
const committee = (h: Harness, w: Where) => (w === 'A' ? h.fx.orgs.committeeA : w === 'B' ? h.fx.orgs.committeeB : h.fx.other.committee);
/** The organization an organization-scoped user of street A (secretary1's branch) can see. */
const orgIn = (h: Harness, w: Where) => (w === 'A' ? h.fx.orgs.branchA : w === 'B' ? h.fx.orgs.branchB : h.fx.other.committee);
const personIn = (h: Harness, w: Where) => (w === 'A' ? h.fx.people.A : w === 'B' ? h.fx.people.B : h.fx.other.person);
const freshOrg = async (h: Harness, w: Where, unitIds: number[] = []) =>
  addOrg(h.db, area(h, w), committee(h, w), unitIds.length > 1 ? 'joint_branch' : 'branch', `探针支部${Math.random()}`, {
    mode: unitIds.length > 1 ? 'joint' : 'single',
    unitIds,
  });

const PROBES: Record<string, Probe> = {
  'GET /api/v1/health': { scoped: false, make: async () => ({ url: '/api/v1/health' }) },
  'GET /api/v1/vocabularies': { scoped: false, make: async () => ({ url: '/api/v1/vocabularies' }) },
  'GET /api/v1/openapi.json': { scoped: false, make: async () => ({ url: '/api/v1/openapi.json' }) },
  'POST /api/v1/auth/login': {
    scoped: false,
    make: async () => ({ url: '/api/v1/auth/login', body: { username: 'street1', password: TEST_PASSWORD } }),
  },
  'POST /api/v1/auth/logout': { scoped: false, make: async () => ({ url: '/api/v1/auth/logout', body: {} }) },
  'GET /api/v1/auth/me': { scoped: false, make: async () => ({ url: '/api/v1/auth/me' }) },
  'GET /api/v1/territories/tree': { scoped: true, make: async (h, w) => ({ url: `/api/v1/territories/tree?rootId=${street(h, w).id}` }) },
  'GET /api/v1/territories': { scoped: true, make: async (h, w) => ({ url: `/api/v1/territories?within=${street(h, w).id}` }) },
  'GET /api/v1/territories/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/territories/${area(h, w).id}` }) },
  'POST /api/v1/territories': {
    scoped: true,
    make: async (h, w) => ({ url: '/api/v1/territories', body: { parentId: street(h, w).id, kind: 'market', name: '探针市场' } }),
  },
  'PATCH /api/v1/territories/:id': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/territories/${(await freshArea(h, w)).id}`, body: { name: '改名楼宇' } }),
  },
  'POST /api/v1/territories/:id/move': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/territories/${(await freshArea(h, w)).id}/move`, body: { parentId: street(h, w).id } }),
  },
  'POST /api/v1/territories/:id/close': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/territories/${(await freshArea(h, w)).id}/close`, body: { reason: '拆除' } }),
  },
  'GET /api/v1/units': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/units/export': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units/export?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/units/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}` }) },
  'POST /api/v1/units': {
    scoped: true,
    make: async (h, w) => ({
      url: '/api/v1/units',
      body: {
        territoryId: area(h, w).id,
        name: '探针新单位有限公司',
        creditCode: creditCode(codeSeq++),
        kind: 'enterprise',
        ownership: 'private',
        industry: 'C',
        employeeCount: 20,
      },
    }),
  },
  'PATCH /api/v1/units/:id': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}`, body: { employeeCount: 33 } }),
  },
  'POST /api/v1/units/:id/close': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}/close`, body: { reason: '迁出' } }),
  },
  'GET /api/v1/party-orgs': { scoped: true, make: async (h, w) => ({ url: `/api/v1/party-orgs?within=${orgIn(h, w).id}` }) },
  'GET /api/v1/party-orgs/export': { scoped: true, make: async (h, w) => ({ url: `/api/v1/party-orgs/export?within=${orgIn(h, w).id}` }) },
  'GET /api/v1/party-orgs/tree': { scoped: true, make: async (h, w) => ({ url: `/api/v1/party-orgs/tree?rootId=${orgIn(h, w).id}` }) },
  'GET /api/v1/party-orgs/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/party-orgs/${orgIn(h, w).id}` }) },
  'POST /api/v1/party-orgs': {
    scoped: true,
    make: async (h, w) => ({
      url: '/api/v1/party-orgs',
      body: {
        parentId: committee(h, w).id,
        kind: 'joint_branch',
        name: '探针联合党支部',
        formationMode: 'joint',
        territoryId: area(h, w).id,
        foundedOn: '2026-01-05',
        unitIds: [await freshUnit(h, w), await freshUnit(h, w)],
      },
    }),
  },
  'PATCH /api/v1/party-orgs/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/party-orgs/${(await freshOrg(h, w)).id}`, body: { name: '改名支部' } }) },
  'POST /api/v1/party-orgs/:id/move': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/party-orgs/${(await freshOrg(h, w)).id}/move`, body: { parentId: committee(h, w).id } }),
  },
  'POST /api/v1/party-orgs/:id/close': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/party-orgs/${(await freshOrg(h, w)).id}/close`, body: { reason: '企业注销' } }),
  },
  'POST /api/v1/party-orgs/:id/units': {
    scoped: true,
    make: async (h, w) => ({
      url: `/api/v1/party-orgs/${(await freshOrg(h, w, [await freshUnit(h, w), await freshUnit(h, w)])).id}/units`,
      body: { unitIds: [await freshUnit(h, w)], sinceOn: '2026-02-01' },
    }),
  },
  'POST /api/v1/party-orgs/:id/units/:unitId/release': {
    scoped: true,
    make: async (h, w) => {
      const unit = await freshUnit(h, w);
      const org = await freshOrg(h, w, [unit]);
      return { url: `/api/v1/party-orgs/${org.id}/units/${unit}/release`, body: {} };
    },
  },
  'POST /api/v1/party-orgs/:id/posts': {
    scoped: true,
    make: async (h, w) => ({
      url: `/api/v1/party-orgs/${(await freshOrg(h, w)).id}/posts`,
      body: { personId: personIn(h, w), post: 'secretary', startedOn: '2026-03-01' },
    }),
  },
  'POST /api/v1/party-orgs/:id/posts/:postId/end': {
    scoped: true,
    make: async (h, w) => {
      const org = await freshOrg(h, w);
      const post = await addPost(h.db, org, personIn(h, w), 'secretary');
      return { url: `/api/v1/party-orgs/${org.id}/posts/${post}/end`, body: {} };
    },
  },
  'GET /api/v1/coverage': { scoped: true, make: async (h, w) => ({ url: `/api/v1/coverage?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/coverage/children': { scoped: true, make: async (h, w) => ({ url: `/api/v1/coverage/children?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/coverage/trend': { scoped: true, make: async (h, w) => ({ url: `/api/v1/coverage/trend?territoryId=${street(h, w).id}&months=2` }) },
  'GET /api/v1/coverage/map': { scoped: true, make: async (h, w) => ({ url: `/api/v1/coverage/map?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/coverage/worklist': { scoped: true, make: async (h, w) => ({ url: `/api/v1/coverage/worklist?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/coverage/worklist/export': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/coverage/worklist/export?territoryId=${street(h, w).id}` }),
  },
  'GET /api/v1/units/:id/coverage': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}/coverage` }) },
  'POST /api/v1/units/:id/liaisons': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}/liaisons`, body: { personId: personIn(h, w), kind: 'liaison' } }),
  },
  'POST /api/v1/liaison-assignments/:id/end': {
    scoped: true,
    make: async (h, w) => {
      const id = await addLiaison(h.db, street(h, w).districtId, await freshUnit(h, w), personIn(h, w));
      return { url: `/api/v1/liaison-assignments/${id}/end`, body: {} };
    },
  },
  'GET /api/v1/people': { scoped: true, make: async (h, w) => ({ url: `/api/v1/people?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/people/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/people/${personIn(h, w)}` }) },
  'POST /api/v1/people': { scoped: true, make: async (h, w) => ({ url: '/api/v1/people', body: { territoryId: street(h, w).id, name: '赵志强' } }) },
  'PATCH /api/v1/people/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/people/${personIn(h, w)}`, body: { unitPosition: '行政主管' } }) },
  'GET /api/v1/audit-log': { scoped: false, make: async () => ({ url: '/api/v1/audit-log' }) },
  'GET /api/v1/audit-log/export': { scoped: false, make: async () => ({ url: '/api/v1/audit-log/export' }) },
  'GET /api/v1/unit-imports/template': { scoped: false, make: async () => ({ url: '/api/v1/unit-imports/template' }) },
  // An import has no single target: rows outside the caller's scope are row errors (test/api/survey-import.test.ts).
  // The probe checks the file (dry run, 200 for every granted role) and sends it without a content type.
  'POST /api/v1/unit-imports': { scoped: false, make: async (h, w) => ({ url: '/api/v1/unit-imports?dryRun=true', body: surveyCsv(h, w) }) },
  'GET /api/v1/unit-imports/jobs/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/unit-imports/jobs/${await importJob(h, w)}` }) },
  // Standardization checklist and evidence: hung off the organization a secretary of street A sees (orgIn).
  'GET /api/v1/party-orgs/:id/checklist': { scoped: true, make: async (h, w) => ({ url: `/api/v1/party-orgs/${orgIn(h, w).id}/checklist` }) },
  'PUT /api/v1/party-orgs/:id/checklist/:checklist/:item': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/party-orgs/${orgIn(h, w).id}/checklist/five_ones/activity_room`, body: { doneOn: '2026-11-01' } }),
  },
  // The file is the raw body, sent without a content type: recognized from its bytes.
  'POST /api/v1/party-orgs/:id/evidence': {
    scoped: true,
    make: async (h, w) => {
      useTempDataDir(h);
      return { url: `/api/v1/party-orgs/${orgIn(h, w).id}/evidence`, body: pngBytes() };
    },
  },
  'GET /api/v1/party-orgs/:id/evidence/:uploadId': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/party-orgs/${orgIn(h, w).id}/evidence/${await addEvidence(h, orgIn(h, w))}` }),
  },
  'GET /api/v1/standardization': { scoped: true, make: async (h, w) => ({ url: `/api/v1/standardization?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/standardization/orgs': { scoped: true, make: async (h, w) => ({ url: `/api/v1/standardization/orgs?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/standardization/orgs/export': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/standardization/orgs/export?territoryId=${street(h, w).id}` }),
  },
  'PUT /api/v1/party-orgs/:id/demonstration-site': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/party-orgs/${(await freshOrg(h, w)).id}/demonstration-site`, body: { level: 'district', designatedOn: '2026-10-01' } }),
  },
  'POST /api/v1/party-orgs/:id/demonstration-site/revoke': {
    scoped: true,
    make: async (h, w) => {
      const org = await freshOrg(h, w);
      await h.db.kysely.updateTable('party_org').set({ demo_site_level: 'district', demo_site_on: '2026-10-01' }).where('id', '=', org.id).execute();
      return { url: `/api/v1/party-orgs/${org.id}/demonstration-site/revoke`, body: { reason: '复查不达标' } };
    },
  },
  // District rule settings: the caller's own district, no other target.
  'GET /api/v1/rule-settings': { scoped: false, make: async () => ({ url: '/api/v1/rule-settings' }) },
  'PATCH /api/v1/rule-settings': { scoped: false, make: async () => ({ url: '/api/v1/rule-settings', body: { forming: { electionDueWarningDays: 90 } } }) },
  // Members registry, transfers, mobile and lost-contact members (targets: helpers at the end of this file).
  'GET /api/v1/members': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members?orgId=${(await memberOrg(h, w)).id}` }) },
  'GET /api/v1/members/export': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/export?orgId=${(await memberOrg(h, w)).id}` }) },
  'GET /api/v1/members/to-find': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/to-find?orgId=${(await memberOrg(h, w)).id}` }) },
  'GET /api/v1/members/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}` }) },
  'POST /api/v1/members/:id/reveal': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}/reveal`, body: { field: 'residentId', reason: '核对身份' } }),
  },
  'POST /api/v1/members': {
    scoped: true,
    make: async (h, w) => ({
      url: '/api/v1/members',
      body: { name: '探针党员', gender: 'male', residentId: probeResidentId(), orgId: (await memberOrg(h, w)).id, stage: 'full', fullOn: '2010-07-01' },
    }),
  },
  'PATCH /api/v1/members/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}`, body: { position: '工程师' } }) },
  'POST /api/v1/members/:id/close': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}/close`, body: { reason: 'left' } }) },
  'GET /api/v1/units/:id/talent': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units/${memberUnit(h, w)}/talent` }) },
  'GET /api/v1/members/:id/transfers': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}/transfers` }) },
  'POST /api/v1/members/:id/transfers': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}/transfers`, body: { destination: '外区某党支部', reason: '工作调动' } }),
  },
  'GET /api/v1/transfers': { scoped: true, make: async (h, w) => ({ url: `/api/v1/transfers?direction=outgoing&orgId=${(await memberOrg(h, w)).id}` }) },
  'POST /api/v1/transfers/:id/send': { scoped: true, make: async (h, w) => ({ url: `/api/v1/transfers/${await freshTransfer(h, w, 'sending', 'requested')}/send`, body: {} }) },
  'POST /api/v1/transfers/:id/receive': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/transfers/${await freshTransfer(h, w, 'receiving', 'sent')}/receive`, body: {} }),
  },
  'POST /api/v1/transfers/:id/return': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/transfers/${await freshTransfer(h, w, 'receiving', 'sent')}/return`, body: { reason: '信息有误' } }),
  },
  'POST /api/v1/transfers/:id/withdraw': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/transfers/${await freshTransfer(h, w, 'sending', 'sent')}/withdraw`, body: {} }),
  },
  'POST /api/v1/members/:id/mobile': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}/mobile`, body: { destination: '广东省深圳市', reason: '外出务工', leftOn: '2026-11-01' } }),
  },
  'GET /api/v1/mobile-records/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/mobile-records/${await freshRecord(h, w)}` }) },
  'POST /api/v1/mobile-records/:id/return': { scoped: true, make: async (h, w) => ({ url: `/api/v1/mobile-records/${await freshRecord(h, w)}/return`, body: {} }) },
  'POST /api/v1/mobile-records/:id/reports': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/mobile-records/${await freshRecord(h, w)}/reports`, body: { content: '电话汇报近况' } }),
  },
  'GET /api/v1/mobile': { scoped: true, make: async (h, w) => ({ url: `/api/v1/mobile?orgId=${(await memberOrg(h, w)).id}` }) },
  'GET /api/v1/mobile/hosted': { scoped: true, make: async (h, w) => ({ url: `/api/v1/mobile/hosted?orgId=${(await memberOrg(h, w)).id}` }) },
  'GET /api/v1/lost-contact': { scoped: true, make: async (h, w) => ({ url: `/api/v1/lost-contact?orgId=${(await memberOrg(h, w)).id}` }) },
  'POST /api/v1/members/:id/contact-log': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w)}/contact-log`, body: { note: '电话联系' } }),
  },
  'POST /api/v1/members/:id/lost-contact-cases': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/members/${await freshMember(h, w, '2025-01-01')}/lost-contact-cases`, body: {} }),
  },
  'GET /api/v1/lost-contact-cases/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/lost-contact-cases/${await freshCase(h, w)}` }) },
  'POST /api/v1/lost-contact-cases/:id/efforts': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/lost-contact-cases/${await freshCase(h, w)}/efforts`, body: { method: 'phone', outcome: '无人接听' } }),
  },
  'POST /api/v1/lost-contact-cases/:id/decide': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/lost-contact-cases/${await freshCase(h, w)}/decide`, body: { decision: 'keep_searching', note: '继续查找' } }),
  },
  // The caller's own member record: every account of the district is linked to one (and is away, to report).
  'GET /api/v1/me/member': { scoped: false, make: async (h) => (await linkEveryone(h), { url: '/api/v1/me/member' }) },
  'GET /api/v1/me/transfers': { scoped: false, make: async (h) => (await linkEveryone(h), { url: '/api/v1/me/transfers' }) },
  'GET /api/v1/me/mobile': { scoped: false, make: async (h) => (await linkEveryone(h), { url: '/api/v1/me/mobile' }) },
  'POST /api/v1/me/mobile/reports': { scoped: false, make: async (h) => (await linkEveryone(h), { url: '/api/v1/me/mobile/reports', body: { content: '近况汇报' } }) },
  // Member development (targets: dev* helpers at the end of this file).
  'GET /api/v1/development/steps': { scoped: false, make: async () => ({ url: '/api/v1/development/steps' }) },
  'POST /api/v1/development/applications': {
    scoped: true,
    make: async (h, w) => ({
      url: '/api/v1/development/applications',
      body: { orgId: (await devOrg(h, w)).id, name: '探针申请人', gender: 'female', residentId: devResidentId(), appliedOn: '2026-11-20' },
    }),
  },
  'GET /api/v1/members/:id/development': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/${await devApplicant(h, w)}/development` }) },
  'POST /api/v1/members/:id/development-steps': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/members/${await devApplicant(h, w)}/development-steps`, body: { step: 'talk', doneOn: '2026-11-21' } }),
  },
  'POST /api/v1/members/:id/development-steps/:stepId/correct': {
    scoped: true,
    make: async (h, w) => {
      const { memberId, stepId } = await devApplication(h, w);
      return { url: `/api/v1/members/${memberId}/development-steps/${stepId}/correct`, body: { doneOn: '2026-11-02', reason: '日期录错' } };
    },
  },
  'GET /api/v1/development/reminders': { scoped: true, make: async (h, w) => ({ url: `/api/v1/development/reminders?orgId=${(await devOrg(h, w)).id}` }) },
  'GET /api/v1/development/reminders/export': { scoped: true, make: async (h, w) => ({ url: `/api/v1/development/reminders/export?orgId=${(await devOrg(h, w)).id}` }) },
  'GET /api/v1/development/pipeline': { scoped: true, make: async (h, w) => ({ url: `/api/v1/development/pipeline?orgId=${(await devOrg(h, w)).id}` }) },
  // The calendar is the district's own (no target in a street).
  'GET /api/v1/calendar/days': { scoped: false, make: async () => ({ url: '/api/v1/calendar/days?year=2026' }) },
  'PUT /api/v1/calendar/days': { scoped: false, make: async () => ({ url: '/api/v1/calendar/days', body: { day: '2026-10-01', isWorking: false, note: '国庆节' } }) },
  // Organizational life (targets: life* helpers at the end of this file).
  'GET /api/v1/meetings': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings?orgId=${orgIn(h, w).id}` }) },
  'GET /api/v1/meetings/export': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/export?orgId=${orgIn(h, w).id}` }) },
  'POST /api/v1/meetings': {
    scoped: true,
    make: async (h, w) => ({
      url: '/api/v1/meetings',
      body: { orgId: orgIn(h, w).id, kind: 'theme_day', title: '探针主题党日', startsAt: '2026-11-24T06:00:00Z', endsAt: '2026-11-24T08:00:00Z', place: '会议室', audience: 'org' },
    }),
  },
  'GET /api/v1/meetings/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}` }) },
  'PATCH /api/v1/meetings/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}`, body: { title: '改名会议' } }) },
  'POST /api/v1/meetings/:id/cancel': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}/cancel`, body: { reason: '改期' } }) },
  'PUT /api/v1/meetings/:id/attendance': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}/attendance`, body: [{ memberId: (await addMember(h.db, orgIn(h, w))).memberId, status: 'present' }] }),
  },
  'POST /api/v1/meetings/:id/check-in-token': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}/check-in-token`, body: {} }) },
  // Every account is linked to a member of branch A (linkEveryone): the member and the secretary check in at A's meetings, not B's.
  'POST /api/v1/check-in': { scoped: true, make: async (h, w) => (await linkEveryone(h), { url: '/api/v1/check-in', body: { token: await lifeToken(h, w) } }) },
  'PUT /api/v1/meetings/:id/minutes': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}/minutes`, body: { bodyHtml: '<p>探针记录</p>' } }) },
  'POST /api/v1/meetings/:id/minutes/lock': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w, { present: true, minutes: 'draft' })}/minutes/lock`, body: {} }),
  },
  'POST /api/v1/meetings/:id/minutes/amendments': {
    scoped: true,
    make: async (h, w) => ({
      url: `/api/v1/meetings/${await lifeMeeting(h, w, { present: true, minutes: 'locked' })}/minutes/amendments`,
      body: { bodyHtml: '<p>补正</p>', reason: '补记' },
    }),
  },
  'GET /api/v1/meetings/:id/print': { scoped: true, make: async (h, w) => ({ url: `/api/v1/meetings/${await lifeMeeting(h, w)}/print` }) },
  // The file is the raw body, sent without a content type: recognized from its bytes.
  'POST /api/v1/meetings/:id/attachments': {
    scoped: true,
    make: async (h, w) => {
      useTempDataDir(h);
      return { url: `/api/v1/meetings/${await lifeMeeting(h, w)}/attachments`, body: pngBytes() };
    },
  },
  'GET /api/v1/meetings/:id/attachments/:uploadId': {
    scoped: true,
    make: async (h, w) => {
      const meeting = await lifeMeeting(h, w);
      const upload = await addEvidence(h, orgIn(h, w));
      await h.db.kysely.insertInto('meeting_attachment').values({ district_id: orgIn(h, w).districtId, meeting_id: meeting, upload_id: upload, created_at: NOW }).execute();
      return { url: `/api/v1/meetings/${meeting}/attachments/${upload}` };
    },
  },
  'GET /api/v1/me/meetings': { scoped: false, make: async () => ({ url: '/api/v1/me/meetings' }) },
  'POST /api/v1/me/ics-token': { scoped: false, make: async () => ({ url: '/api/v1/me/ics-token', body: {} }) },
  'DELETE /api/v1/me/ics-token': { scoped: false, make: async () => ({ url: '/api/v1/me/ics-token' }) },
  // Public: the token is the credential (a fresh feed of the member user).
  'GET /api/v1/ics/:token.ics': { scoped: false, make: async (h) => ({ url: `/api/v1/ics/${await lifeFeed(h)}.ics` }) },
  'GET /api/v1/life/compliance': { scoped: true, make: async (h, w) => ({ url: `/api/v1/life/compliance?orgId=${orgIn(h, w).id}` }) },
  'GET /api/v1/life/reminders': { scoped: true, make: async (h, w) => ({ url: `/api/v1/life/reminders?orgId=${orgIn(h, w).id}` }) },
  'GET /api/v1/life/rules': { scoped: false, make: async () => ({ url: '/api/v1/life/rules' }) },
  'GET /api/v1/life/attendance': { scoped: true, make: async (h, w) => ({ url: `/api/v1/life/attendance?orgId=${orgIn(h, w).id}&period=2026` }) },
  'GET /api/v1/training-sessions': { scoped: true, make: async (h, w) => ({ url: `/api/v1/training-sessions?orgId=${orgIn(h, w).id}` }) },
  'POST /api/v1/training-sessions': {
    scoped: true,
    make: async (h, w) => ({ url: '/api/v1/training-sessions', body: { orgId: orgIn(h, w).id, kind: 'lecture', title: '探针讲座', startsOn: '2026-11-20', endsOn: '2026-11-20', hours: 2 } }),
  },
  'GET /api/v1/training-sessions/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/training-sessions/${await lifeTraining(h, w)}` }) },
  'PUT /api/v1/training-sessions/:id/hours': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/training-sessions/${await lifeTraining(h, w)}/hours`, body: [{ memberId: (await addMember(h.db, orgIn(h, w))).memberId, hours: 2 }] }),
  },
  // A member sees only their own hours: the target in A is the member user's own record.
  'GET /api/v1/members/:id/training-hours': { scoped: true, make: async (h, w) => ({ url: `/api/v1/members/${await lifeMemberId(h, w)}/training-hours` }) },
  'GET /api/v1/me/training-hours': { scoped: false, make: async () => ({ url: '/api/v1/me/training-hours' }) },
  'GET /api/v1/activity-positions': { scoped: false, make: async () => ({ url: '/api/v1/activity-positions' }) },
  'POST /api/v1/activity-positions': {
    scoped: true,
    make: async (h, w) => ({ url: '/api/v1/activity-positions', body: { kind: 'activity_room', name: '探针活动室', orgId: orgIn(h, w).id, capacity: 30 } }),
  },
  'GET /api/v1/activity-positions/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/activity-positions/${await lifePosition(h, w)}` }) },
  'PATCH /api/v1/activity-positions/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/activity-positions/${await lifePosition(h, w)}`, body: { capacity: 50 } }) },
  'POST /api/v1/activity-positions/:id/close': { scoped: true, make: async (h, w) => ({ url: `/api/v1/activity-positions/${await lifePosition(h, w)}/close`, body: { reason: '搬迁' } }) },
  'GET /api/v1/activity-positions/:id/bookings': { scoped: true, make: async (h, w) => ({ url: `/api/v1/activity-positions/${await lifePosition(h, w)}/bookings` }) },
  'POST /api/v1/activity-positions/:id/bookings': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/activity-positions/${await lifePosition(h, w)}/bookings`, body: { startsAt: '2026-11-25T06:00:00Z', endsAt: '2026-11-25T08:00:00Z', purpose: '探针预约' } }),
  },
  'POST /api/v1/position-bookings/:id/cancel': { scoped: true, make: async (h, w) => ({ url: `/api/v1/position-bookings/${await lifeBooking(h, w)}/cancel`, body: {} }) },
  // Roster import: like the survey import, a file has no single target (rows outside the scope are row errors: test/api/roster-import.test.ts).
  'GET /api/v1/member-imports/template': { scoped: false, make: async () => ({ url: '/api/v1/member-imports/template' }) },
  'POST /api/v1/member-imports': { scoped: false, make: async (h, w) => ({ url: '/api/v1/member-imports?dryRun=true', body: await rosterCsv(h, w) }) },
  'GET /api/v1/member-imports/jobs/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/member-imports/jobs/${await rosterJob(h, w)}` }) },
};

/** Each user of the fixture: role, and where their scope is (null: no territory). */
const USERS: { username: string; role: Role; home: Where | null; away: Where | null }[] = [
  { username: 'admin', role: 'district_admin', home: 'A', away: 'X' },
  { username: 'street1', role: 'street_admin', home: 'A', away: 'B' },
  { username: 'street2', role: 'street_admin', home: 'B', away: 'A' },
  { username: 'instructor1', role: 'instructor', home: 'A', away: 'B' },
  // Scoped to the branch of 星火科技 in street A: they see it, not street B's branch.
  { username: 'secretary', role: 'secretary', home: 'A', away: 'B' },
  { username: 'member', role: 'member', home: 'A', away: 'B' },
  { username: 'representative', role: 'representative', home: null, away: 'A' },
  { username: 'department_handler', role: 'department_handler', home: null, away: 'A' },
];

function granted(permission: Permission, role: Role): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}

describe.each(dialects())('scope matrix on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
  });
  afterAll(() => h.close());

  it('has a probe for every route, and every route declares a permission', () => {
    const routes = h.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !PROBES[r]);
    expect(missing, 'routes without a probe in the scope matrix').toEqual([]);
    const stale = Object.keys(PROBES).filter((p) => !routes.includes(p));
    expect(stale, 'probes for routes that no longer exist').toEqual([]);
  });

  it('answers 401 to every non-public route without a session', async () => {
    for (const route of h.app.routeTable.filter((r) => r.permission !== 'public' && PROBES[`${r.method} ${r.url}`])) {
      const { url, body } = await PROBES[`${route.method} ${route.url}`]!.make(h, 'A');
      const res = await h.anonymous().request(route.method as 'GET', url, body);
      expect(res.statusCode, `${route.method} ${url}`).toBe(401);
    }
  });

  it('grants by role, and hides what is out of scope', { timeout: 240_000 }, async () => {
    const failures: string[] = [];
    // One session per user (argon2 makes logins slow on purpose); logout gets its own.
    const sessions = new Map<string, Client>();
    const clientFor = async (username: string, route: string) => {
      if (route.startsWith('POST /api/v1/auth/')) return h.as(username);
      if (!sessions.has(username)) sessions.set(username, await h.as(username));
      return sessions.get(username)!;
    };
    for (const route of h.app.routeTable) {
      const probe = PROBES[`${route.method} ${route.url}`];
      if (!probe) continue; // reported by the first test
      for (const user of USERS) {
        const allowed = granted(route.permission, user.role);
        const check = async (where: Where, expectation: 'ok' | 'forbidden' | 'hidden') => {
          const client = await clientFor(user.username, `${route.method} ${route.url}`);
          const { url, body } = await probe.make(h, where);
          let res;
          try {
            res = await client.request(route.method as 'GET', url, body);
          } catch (err) {
            failures.push(`${user.username} ${route.method} ${url} [${where}] threw ${(err as Error).message}`);
            return;
          }
          const s = res.statusCode;
          const good = expectation === 'ok' ? s >= 200 && s < 300 : expectation === 'forbidden' ? s === 403 : s === 404;
          if (!good) failures.push(`${user.username} ${route.method} ${url} [${where}] expected ${expectation}, got ${s} ${res.body.slice(0, 160)}`);
        };
        if (!allowed) {
          await check('A', 'forbidden');
          continue;
        }
        if (!probe.scoped) {
          await check('A', 'ok');
          continue;
        }
        if (user.home) await check(user.home, 'ok');
        if (user.away) await check(user.away, 'hidden');
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('route guard', () => {
  it('refuses to start with an API route that declares no permission', async () => {
    const db = await freshDb('sqlite');
    const app = await buildApp({ db, webDir: null });
    expect(() => app.get('/api/v1/unguarded', async () => ({ ok: true }))).toThrow(/declares no permission/);
    await app.close();
    await db.close();
  });
});

// ---- Targets for the members, transfers, mobile, lost-contact and /me probes.

/** Where a member lives: branch A (the secretary's and the member user's organization), branch B, or a branch of the other district. */
const otherBranches = new WeakMap<Harness, OrgNode>();
async function memberOrg(h: Harness, w: Where): Promise<OrgNode> {
  if (w === 'A') return h.fx.orgs.branchA;
  if (w === 'B') return h.fx.orgs.branchB;
  let org = otherBranches.get(h);
  if (!org) {
    org = await addOrg(h.db, h.fx.other.area, h.fx.other.committee, 'branch', '邻村党支部', { unitIds: [h.fx.other.unit] });
    otherBranches.set(h, org);
  }
  return org;
}
/** The unit covered by memberOrg(w). */
const memberUnit = (h: Harness, w: Where): number =>
  w === 'A' ? h.fx.units['星火科技有限公司']! : w === 'B' ? h.fx.units['乙园软件股份有限公司']! : h.fx.other.unit;
let residentSeq = 0;
/** A valid, never repeated resident ID (the region code varies). */
function probeResidentId(): string {
  const body = `${String(120000 + residentSeq++).padStart(6, '0')}19850101001`;
  return body + residentIdCheckChar(body);
}
async function freshMember(h: Harness, w: Where, lastContactOn = '2026-11-01'): Promise<number> {
  return (await addMember(h.db, await memberOrg(h, w), { residentId: probeResidentId(), lastContactOn })).memberId;
}
/**
 * A transfer the caller works on from one side: 'sending' leaves memberOrg(w)
 * for the street's committee, 'receiving' comes from that committee into memberOrg(w).
 */
async function freshTransfer(h: Harness, w: Where, side: 'sending' | 'receiving', status: 'requested' | 'sent'): Promise<number> {
  const branch = await memberOrg(h, w);
  const other = committee(h, w);
  const [from, to] = side === 'sending' ? [branch, other] : [other, branch];
  const { memberId } = await addMember(h.db, from, { residentId: probeResidentId() });
  const sent = status === 'sent';
  const { id } = await h.db.kysely
    .insertInto('transfer')
    .values({
      district_id: from.districtId,
      member_id: memberId,
      from_org_id: from.id,
      to_org_id: to.id,
      reason: '工作调动',
      status,
      requested_on: '2026-11-20',
      sent_on: sent ? '2026-11-21' : null,
      letter_no: sent ? `探针-${memberId}` : null,
      valid_until: sent ? '2027-02-21' : null,
      created_at: '2026-11-20T02:00:00.000Z',
      updated_at: '2026-11-20T02:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
async function freshRecord(h: Harness, w: Where): Promise<number> {
  const memberId = await freshMember(h, w);
  const { id } = await h.db.kysely
    .insertInto('mobile_record')
    .values({ district_id: (await memberOrg(h, w)).districtId, member_id: memberId, destination: '外地', reason: '务工', left_on: '2026-11-01', created_at: '2026-11-01T02:00:00.000Z', updated_at: '2026-11-01T02:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
async function freshCase(h: Harness, w: Where): Promise<number> {
  const memberId = await freshMember(h, w, '2025-01-01');
  const { id } = await h.db.kysely
    .insertInto('lost_contact_case')
    .values({ district_id: (await memberOrg(h, w)).districtId, member_id: memberId, opened_on: '2026-01-01', created_at: '2026-01-01T02:00:00.000Z', updated_at: '2026-01-01T02:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
/** Links every account of the fixture district to a member of branch A who is away (so /me answers and reports are accepted). */
async function linkEveryone(h: Harness): Promise<void> {
  const users = await h.db.kysely.selectFrom('app_user').select('id').where('district_id', '=', h.fx.districtId).where('person_id', 'is', null).execute();
  for (const u of users) {
    const { memberId, personId } = await addMember(h.db, h.fx.orgs.branchA, { residentId: probeResidentId() });
    await h.db.kysely.updateTable('app_user').set({ person_id: personId }).where('id', '=', u.id).execute();
    await h.db.kysely
      .insertInto('mobile_record')
      .values({ district_id: h.fx.districtId, member_id: memberId, destination: '外地', reason: '务工', left_on: '2026-11-01', created_at: '2026-11-01T02:00:00.000Z', updated_at: '2026-11-01T02:00:00.000Z' })
      .execute();
  }
}

// ---- Targets for the member-development probes.

/** Branch A (the secretary's), branch B, or a branch of the other district. */
const devBranches = new WeakMap<Harness, DevOrgNode>();
async function devOrg(h: Harness, w: Where): Promise<DevOrgNode> {
  if (w === 'A') return h.fx.orgs.branchA;
  if (w === 'B') return h.fx.orgs.branchB;
  let org = devBranches.get(h);
  if (!org) {
    org = await addDevOrg(h.db, h.fx.other.area, h.fx.other.committee, 'branch', '邻村发展党员探针支部');
    devBranches.set(h, org);
  }
  return org;
}
let devSeq = 0;
/** A valid, never repeated resident ID of someone born in 1990. */
function devResidentId(): string {
  const body = `${String(130000 + devSeq++).padStart(6, '0')}19900101002`;
  return body + devIdCheck(body);
}
/** An applicant registered on 2026-11-01 (no step recorded yet: the registry's dates stand in). */
async function devApplicant(h: Harness, w: Where): Promise<number> {
  return (await addDevMember(h.db, await devOrg(h, w), { stage: 'applicant', residentId: devResidentId(), dates: { applied_on: '2026-11-01' } })).memberId;
}
/** An applicant with the application recorded as a step. */
async function devApplication(h: Harness, w: Where): Promise<{ memberId: number; stepId: number }> {
  const memberId = await devApplicant(h, w);
  const { id } = await h.db.kysely
    .insertInto('development_step')
    .values({ district_id: (await devOrg(h, w)).districtId, member_id: memberId, step: 'application', done_on: '2026-11-01', data_json: '{}', corrects_id: null, recorded_by: null, created_at: '2026-11-01T02:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { memberId, stepId: id };
}

// ---- Targets for the organizational-life probes.

/** A meeting of orgIn(w), written directly: planned, optionally with someone present and draft or locked minutes. */
async function lifeMeeting(h: Harness, w: Where, opts: { present?: boolean; minutes?: 'draft' | 'locked' } = {}): Promise<number> {
  const org = orgIn(h, w);
  const row = await h.db.kysely.selectFrom('party_org').select(['path', 'territory_path']).where('id', '=', org.id).executeTakeFirstOrThrow();
  const { id } = await h.db.kysely
    .insertInto('meeting')
    .values({
      district_id: org.districtId,
      party_org_id: org.id,
      org_path: row.path,
      territory_path: row.territory_path,
      kind: 'theme_day',
      title: '探针会议',
      starts_at: '2026-11-23T06:00:00.000Z',
      ends_at: '2026-11-23T08:00:00.000Z',
      place: '会议室',
      activity_position_id: null,
      host_person_id: null,
      host_name: null,
      topic: null,
      audience: 'org',
      audience_org_id: null,
      status: 'planned',
      cancelled_reason: null,
      created_by: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.present) {
    const { memberId } = await addMember(h.db, org);
    await h.db.kysely
      .insertInto('attendance')
      .values({ district_id: org.districtId, meeting_id: id, member_id: memberId, status: 'present', reason: null, checked_in_at: NOW, method: 'roll_call', counts_for_org_id: org.id, recorded_by: null, created_at: NOW, updated_at: NOW })
      .execute();
  }
  if (opts.minutes) {
    await h.db.kysely
      .insertInto('minutes')
      .values({ district_id: org.districtId, meeting_id: id, body_html: '<p>探针记录</p>', updated_by: null, updated_at: NOW, locked_at: opts.minutes === 'locked' ? NOW : null, locked_by: null, created_at: NOW })
      .execute();
  }
  return id;
}
/** A genuine check-in code for a fresh meeting of orgIn(w), valid for a minute. */
async function lifeToken(h: Harness, w: Where): Promise<string> {
  const meetingId = await lifeMeeting(h, w);
  return signCheckInToken(testVault, { districtId: orgIn(h, w).districtId, meetingId, expiresAt: new Date(h.clock.now().getTime() + 60_000) });
}
/** A fresh calendar-feed token of the member user. */
async function lifeFeed(h: Harness): Promise<string> {
  const user = await h.db.kysely.selectFrom('app_user').select('id').where('username', '=', 'member').where('district_id', '=', h.fx.districtId).executeTakeFirstOrThrow();
  const token = newFeedToken();
  await h.db.kysely.deleteFrom('ics_feed').where('user_id', '=', user.id).execute();
  await h.db.kysely.insertInto('ics_feed').values({ district_id: h.fx.districtId, user_id: user.id, token_hash: feedTokenHash(token), created_at: NOW }).execute();
  return token;
}
async function lifeTraining(h: Harness, w: Where): Promise<number> {
  const org = orgIn(h, w);
  const row = await h.db.kysely.selectFrom('party_org').select(['path', 'territory_path']).where('id', '=', org.id).executeTakeFirstOrThrow();
  const { id } = await h.db.kysely
    .insertInto('training_session')
    .values({ district_id: org.districtId, party_org_id: org.id, org_path: row.path, territory_path: row.territory_path, kind: 'lecture', title: '探针培训', provider: null, starts_on: '2026-11-20', ends_on: '2026-11-20', hours: 2, meeting_id: null, created_by: null, created_at: NOW, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
/** In A the member user's own record (a member sees only their own hours); elsewhere any member of orgIn(w). */
async function lifeMemberId(h: Harness, w: Where): Promise<number> {
  if (w !== 'A') return (await addMember(h.db, orgIn(h, w))).memberId;
  await linkEveryone(h);
  const row = await h.db.kysely
    .selectFrom('app_user')
    .innerJoin('member', 'member.person_id', 'app_user.person_id')
    .select('member.id')
    .where('app_user.username', '=', 'member')
    .where('app_user.district_id', '=', h.fx.districtId)
    .where('member.status', '=', 'active')
    .orderBy('member.id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}
/** An activity room run by orgIn(w), in area(w). */
async function lifePosition(h: Harness, w: Where): Promise<number> {
  const org = orgIn(h, w);
  const at = area(h, w);
  const { id } = await h.db.kysely
    .insertInto('activity_position')
    .values({ district_id: org.districtId, kind: 'activity_room', name: `探针活动室${Math.random()}`, address: null, territory_id: at.id, territory_path: at.path, party_org_id: org.id, org_path: org.path, lng: null, lat: null, area_m2: 60, capacity: 30, checklist_json: '[]', status: 'active', closed_on: null, closed_reason: null, created_at: NOW, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
async function lifeBooking(h: Harness, w: Where): Promise<number> {
  const org = orgIn(h, w);
  const { id } = await h.db.kysely
    .insertInto('position_booking')
    .values({ district_id: org.districtId, position_id: await lifePosition(h, w), party_org_id: org.id, meeting_id: null, starts_at: '2026-11-25T06:00:00.000Z', ends_at: '2026-11-25T08:00:00.000Z', purpose: '探针预约', status: 'active', created_by: null, created_at: NOW, cancelled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

// ---- Targets for the roster-import probes.

/** A one-row roster (CSV) registering a full member in memberOrg(w), by the organization's id. */
async function rosterCsv(h: Harness, w: Where): Promise<string> {
  return `姓名,公民身份号码,所在党组织,人员类别,入党日期,转正日期\n探针导入党员,${probeResidentId()},${(await memberOrg(h, w)).id},正式党员,2009-07-01,2010-07-01\n`;
}
/**
 * A roster import job in w, started by someone whose scope is there: the
 * secretary of branch A (so street A's admin sees it from above), street B's
 * admin, or the other district's admin.
 */
async function rosterJob(h: Harness, w: Where): Promise<number> {
  const importer = await h.as(w === 'A' ? 'secretary' : w === 'B' ? 'street2' : 'other_admin');
  const res = await importer.post('/api/v1/member-imports', await rosterCsv(h, w), { 'content-type': 'text/csv' });
  if (res.statusCode !== 200) throw new Error(`probe roster import failed: ${res.statusCode} ${res.body}`);
  return res.json().jobId;
}
