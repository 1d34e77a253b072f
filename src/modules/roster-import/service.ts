/**
 * The member roster import (党员名册导入): members and people in development
 * from a spreadsheet, checked row by row, then written all-or-nothing by the
 * shared import engine (src/modules/imports/engine.ts: passes, jobs, answers).
 *
 * A row with a resident ID the district does not know registers a person and
 * their member record at the row's stage, with its stage dates (the
 * development pipeline takes them as its baseline). A known ID updates that
 * person's editable fields — if the caller's scope holds them; otherwise the
 * row is "not found", revealing nothing. Stage, organization and stage dates
 * of a registered person are never changed by an import (the pipeline and
 * transfers move them). A masked ID (the registry's export) finds the person
 * by name and masked ID among the members in scope, so an exported roster
 * comes back as updates.
 *
 * Per pass, memory holds the organizations of the scope, 64 bits of the keyed
 * hash of each resident ID seen (Fingerprints), the employers already looked
 * up, and one batch. IDs are hashed (HMAC) to be looked up and encrypted
 * (AES-256-GCM) only when written; an audit record never holds a full ID.
 */
import { bulkInserter } from '../../db/bulk.js';
import { deferMemberCounts, foldMemberCounts } from '../../db/counts.js';
import { creditCodeProblem, maskPhone, maskResidentId, normalizeCreditCode, residentIdBirthDate, residentIdProblem, type ResidentIdProblem } from '../../domain/ids.js';
import { LABELS } from '../../domain/labels.js';
import { EDUCATION_LEVELS, GENDERS, MEMBER_STAGES, OCCUPATIONS, probationUntil, type MemberStage } from '../../domain/members.js';
import { isWithin } from '../../domain/paths.js';
import { developmentRulesFor, memberRulesFor, type DevelopmentRules, type MemberRules } from '../../domain/rulesets.js';
import type { Ctx } from '../../server/context.js';
import type { MessageCode } from '../../server/messages.js';
import type { Scope } from '../../server/scope.js';
import { recordAudits, type AuditEntry } from '../audit/record.js';
import { districtContext } from '../district/context.js';
import { invalidateLifeCompliance } from '../life/rollup.js';
import { Choices, norm, RowCells } from '../imports/cells.js';
import type { Importer, Pass, RowHandler } from '../imports/engine.js';
import { NameIndex, type LookupCodes } from '../imports/names.js';
import type { MemberRow } from '../members/queries.js';
import type { Q } from '../imports/queries.js';
import type { SheetRow } from '../imports/sheet.js';
import { Fingerprints } from './fingerprints.js';
import { membersByName, membersOf, orgsInScope, peopleByHash, unitsByKey, type OrgEntry } from './queries.js';
import { stageDateProblems } from './rules.js';
import { DATE_COLUMNS, DATE_FIELDS, FLAG_FIELDS, ROSTER_SHEET, type DateField, type FlagField, type RosterField } from './sheet.js';

export const JOB_KIND = 'member_import';

// ---------------------------------------------------------------------------
// Reading one row

const GENDER = new Choices(GENDERS, LABELS.gender, { 男性: 'male', 女性: 'female', m: 'male', f: 'female' });
const EDUCATION = new Choices(EDUCATION_LEVELS, LABELS.education, {
  小学: 'primary',
  中专: 'secondary_vocational',
  中技: 'secondary_vocational',
  职高: 'secondary_vocational',
  大学专科: 'junior_college',
  专科: 'junior_college',
  大学本科: 'bachelor',
  大学: 'bachelor',
  研究生: 'master',
  硕士: 'master',
  博士: 'doctorate',
});
const STAGE = new Choices(MEMBER_STAGES, LABELS.memberStage, {
  申请人: 'applicant',
  积极分子: 'activist',
  中共预备党员: 'probationary',
  预备: 'probationary',
  中共党员: 'full',
  党员: 'full',
  正式: 'full',
});
const OCCUPATION = new Choices(OCCUPATIONS, LABELS.occupation);
const FLAG = new Choices(['是', '否'], {}, { yes: '是', no: '否', y: '是', n: '否', true: '是', false: '否', '1': '是', '0': '否', '✓': '是', '√': '是', '✔': '是', '×': '否', '✗': '否' });

const ID_PROBLEM_CODES: Record<ResidentIdProblem, MessageCode> = {
  length: 'resident_id_length',
  character: 'resident_id_character',
  birthDate: 'resident_id_birth_date',
  check: 'resident_id_check',
};
/** A resident ID as the registry's lists and exports show it (maskResidentId). */
const MASKED_ID = /^\d{4}\*{10}\d{3}[\dX]$/;
const PHONE = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;

type Gender = (typeof GENDERS)[number];
type ResidentId = { full: string; hash: string; birthDate: string } | { masked: string };

/** Values of one row; undefined = not given: a registration leaves it empty, an update keeps the registry's value. */
interface RowValues {
  name: string;
  id: ResidentId;
  stage: MemberStage;
  gender?: Gender;
  ethnicity?: string;
  education?: string;
  phone?: string;
  employer?: string;
  position?: string;
  occupation?: string;
  flags: Partial<Record<FlagField, boolean>>;
  dates: Partial<Record<DateField, string>>;
}

/** A row whose cells are all good… */
interface Good {
  row: number;
  ok: true;
  v: RowValues;
  org: OrgEntry;
}
/** …or one with bad cells, still looked up (employer, resident ID) so that the answer lists all its problems at once. */
interface Flawed {
  row: number;
  ok: false;
  v: Pick<RowValues, 'employer'> & { name: string | null; id: ResidentId | null };
}
type Candidate = Good | Flawed;

const ORG_CODES: LookupCodes = { not_found: 'org_not_found', ambiguous: 'import_org_ambiguous', closed: 'org_closed' };

/** The organization column: a name unique in the caller's scope, "street/name" or "parent/name", or an id. */
class OrgIndex extends NameIndex<OrgEntry> {
  constructor(orgs: OrgEntry[]) {
    super(orgs, (o, byId) => {
      const parent = o.parent_id === null ? undefined : byId.get(o.parent_id);
      return [o.street, parent?.name].filter((q): q is string => !!q);
    });
  }
}

interface Prep {
  today: string;
  development: DevelopmentRules;
  members: MemberRules;
}

interface PassState {
  ctx: Ctx;
  prep: Prep;
  pass: Pass<RosterField>;
  columns: (RosterField | null)[];
  orgs: OrgIndex;
  /** Resident IDs seen in the file (first pass only). */
  seen: Fingerprints | null;
  /** Employer cell text → unit or problem, across batches (files repeat employers). */
  employers: Map<string, { id: number } | { code: MessageCode; params?: Record<string, unknown> }>;
  /** Organizations that members were written to (writing pass). */
  joined: Set<number>;
  /** Whether this transaction has deferred the member counts (writing pass, from its first batch). */
  deferred: boolean;
}

/** Checks one row on its own (no database): every bad cell is reported. Returns the row's values, or what can still be looked up. */
function readRow(row: SheetRow, s: PassState): Candidate | null {
  const r = new RowCells(row, s.columns, s.pass);

  // Stored as the text it is, whatever it looks like ("=HYPERLINK(...)" included): exports neutralize it.
  const name = r.requiredText('name', 2, 50);

  let id: ResidentId | null = null;
  const rawId = r.required('residentId');
  if (rawId !== null) {
    const value = rawId.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    const problem = MASKED_ID.test(value) ? null : residentIdProblem(value);
    if (problem) r.bad('residentId', ID_PROBLEM_CODES[problem]);
    else if (MASKED_ID.test(value)) id = { masked: value };
    else {
      id = { full: value, hash: s.ctx.vault.hash(value), birthDate: residentIdBirthDate(value)! };
      const first = s.seen?.firstRow(id.hash, row.row) ?? null;
      if (first !== null) r.bad('residentId', 'import_duplicate_resident_id', { row: first });
    }
  }

  const gender = r.choice('gender', GENDER) as Gender | undefined;
  const ethnicity = r.optionalText('ethnicity', 20);
  const education = r.choice('education', EDUCATION);
  let phone: string | undefined;
  const rawPhone = r.text('phone').normalize('NFKC').replace(/\s+/g, '');
  // A masked number (an exported roster) keeps the registry's.
  if (rawPhone !== '' && !rawPhone.includes('*')) {
    if (PHONE.test(rawPhone)) phone = rawPhone;
    else r.bad('phone', 'invalid_format');
  }
  const employer = r.optionalText('employer', 200);
  const position = r.optionalText('position', 50);
  const occupation = r.choice('occupation', OCCUPATION);
  const flags: Partial<Record<FlagField, boolean>> = {};
  for (const f of FLAG_FIELDS) {
    const yes = r.choice(f, FLAG);
    if (yes !== undefined) flags[f] = yes === '是';
  }

  let org: OrgEntry | null = null;
  const orgText = r.required('org');
  if (orgText !== null) {
    const found = s.orgs.resolve(orgText, ORG_CODES);
    if ('code' in found) r.bad('org', found.code, found.params);
    else org = found;
  }
  const stage = r.required('stage') === null ? undefined : (r.choice('stage', STAGE) as MemberStage | undefined);

  const dates: Partial<Record<DateField, string>> = {};
  for (const f of DATE_FIELDS) {
    const d = r.date(f, s.prep.today);
    if (d !== undefined) dates[f] = d;
  }

  if (!r.ok || !name || !id || !org || !stage) {
    return id || employer ? { row: row.row, ok: false, v: { name, id, ...(employer !== undefined && { employer }) } } : null;
  }
  const v: RowValues = { name, id, stage, flags, dates };
  if (gender !== undefined) v.gender = gender;
  if (ethnicity !== undefined) v.ethnicity = ethnicity;
  if (education !== undefined) v.education = education;
  if (phone !== undefined) v.phone = phone;
  if (employer !== undefined) v.employer = employer;
  if (position !== undefined) v.position = position;
  if (occupation !== undefined) v.occupation = occupation;
  return { row: row.row, ok: true, v, org };
}

// ---------------------------------------------------------------------------
// Comparing with the database

/** A registered person's member record, as the registry reads it. */
type Registered = MemberRow;

const FLAG_COLUMNS = {
  keyPost: 'is_key_post',
  technicalBackbone: 'is_technical_backbone',
  middleManagement: 'is_middle_management',
  decisionLevel: 'is_decision_level',
} as const satisfies Record<FlagField, keyof MemberRow>;

const PERSON_COLUMN = {
  name: 'name',
  gender: 'gender',
  ethnicity: 'ethnicity',
  education: 'education',
  phone: 'phone',
} as const satisfies Partial<Record<keyof RowValues, keyof MemberRow>>;

interface Change {
  person: Record<string, unknown>;
  member: Record<string, unknown>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Never a full phone number in an audit record. */
const auditValue = (field: string, value: unknown) => (field === 'phone' && typeof value === 'string' ? maskPhone(value) : value);

/** What an update would change in a registered person's editable fields (null: nothing). */
function changesOf(v: RowValues, rec: Registered, employerId: number | undefined): Change | null {
  const ch: Change = { person: {}, member: {}, before: {}, after: {} };
  const note = (field: string, from: unknown, to: unknown) => {
    ch.before[field] = auditValue(field, from);
    ch.after[field] = auditValue(field, to);
  };
  for (const [field, column] of Object.entries(PERSON_COLUMN) as [keyof typeof PERSON_COLUMN, (typeof PERSON_COLUMN)[keyof typeof PERSON_COLUMN]][]) {
    const value = v[field];
    if (value === undefined || value === rec[column]) continue;
    ch.person[column] = value;
    note(field, rec[column], value);
  }
  if (employerId !== undefined && employerId !== rec.employer_unit_id) {
    ch.person.employer_unit_id = employerId;
    note('employerUnitId', rec.employer_unit_id, employerId);
  }
  // One fact, entered once: the position lives on the person; the member row keeps a copy (as the registry does).
  const position = rec.unit_position ?? rec.position;
  if (v.position !== undefined && v.position !== position) {
    ch.person.unit_position = v.position;
    ch.member.position = v.position;
    note('position', position, v.position);
  }
  if (v.occupation !== undefined && v.occupation !== rec.occupation) {
    ch.member.occupation = v.occupation;
    note('occupation', rec.occupation, v.occupation);
  }
  for (const f of FLAG_FIELDS) {
    const value = v.flags[f];
    if (value === undefined || (value ? 1 : 0) === rec[FLAG_COLUMNS[f]]) continue;
    ch.member[FLAG_COLUMNS[f]] = value ? 1 : 0;
    note(f, rec[FLAG_COLUMNS[f]] === 1, value);
  }
  return Object.keys(ch.after).length ? ch : null;
}

interface NewMember {
  c: Good;
  full: string;
  hash: string;
  birthDate: string;
  gender: Gender;
  employerId: number | undefined;
  /** A person the district knows without a member record (registered elsewhere, e.g. as a post holder). */
  personId: number | null;
}

interface Classified {
  creates: NewMember[];
  updates: { c: Good; rec: Registered; change: Change }[];
}

/** Whether the scope holds a member record: by its organization (secretaries) or the organization's territory. */
function memberVisible(scope: Scope, m: MemberRow): boolean {
  if (scope.territoryPath) return isWithin(m.territory_path, scope.territoryPath);
  return scope.partyOrgPath !== null && isWithin(m.org_path, scope.partyOrgPath);
}

const personVisible = (scope: Scope, p: { territory_path: string }) => scope.territoryPath !== null && isWithin(p.territory_path, scope.territoryPath);

/** Employers of a batch: by credit code when the cell is one, else by name; within the caller's scope only. */
async function resolveEmployers(db: Q, s: PassState, batch: Candidate[]) {
  const pending = new Map<string, { code?: string; name: string }>();
  for (const c of batch) {
    const t = c.v.employer;
    if (t === undefined || s.employers.has(norm(t)) || pending.has(norm(t))) continue;
    const code = normalizeCreditCode(t.normalize('NFKC'));
    pending.set(norm(t), creditCodeProblem(code) === null ? { code, name: t } : { name: t });
  }
  if (!pending.size) return;
  const keys = [...pending.values()];
  const units = await unitsByKey(db, s.ctx.actor.scope, {
    codes: keys.flatMap((k) => (k.code ? [k.code] : [])),
    names: keys.flatMap((k) => (k.code ? [] : [k.name])),
  });
  // Files repeat the same few employers: remember them, within bounds.
  if (s.employers.size > 50_000) s.employers.clear();
  for (const [key, k] of pending) {
    const matches = units.filter((u) => (k.code ? u.credit_code === k.code : u.name === k.name));
    const operating = matches.filter((u) => u.status === 'operating');
    s.employers.set(
      key,
      !matches.length
        ? { code: 'unit_not_found' }
        : operating.length > 1
          ? { code: 'import_employer_ambiguous', params: { name: k.name } }
          : operating.length === 1
            ? { id: operating[0]!.id }
            : { code: 'unit_closed' },
    );
  }
}

/** The person and member record each row names: by resident-ID hash, or (masked IDs) by name and masked ID among the members in scope. */
async function lookUp(db: Q, s: PassState, batch: Candidate[]) {
  const scope = s.ctx.actor.scope;
  const hashes = batch.flatMap((c) => (c.v.id && 'hash' in c.v.id ? [c.v.id.hash] : []));
  const byHash = new Map<string, { person: { id: number; territory_path: string }; members: MemberRow[] }>();
  const people = hashes.length ? await peopleByHash(db, scope.districtId, hashes) : [];
  for (const p of people) byHash.set(p.resident_id_hash!, { person: p, members: [] });
  const byPerson = new Map(people.map((p) => [p.id, byHash.get(p.resident_id_hash!)!]));
  for (const m of people.length ? await membersOf(db, people.map((p) => p.id)) : []) byPerson.get(m.person_id)!.members.push(m);
  const names = [...new Set(batch.flatMap((c) => (c.v.id && 'masked' in c.v.id && c.v.name ? [c.v.name] : [])))];
  const byMask = new Map<string, (MemberRow & { resident_id_hash: string | null })[]>();
  for (const r of names.length ? await membersByName(db, scope, names) : []) {
    if (r.resident_id_enc === null) continue;
    const key = `${r.name}\u0000${maskResidentId(s.ctx.vault.decrypt(r.resident_id_enc))}`;
    byMask.set(key, [...(byMask.get(key) ?? []), r]);
  }
  return { byHash, byMask };
}

/** Sorts a batch of good rows into registrations, updates and unchanged rows; reports what the database says against them. */
async function classify(db: Q, s: PassState, batch: Candidate[]): Promise<Classified> {
  const { pass, ctx, prep } = s;
  const scope = ctx.actor.scope;
  const { byHash, byMask } = await lookUp(db, s, batch);
  await resolveEmployers(db, s, batch);
  const out: Classified = { creates: [], updates: [] };
  for (const c of batch) {
    const bad = (field: RosterField, code: MessageCode, params?: Record<string, unknown>) => pass.problem(c.row, field, code, params);
    const before = pass.errorCount;
    let employerId: number | undefined;
    if (c.v.employer !== undefined) {
      const hit = s.employers.get(norm(c.v.employer))!;
      if ('code' in hit) bad('employer', hit.code, hit.params);
      else employerId = hit.id;
    }

    let rec: Registered | null = null;
    let personId: number | null = null;
    const id = c.v.id;
    if (id === null) {
      // A bad ID was reported with the row's cells.
    } else if ('masked' in id) {
      if (c.v.name === null) continue;
      const matches = byMask.get(`${c.v.name}\u0000${id.masked}`) ?? [];
      const open = matches.filter((m) => m.status !== 'closed');
      const pick = open.length ? open : matches;
      if (!pick.length) bad('residentId', 'import_masked_id_not_found');
      else if (pick.length > 1) bad('residentId', 'import_masked_id_ambiguous');
      else {
        const hit = pick[0]!;
        rec = hit;
        const first = hit.resident_id_hash ? (s.seen?.firstRow(hit.resident_id_hash, c.row) ?? null) : null;
        if (first !== null) bad('residentId', 'import_duplicate_resident_id', { row: first });
      }
    } else {
      const found = byHash.get(id.hash);
      const member = found ? (found.members.find((m) => m.status !== 'closed') ?? found.members.at(-1)) : undefined;
      // Known elsewhere (another street, another branch): reported like an unknown one, revealing nothing.
      if (found && member && !memberVisible(scope, member)) bad('residentId', 'import_member_not_found');
      else if (found && !member && !personVisible(scope, found.person)) bad('residentId', 'import_member_not_found');
      else if (member) rec = member;
      else if (found) personId = found.person.id;
    }
    if (!c.ok || pass.errorCount !== before) continue;
    const { v } = c;

    if (rec) {
      // A registered person: stage, organization and stage dates stay the registry's.
      if (c.org.id !== rec.party_org_id) bad('org', 'import_member_not_editable');
      if (v.stage !== rec.stage) bad('stage', 'import_member_not_editable');
      for (const f of DATE_FIELDS) if (v.dates[f] !== undefined && v.dates[f] !== rec[DATE_COLUMNS[f]]) bad(f, 'import_member_not_editable');
      const change = changesOf(v, rec, employerId);
      if (change && rec.status === 'closed') bad('residentId', 'member_closed', { reason: rec.closed_reason ?? '' });
      if (pass.errorCount !== before) continue;
      if (change) {
        pass.update++;
        out.updates.push({ c, rec, change });
      } else pass.unchanged++;
      continue;
    }

    // A masked ID always finds a registered person (or fails above): this row registers someone new.
    const full = id as Extract<ResidentId, { full: string }>;
    for (const p of stageDateProblems(v.stage, v.dates, full.birthDate, prep.development, prep.today)) bad(p.field, p.code, p.params);
    if (pass.errorCount !== before) continue;
    // The 17th character of the ID is odd for men, even for women (GB 11643).
    const gender = v.gender ?? (Number(full.full[16]) % 2 === 1 ? 'male' : 'female');
    pass.create++;
    out.creates.push({ c, full: full.full, hash: full.hash, birthDate: full.birthDate, gender, employerId, personId });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Writing

const flag = (v: boolean | undefined) => (v ? 1 : 0);

/** What the audit log keeps of a registration: never the full resident ID or phone. */
function auditCreate(n: NewMember) {
  const { v, org } = n.c;
  return {
    name: v.name,
    gender: n.gender,
    residentId: maskResidentId(n.full),
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    phone: v.phone ? maskPhone(v.phone) : null,
    employerUnitId: n.employerId ?? null,
    position: v.position ?? null,
    occupation: v.occupation ?? null,
    flags: v.flags,
    orgId: org.id,
    stage: v.stage,
    dates: v.dates,
    reusedPersonId: n.personId,
  };
}

async function writeBatch(trx: Q, s: PassState, { creates, updates }: Classified): Promise<void> {
  const { ctx, prep } = s;
  const now = ctx.clock.now().toISOString();
  const districtId = ctx.actor.scope.districtId;
  const audits: AuditEntry[] = [];

  // Bulk inserts (src/db/bulk.ts): an import writes up to millions of rows.
  const bulk = bulkInserter(ctx.db, trx);
  const personIds = new Map<string, number>();
  const fresh = creates.filter((n) => n.personId === null);
  if (fresh.length) {
    const ids = await bulk.insertReturningIds(
      'person',
      fresh.map(({ c: { v, org }, ...n }) => ({
        district_id: districtId,
        territory_id: org.territory_id,
        territory_path: org.territory_path,
        name: v.name,
        gender: n.gender,
        ethnicity: v.ethnicity ?? null,
        education: v.education ?? null,
        phone: v.phone ?? null,
        employer_unit_id: n.employerId ?? null,
        unit_position: v.position ?? null,
        in_unit_management: 0,
        full_member_since: v.stage === 'full' ? (v.dates.fullOn ?? null) : null,
        resident_id_enc: ctx.vault.encrypt(n.full),
        resident_id_hash: n.hash,
        birth_date: n.birthDate,
        created_at: now,
        updated_at: now,
      })),
    );
    fresh.forEach((n, i) => personIds.set(n.hash, ids[i]!));
  }
  for (const n of creates) {
    if (n.personId === null) continue;
    const { v } = n.c;
    personIds.set(n.hash, n.personId);
    const set = {
      name: v.name,
      gender: n.gender,
      ...(v.ethnicity !== undefined && { ethnicity: v.ethnicity }),
      ...(v.education !== undefined && { education: v.education }),
      ...(v.phone !== undefined && { phone: v.phone }),
      ...(n.employerId !== undefined && { employer_unit_id: n.employerId }),
      ...(v.position !== undefined && { unit_position: v.position }),
      ...(v.stage === 'full' && { full_member_since: v.dates.fullOn ?? null }),
      updated_at: now,
    };
    await trx.updateTable('person').set(set).where('id', '=', n.personId).execute();
  }
  if (creates.length) {
    const memberIds = await bulk.insertReturningIds(
      'member',
      creates.map(({ c: { v, org }, hash }) => ({
        district_id: districtId,
        person_id: personIds.get(hash)!,
        party_org_id: org.id,
        org_path: org.path,
        territory_path: org.territory_path,
        stage: v.stage,
        status: 'active',
        closed_on: null,
        closed_reason: null,
        occupation: v.occupation ?? null,
        position: v.position ?? null,
        is_key_post: flag(v.flags.keyPost),
        is_technical_backbone: flag(v.flags.technicalBackbone),
        is_middle_management: flag(v.flags.middleManagement),
        is_decision_level: flag(v.flags.decisionLevel),
        applied_on: v.dates.appliedOn ?? null,
        activist_on: v.dates.activistOn ?? null,
        candidate_on: v.dates.candidateOn ?? null,
        admitted_on: v.dates.admittedOn ?? null,
        full_on: v.stage === 'full' ? (v.dates.fullOn ?? null) : null,
        probation_until: v.stage === 'probationary' && v.dates.admittedOn ? probationUntil(v.dates.admittedOn, prep.members) : null,
        // Being registered is itself contact with the organization.
        last_contact_on: prep.today,
        created_at: now,
        updated_at: now,
      })),
    );
    creates.forEach((n, i) => {
      audits.push({
        action: 'member.import.create',
        entityType: 'member',
        entityId: memberIds[i] ?? null,
        scopePath: n.c.org.territory_path,
        after: auditCreate(n),
      });
    });
  }
  for (const { rec, change } of updates) {
    if (Object.keys(change.person).length) await trx.updateTable('person').set({ ...change.person, updated_at: now }).where('id', '=', rec.person_id).execute();
    if (Object.keys(change.member).length) await trx.updateTable('member').set({ ...change.member, updated_at: now }).where('id', '=', rec.id).execute();
    audits.push({
      action: 'member.import.update',
      entityType: 'member',
      entityId: rec.id,
      scopePath: rec.territory_path,
      before: change.before,
      after: change.after,
    });
  }
  for (const n of creates) s.joined.add(n.c.org.id);
  await recordAudits(trx, ctx, audits);
}

// ---------------------------------------------------------------------------
// The import

export const rosterImporter: Importer<RosterField, Prep, Candidate, Classified> = {
  jobKind: JOB_KIND,
  audit: { action: 'member.import', entityType: 'member_import' },
  sheet: ROSTER_SHEET,
  uniqueConflict: { field: 'residentId', code: 'resident_id_taken' },
  writes: ['person', 'member'],
  async prepare(ctx) {
    const dc = await districtContext(ctx);
    return { today: dc.today, development: developmentRulesFor(dc.settings), members: memberRulesFor(dc.settings) };
  },
  async handler(db, ctx, prep, pass, columns): Promise<RowHandler<Candidate, Classified>> {
    const s: PassState = {
      ctx,
      prep,
      pass,
      columns,
      orgs: new OrgIndex(await orgsInScope(db, ctx.actor.scope)),
      seen: pass.first ? new Fingerprints() : null,
      employers: new Map(),
      joined: new Set(),
      deferred: false,
    };
    return {
      read: (r) => readRow(r, s),
      classify: (batch) => classify(db, s, batch),
      write: async (classified) => {
        // Counts that every batch would rewrite (the district's, the streets') are added up once, at the end (decision 0012).
        if (!s.deferred) await deferMemberCounts(db);
        s.deferred = true;
        await writeBatch(db, s, classified);
      },
      finish: async () => {
        if (s.deferred) await foldMemberCounts(db);
        // The organizations that gained members are due for a new compliance evaluation: once, not once per batch.
        await invalidateLifeCompliance(db, [...s.joined]);
      },
    };
  },
};

/** The organizations a template lists: the active ones of the caller's scope, as the organization column names them. */
export async function templateOrgs(ctx: Ctx) {
  const index = new OrgIndex(await orgsInScope(ctx.db.kysely, ctx.actor.scope));
  return index.items.filter((o) => o.status === 'active').map((o) => ({ id: o.id, kind: o.kind, name: index.displayName(o), street: o.street ?? '' }));
}
