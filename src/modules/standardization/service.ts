/**
 * Standardization of party organizations: the "five ones" and Hongjiang's
 * "six haves" checklists with their evidence, the district's view of
 * completion across organizations, and demonstration sites.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CHECKLISTS, checklistCompletion, isChecklistItem, type ChecklistName } from '../../domain/coverage.js';
import { pathIds } from '../../domain/paths.js';
import type { DemoSiteLevel } from '../../domain/orgs.js';
import type { PartyOrg } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { scopeNode } from '../coverage/service.js';
import { districtContext } from '../district/context.js';
import { describeOrgs } from '../orgs/describe.js';
import { findOrg } from '../orgs/queries.js';
import { checkEvidence, evidencePath, sanitizeFileName, sha256Hex, storeEvidence } from './files.js';
import {
  allChecklistOrgs,
  checklistRows,
  eachChecklistOrg,
  findUpload,
  itemCounts,
  listChecklistOrgs,
  territoryNames,
  type ChecklistOrgFilters,
  type ChecklistOrgRow,
} from './queries.js';
import { CHECKLIST_NAMES } from './schemas.js';

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

async function visibleOrg(ctx: Ctx, id: number): Promise<PartyOrg> {
  const org = await findOrg(ctx.db.kysely, ctx.actor.scope, id);
  if (!org) throw AppError.notFound();
  return org;
}

function assertActive(org: PartyOrg): void {
  if (org.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'org_closed' }]);
}

type Row = Awaited<ReturnType<typeof checklistRows>>[number];

function checklistDto(checklist: ChecklistName, rows: Row[]) {
  const mine = rows.filter((r) => r.checklist === checklist);
  const items = CHECKLISTS[checklist].map((item) => {
    const r = mine.find((x) => x.item === item);
    return {
      item,
      done: !!r?.done_on,
      doneOn: r?.done_on ?? null,
      note: r?.note ?? null,
      evidence:
        r?.upload_id != null && r.upload_name != null
          ? { uploadId: r.upload_id, name: r.upload_name, mime: r.upload_mime ?? 'application/octet-stream', size: Number(r.upload_size ?? 0) }
          : null,
    };
  });
  const done = items.filter((i) => i.done).map((i) => i.item);
  return { checklist, items, completion: round4(checklistCompletion(checklist, done)) };
}

export async function getChecklists(ctx: Ctx, orgId: number) {
  const org = await visibleOrg(ctx, orgId);
  const rows = await checklistRows(ctx.db.kysely, org.id);
  return { orgId: org.id, checklists: CHECKLIST_NAMES.map((c) => checklistDto(c, rows)) };
}

export interface MarkItemInput {
  doneOn: string | null;
  note?: string | null | undefined;
  uploadId?: number | null | undefined;
}

/**
 * Marks one item done on a date (or not done, with null), with an optional
 * note and evidence file of the same organization. Unset note/uploadId keep
 * what the item had.
 */
export async function markChecklistItem(ctx: Ctx, orgId: number, checklist: ChecklistName, item: string, input: MarkItemInput) {
  const org = await visibleOrg(ctx, orgId);
  const allowed = CHECKLISTS[checklist].join(', ');
  if (!isChecklistItem(checklist, item)) throw AppError.validation([{ field: 'item', code: 'invalid_choice', params: { allowed } }]);
  assertActive(org);
  const dc = await districtContext(ctx);
  const problems = new Problems();
  if (input.doneOn && input.doneOn > dc.today) problems.add('doneOn', 'date_in_future');
  if (input.uploadId != null && !(await findUpload(ctx.db.kysely, org.district_id, org.id, input.uploadId))) {
    problems.add('uploadId', 'evidence_not_found');
  }
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  const note = input.note === undefined ? undefined : input.note === null ? null : input.note.trim() || null;

  await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('checklist_item')
      .selectAll()
      .where('party_org_id', '=', org.id)
      .where('checklist', '=', checklist)
      .where('item', '=', item)
      .executeTakeFirst();
    const next = {
      done_on: input.doneOn,
      note: note === undefined ? (existing?.note ?? null) : note,
      upload_id: input.uploadId === undefined ? (existing?.upload_id ?? null) : input.uploadId,
    };
    await trx
      .insertInto('checklist_item')
      .values({ district_id: org.district_id, party_org_id: org.id, checklist, item, ...next, updated_at: now })
      .onConflict((oc) => oc.columns(['party_org_id', 'checklist', 'item']).doUpdateSet({ ...next, updated_at: now }))
      .execute();
    const view = (r: { done_on: string | null; note: string | null; upload_id: number | null } | undefined) =>
      r ? { checklist, item, doneOn: r.done_on, note: r.note, uploadId: r.upload_id } : null;
    await recordAudit(trx, ctx, {
      action: 'party_org.checklist_mark',
      entityType: 'party_org',
      entityId: org.id,
      scopePath: org.territory_path,
      before: view(existing),
      after: view(next),
    });
  });
  return checklistDto(checklist, await checklistRows(ctx.db.kysely, org.id));
}

export interface IncomingFile {
  bytes: Buffer;
  contentType: string | undefined;
  fileName: string | string[] | undefined;
}

/** Stores an evidence file of an organization (checked by its bytes) and records it. */
export async function uploadEvidence(ctx: Ctx, orgId: number, file: IncomingFile) {
  const org = await visibleOrg(ctx, orgId);
  assertActive(org);
  const mime = checkEvidence(file.bytes, file.contentType);
  const name = sanitizeFileName(file.fileName);
  const sha256 = sha256Hex(file.bytes);
  const size = file.bytes.length;
  // The bytes go first: a row never points at a missing file (an orphan file is harmless and deduplicated).
  await storeEvidence(ctx.db.dataDir, org.district_id, sha256, file.bytes);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('upload')
      .values({
        district_id: org.district_id,
        party_org_id: org.id,
        sha256,
        original_name: name,
        mime,
        size,
        uploaded_by: ctx.actor.userId || null,
        created_at: ctx.clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = { id, name, mime, size, sha256 };
    await recordAudit(trx, ctx, { action: 'upload.create', entityType: 'upload', entityId: id, scopePath: org.territory_path, after: { orgId: org.id, ...dto } });
    return dto;
  });
}

/** An evidence file of an organization in scope: its row, and a stream of its bytes. */
export async function openEvidence(ctx: Ctx, orgId: number, uploadId: number) {
  const org = await visibleOrg(ctx, orgId);
  const upload = await findUpload(ctx.db.kysely, org.district_id, org.id, uploadId);
  if (!upload) throw AppError.notFound();
  const path = evidencePath(ctx.db.dataDir, upload.district_id, upload.sha256);
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) throw AppError.notFound();
  return { upload, size: st.size, stream: createReadStream(path) };
}

// --- The district's view -----------------------------------------------------

interface Acc {
  organizations: number;
  sums: Record<ChecklistName, number>;
}
const emptyAcc = (): Acc => ({ organizations: 0, sums: Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, 0])) as Record<ChecklistName, number> });
function add(acc: Acc, r: ChecklistOrgRow) {
  acc.organizations++;
  for (const c of CHECKLIST_NAMES) acc.sums[c] += Math.min(r[c], CHECKLISTS[c].length) / CHECKLISTS[c].length;
}
const averages = (acc: Acc) =>
  Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, acc.organizations ? round4(acc.sums[c] / acc.organizations) : null])) as Record<ChecklistName, number | null>;
const group = (acc: Acc) => ({ organizations: acc.organizations, averageCompletion: averages(acc) });

/**
 * Checklist completion across the active branches, joint branches and general
 * branches of a territory subtree: per checklist (complete / partial / none,
 * average, each item), and per node directly under it.
 */
export async function standardizationSummary(ctx: Ctx, territoryId: number | undefined) {
  const node = await scopeNode(ctx, territoryId);
  const k = ctx.db.kysely;
  const [orgs, items, children] = await Promise.all([
    allChecklistOrgs(k, ctx.actor.scope, node.path),
    itemCounts(k, ctx.actor.scope, node.path),
    k.selectFrom('territory').select(['id', 'name', 'kind']).where('parent_id', '=', node.id).where('status', '=', 'active').orderBy('name').execute(),
  ]);
  const total = emptyAcc();
  const direct = emptyAcc();
  const byChild = new Map(children.map((c) => [c.id, emptyAcc()]));
  const depth = pathIds(node.path).length;
  for (const r of orgs) {
    add(total, r);
    const childId = pathIds(r.territory_path)[depth];
    add((childId !== undefined && byChild.get(childId)) || direct, r);
  }
  const avg = averages(total);
  return {
    node: { territoryId: node.id, name: node.name, kind: node.kind },
    organizations: orgs.length,
    checklists: CHECKLIST_NAMES.map((c) => {
      const n = CHECKLISTS[c].length;
      const complete = orgs.filter((r) => r[c] >= n).length;
      const none = orgs.filter((r) => r[c] === 0).length;
      return {
        checklist: c,
        organizations: orgs.length,
        complete,
        partial: orgs.length - complete - none,
        none,
        averageCompletion: avg[c],
        items: CHECKLISTS[c].map((item) => ({
          item,
          done: Number(items.find((i) => i.checklist === c && i.item === item)?.n ?? 0),
        })),
      };
    }),
    children: children.map((c) => ({ territoryId: c.id, name: c.name, kind: c.kind, ...group(byChild.get(c.id)!) })),
    direct: group(direct),
  };
}

export interface StandardizationListQuery {
  territoryId?: number | undefined;
  checklist?: ChecklistName | undefined;
  complete?: boolean | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

/** Resolves the territory (404 when out of scope) into the filters of the organization list. */
export async function resolveListFilters(ctx: Ctx, q: StandardizationListQuery): Promise<ChecklistOrgFilters> {
  const node = await scopeNode(ctx, q.territoryId);
  return { rootPath: node.path, checklist: q.checklist, complete: q.complete, q: q.q, sort: q.sort };
}

async function orgDtos(ctx: Ctx, rows: ChecklistOrgRow[]) {
  const names = await territoryNames(ctx.db.kysely, rows.map((r) => r.territory_id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as 'branch' | 'joint_branch' | 'general_branch',
    territoryId: r.territory_id,
    territoryName: names.get(r.territory_id) ?? '',
    demoSite: r.demo_site_level as DemoSiteLevel | null,
    done: Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, r[c]])) as Record<ChecklistName, number>,
    completion: Object.fromEntries(CHECKLIST_NAMES.map((c) => [c, round4(Math.min(r[c], CHECKLISTS[c].length) / CHECKLISTS[c].length)])) as Record<ChecklistName, number>,
  }));
}

export type StandardizationOrgDto = Awaited<ReturnType<typeof orgDtos>>[number];

export async function standardizationOrgs(ctx: Ctx, q: StandardizationListQuery, page: number, pageSize: number) {
  const f = await resolveListFilters(ctx, q);
  const { rows, total } = await listChecklistOrgs(ctx.db.kysely, ctx.actor.scope, f, page, pageSize);
  return { items: await orgDtos(ctx, rows), total };
}

/** The organization list for an export; the filters are resolved by the caller first (a 404 stays a clean 404). */
export async function* eachStandardizationOrg(ctx: Ctx, f: ChecklistOrgFilters): AsyncIterable<StandardizationOrgDto> {
  for await (const rows of eachChecklistOrg(ctx.db.kysely, ctx.actor.scope, f)) yield* await orgDtos(ctx, rows);
}

// --- Demonstration sites -----------------------------------------------------

const demoSiteOf = (o: Pick<PartyOrg, 'demo_site_level' | 'demo_site_on'>) => ({ level: o.demo_site_level, designatedOn: o.demo_site_on });

/** Designates an organization a demonstration site of a level (or changes its level). */
export async function designateDemoSite(ctx: Ctx, orgId: number, input: { level: DemoSiteLevel; designatedOn: string }) {
  const org = await visibleOrg(ctx, orgId);
  assertActive(org);
  const dc = await districtContext(ctx);
  const problems = new Problems();
  if (input.designatedOn > dc.today) problems.add('designatedOn', 'date_in_future');
  else if (input.designatedOn < org.founded_on) problems.add('designatedOn', 'date_order', { after: org.founded_on });
  problems.throwIfAny();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('party_org')
      .set({ demo_site_level: input.level, demo_site_on: input.designatedOn, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', org.id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'party_org.designate_demo_site',
      entityType: 'party_org',
      entityId: org.id,
      scopePath: org.territory_path,
      before: demoSiteOf(org),
      after: { level: input.level, designatedOn: input.designatedOn },
    });
    const row = await trx.selectFrom('party_org').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    return (await describeOrgs(trx, [row], dc))[0]!;
  });
}

/** Revokes a demonstration site: the level and date are cleared; the audit keeps them with the reason. */
export async function revokeDemoSite(ctx: Ctx, orgId: number, reason: string) {
  const org = await visibleOrg(ctx, orgId);
  if (!org.demo_site_level) throw AppError.conflict([{ field: 'demoSite', code: 'demo_site_not_designated' }]);
  const dc = await districtContext(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('party_org')
      .set({ demo_site_level: null, demo_site_on: null, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', org.id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'party_org.revoke_demo_site',
      entityType: 'party_org',
      entityId: org.id,
      scopePath: org.territory_path,
      before: demoSiteOf(org),
      after: { level: null, designatedOn: null, reason: reason.trim() },
    });
    const row = await trx.selectFrom('party_org').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    return (await describeOrgs(trx, [row], dc))[0]!;
  });
}
