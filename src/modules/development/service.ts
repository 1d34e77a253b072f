/**
 * Member development: applications, steps, corrections, the member's page,
 * reminders and counts. Every step goes through the pure pipeline rules
 * (src/domain/pipeline.ts); a refused step answers 400/409 with the rules
 * that refused it and their sources, and writes nothing. The step log is
 * append-only; the member's stage and stage dates are recomputed from it in
 * the same transaction as the new row and its audit record.
 *
 * SQLite has one connection: inside a transaction only `trx` is used, and the
 * district's settings, calendar and people are read before it opens.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { residentIdBirthDate, residentIdProblem, maskResidentId } from '../../domain/ids.js';
import { subtreeRange } from '../../domain/paths.js';
import {
  canCorrect,
  canRecord,
  CORRECTION_KEY,
  deadlines,
  effectiveHistory,
  isRecordKind,
  nextSteps,
  pipelineState,
  replayHistory,
  stepDef,
  STEPS,
  withinDays,
  type Deadline,
  type PipelineFacts,
  type PipelineFinding,
  type PipelineState,
  type RecordKind,
  type StepRow,
} from '../../domain/pipeline.js';
import { DEVELOPMENT_RULE_SOURCES, developmentRulesFor, type DevelopmentRules } from '../../domain/rulesets.js';
import { SOURCES, type SourceName } from '../../domain/sources.js';
import type { WorkdayOverrides } from '../../domain/workdays.js';
import type { Database } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import type { Locale } from '../../server/i18n.js';
import type { MessageCode } from '../../server/messages.js';
import { inOrgScope, inTerritoryScope, withinPath, type Scope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { districtContext } from '../district/context.js';
import { invalidateLifeCompliance } from '../life/rollup.js';
import { findOrg } from '../orgs/queries.js';
import { findTerritory } from '../territory/queries.js';
import { baselineOf, findMember, loadCalendar, loadHistories, loadHistory, namedPeople, peopleFacts, registeredFullMembers, unitVisible, type MemberRow, type StoredStep } from './queries.js';

type Q = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------
// Refusals

/** A step the rules refuse: the error findings, each with its rule and sources. */
export class RefusedError extends AppError {
  constructor(
    status: 400 | 409,
    readonly findings: PipelineFinding[],
  ) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(
      status,
      'development_refused',
      errors.map((f) => ({ field: f.field, code: 'development_rule' as MessageCode, params: { zh: withSources(f, 'zh-CN'), en: withSources(f, 'en') } })),
      { count: errors.length },
    );
  }
}

function withSources(f: PipelineFinding, locale: Locale): string {
  if (!f.sources.length) return f.message[locale];
  const titles = f.sources.map((s) => SOURCES[s][locale]).join(locale === 'en' ? '; ' : '；');
  return locale === 'en' ? `${f.message.en} (${titles})` : `${f.message['zh-CN']}（${titles}）`;
}

/** The body of a refusal: the usual error body, each detail naming its rule, severity and sources. */
export function refusalBody(err: RefusedError, locale: Locale, topMessage: string) {
  return {
    error: {
      code: err.code,
      message: topMessage,
      details: err.findings
        .filter((f) => f.severity === 'error')
        .map((f) => ({
          field: f.field,
          code: f.ruleId,
          message: withSources(f, locale),
          ruleId: f.ruleId,
          severity: f.severity,
          sources: f.sources.map((s) => ({ name: s, title: SOURCES[s][locale] })),
        })),
    },
  };
}

/** Out of order or at the wrong time for the member (field `step`): 409; bad dates or data: 400. */
function refuse(findings: PipelineFinding[], rename: Record<string, string> = {}): RefusedError {
  const renamed = findings.map((f) => (rename[f.field] ? { ...f, field: rename[f.field]! } : f));
  const errors = renamed.filter((f) => f.severity === 'error');
  return new RefusedError(errors.some((f) => f.field === 'step') ? 409 : 400, renamed);
}

// ---------------------------------------------------------------------------
// Context

interface Setting {
  districtId: number;
  today: string;
  rules: DevelopmentRules;
  calendar: WorkdayOverrides;
}

/** Read before any transaction opens (SQLite: one connection). */
async function setting(ctx: Ctx): Promise<Setting> {
  const dc = await districtContext(ctx);
  return {
    districtId: ctx.actor.scope.districtId,
    today: dc.today,
    rules: developmentRulesFor(dc.settings),
    calendar: await loadCalendar(ctx.db.kysely, ctx.actor.scope.districtId),
  };
}

function factsFor(m: MemberRow, s: Setting, people: PipelineFacts['people'], registeredFull?: number): PipelineFacts {
  return {
    today: s.today,
    birthDate: m.birth_date,
    personId: m.person_id,
    people,
    calendar: s.calendar,
    baseline: baselineOf(m),
    ...(registeredFull !== undefined && { registeredFullMembers: registeredFull }),
  };
}

const VOTES: readonly string[] = ['branch_vote', 'conversion_vote'];

/** For a vote on `on`: the branch's registered full members, the floor of "entitled" (read before any transaction opens). */
function votersFloor(ctx: Ctx, m: MemberRow, step: string, on: string): Promise<number | undefined> {
  return VOTES.includes(step) ? registeredFullMembers(ctx.db.kysely, m, on) : Promise.resolve(undefined);
}

async function visibleMember(ctx: Ctx, id: number): Promise<MemberRow> {
  const m = await findMember(ctx.db.kysely, ctx.actor.scope, id);
  if (!m) throw AppError.notFound();
  return m;
}

/** The member row as the pipeline state has it: stage, stage dates, and closing on an outcome. */
async function writeState(trx: Q, m: MemberRow, state: PipelineState, now: string) {
  if (state.status === null) return;
  const outcome = state.status === 'withdrawn' || state.status === 'probation_cancelled';
  await trx
    .updateTable('member')
    .set({
      // On an outcome the stage stays the last one reached; the record is closed with the outcome as reason.
      stage: outcome ? (state.lastStage ?? m.stage) : state.status,
      applied_on: state.dates.appliedOn,
      activist_on: state.dates.activistOn,
      candidate_on: state.dates.candidateOn,
      admitted_on: state.dates.admittedOn,
      probation_until: state.dates.probationUntil,
      full_on: state.dates.fullOn,
      ...(outcome
        ? { status: 'closed', closed_on: state.closedOn, closed_reason: state.status }
        : m.status === 'closed' && (m.closed_reason === 'withdrawn' || m.closed_reason === 'probation_cancelled')
          ? { status: 'active', closed_on: null, closed_reason: null }
          : {}),
      updated_at: now,
    })
    .where('id', '=', m.id)
    .execute();
  // Becoming a full member (or leaving) moves the count that decides whether a branch has a committee.
  await invalidateLifeCompliance(trx, [m.party_org_id]);
}

// ---------------------------------------------------------------------------
// The member's development page

function rootIdOf(history: readonly StepRow[], id: number): number {
  const byId = new Map(history.map((r) => [r.id, r]));
  let r = byId.get(id);
  for (let guard = 0; r && r.correctsId !== null && guard < 1000; guard++) r = byId.get(r.correctsId);
  return r?.id ?? id;
}

function stripMeta(data: Record<string, unknown>) {
  const { [CORRECTION_KEY]: _m, ...rest } = data;
  return rest;
}

async function describe(db: Q, m: MemberRow, history: StoredStep[], s: Setting) {
  const people = await peopleFacts(db, s.districtId, namedPeople(history));
  const facts = factsFor(m, s, people);
  const state = pipelineState(history, s.rules, facts.baseline);
  const replay = new Map(replayHistory(history, facts, s.rules).map((r) => [r.entryId, r.findings]));
  const effective = new Map(effectiveHistory(history).map((e) => [e.id, e]));
  const corrections = new Map<number, StoredStep[]>();
  for (const r of history) if (r.correctsId !== null) corrections.set(rootIdOf(history, r.id), [...(corrections.get(rootIdOf(history, r.id)) ?? []), r]);
  const items = history
    .filter((r) => r.correctsId === null && isRecordKind(r.step))
    .map((r) => {
      const d = stepDef(r.step as RecordKind);
      const e = effective.get(r.id);
      const cs = corrections.get(r.id) ?? [];
      const latest = cs[cs.length - 1];
      return {
        id: r.id,
        step: r.step as RecordKind,
        label: d.label,
        order: d.order,
        phase: d.phase,
        doneOn: e?.doneOn ?? latest?.doneOn ?? r.doneOn,
        data: e?.data ?? stripMeta(latest?.data ?? r.data),
        voided: !e,
        original: cs.length ? { doneOn: r.doneOn, data: r.data } : null,
        corrections: cs.map((c) => {
          const meta = (c.data[CORRECTION_KEY] ?? {}) as { reason?: string; void?: boolean };
          return { id: c.id, doneOn: c.doneOn, data: stripMeta(c.data), reason: meta.reason ?? null, void: meta.void === true, recordedAt: c.recordedAt, recordedBy: c.recordedBy };
        }),
        recordedAt: r.recordedAt,
        recordedBy: r.recordedBy,
        findings: replay.get(r.id) ?? [],
      };
    })
    .sort((a, b) => (a.doneOn < b.doneOn ? -1 : a.doneOn > b.doneOn ? 1 : a.id - b.id));
  const due = deadlines(history, s.today, s.rules, s.calendar, facts.baseline);
  const findings: PipelineFinding[] = [
    ...items.flatMap((i) =>
      i.findings.map((f) => ({ ...f, field: 'step', message: { 'zh-CN': `${i.label['zh-CN']}（${i.doneOn}）：${f.message['zh-CN']}`, en: `${i.label.en} (${i.doneOn}): ${f.message.en}` } })),
    ),
    ...due.filter((d) => d.overdue).map((d) => ({ ruleId: `dev.deadline.${d.kind}`, severity: d.severity, message: d.message, sources: d.sources, field: 'step' })),
  ];
  return {
    memberId: m.id,
    personId: m.person_id,
    name: m.person_name,
    orgId: m.party_org_id,
    orgName: m.org_name,
    status: state.status,
    memberStatus: m.status,
    stageDates: state.dates,
    admissionVoteOn: state.admissionVoteOn,
    probationEndsOn: state.probationEndsOn,
    extensionMonths: state.extensionMonths,
    fromRegistry: facts.baseline !== null && !history.some((r) => r.step === 'application'),
    history: items,
    nextSteps: nextSteps(history, facts, s.rules),
    deadlines: due,
    findings,
    people: Object.entries(people).map(([id, p]) => ({ id: Number(id), name: p.name })),
    rules: { version: s.rules.version },
  };
}

export async function getDevelopment(ctx: Ctx, memberId: number) {
  const m = await visibleMember(ctx, memberId);
  const s = await setting(ctx);
  return describe(ctx.db.kysely, m, await loadHistory(ctx.db.kysely, m.id), s);
}

// ---------------------------------------------------------------------------
// Application: the person, the member record and the first step

export interface ApplicationInput {
  orgId: number;
  name: string;
  gender: 'male' | 'female';
  residentId: string;
  phone?: string | null | undefined;
  employerUnitId?: number | null | undefined;
  appliedOn: string;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

const ID_PROBLEM_CODES = { length: 'resident_id_length', character: 'resident_id_character', birthDate: 'resident_id_birth_date', check: 'resident_id_check' } as const;

/**
 * Records an application to an organization in scope: the person (reused when
 * the district already knows the resident ID), the member record at stage
 * applicant, and the first step — all refused together if the applicant is
 * under age.
 */
export async function submitApplication(ctx: Ctx, input: ApplicationInput) {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  const org = await findOrg(k, scope, input.orgId);
  if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
  const problems = new Problems();
  if (org.status !== 'active') problems.add('orgId', 'org_closed');
  const residentId = input.residentId.trim().toUpperCase();
  const idProblem = residentIdProblem(residentId);
  if (idProblem) problems.add('residentId', ID_PROBLEM_CODES[idProblem]);
  if (input.employerUnitId && !(await unitVisible(k, scope, input.employerUnitId))) problems.add('employerUnitId', 'unit_not_found');
  problems.throwIfAny();

  const s = await setting(ctx);
  const hash = ctx.vault.hash(residentId);
  const person = await k.selectFrom('person').select(['id', 'name']).where('district_id', '=', s.districtId).where('resident_id_hash', '=', hash).executeTakeFirst();
  if (person) {
    const open = await k.selectFrom('member').select('id').where('person_id', '=', person.id).where('status', '!=', 'closed').executeTakeFirst();
    if (open) throw AppError.conflict([{ field: 'residentId', code: 'development_already_recorded' }]);
  }
  const birthDate = residentIdBirthDate(residentId);
  const facts: PipelineFacts = { today: s.today, birthDate, personId: person?.id ?? null, people: {}, calendar: s.calendar, baseline: null };
  const verdict = canRecord([], { step: 'application', doneOn: input.appliedOn, data: {} }, facts, s.rules);
  if (!verdict.ok) throw refuse(verdict.findings, { birthDate: 'residentId', doneOn: 'appliedOn', step: 'appliedOn' });

  const now = ctx.clock.now().toISOString();
  const memberId = await k
    .transaction()
    .execute(async (trx) => {
      let personId = person?.id;
      if (personId === undefined) {
        const row = await trx
          .insertInto('person')
          .values({
            district_id: s.districtId,
            territory_id: org.territory_id,
            territory_path: org.territory_path,
            name: input.name.trim(),
            gender: input.gender,
            phone: input.phone ?? null,
            employer_unit_id: input.employerUnitId ?? null,
            in_unit_management: 0,
            full_member_since: null,
            resident_id_enc: ctx.vault.encrypt(residentId),
            resident_id_hash: hash,
            birth_date: birthDate,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        personId = row.id;
      }
      const { id } = await trx
        .insertInto('member')
        .values({
          district_id: s.districtId,
          person_id: personId,
          party_org_id: org.id,
          org_path: org.path,
          territory_path: org.territory_path,
          stage: 'applicant',
          applied_on: input.appliedOn,
          activist_on: null,
          candidate_on: null,
          admitted_on: null,
          full_on: null,
          probation_until: null,
          last_contact_on: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const step = await trx
        .insertInto('development_step')
        .values({ district_id: s.districtId, member_id: id, step: 'application', done_on: input.appliedOn, data_json: '{}', corrects_id: null, recorded_by: ctx.actor.userId || null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'development.application',
        entityType: 'member',
        entityId: id,
        scopePath: org.territory_path,
        // Never the full resident ID in the log.
        after: { personId, reusedPerson: person !== undefined, name: input.name.trim(), orgId: org.id, appliedOn: input.appliedOn, residentId: maskResidentId(residentId), stepId: step.id, warnings: verdict.findings.map((f) => f.ruleId) },
      });
      return id;
    })
    .catch((err: unknown) => {
      // The same resident ID registered meanwhile (the unique index on person): a conflict, not a crash.
      if (isUniqueViolation(err)) throw AppError.conflict([{ field: 'residentId', code: 'development_already_recorded' }]);
      throw err;
    });
  const m = (await findMember(k, scope, memberId))!;
  return { ...(await describe(k, m, await loadHistory(k, memberId), s)), warnings: verdict.findings };
}

// ---------------------------------------------------------------------------
// Steps and corrections

export interface StepInput {
  step: RecordKind;
  doneOn: string;
  data?: Record<string, unknown> | undefined;
}

export async function recordStep(ctx: Ctx, memberId: number, input: StepInput) {
  const m = await visibleMember(ctx, memberId);
  const s = await setting(ctx);
  const data = input.data ?? {};
  const people = await peopleFacts(ctx.db.kysely, s.districtId, namedPeople([{ data }]));
  const floor = await votersFloor(ctx, m, input.step, input.doneOn);
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // Take the member row first: concurrent steps for one member queue here (PostgreSQL row lock).
    await trx.updateTable('member').set({ updated_at: now }).where('id', '=', m.id).execute();
    const history = await loadHistory(trx, m.id);
    const facts = factsFor(m, s, people, floor);
    const verdict = canRecord(history, { step: input.step, doneOn: input.doneOn, data }, facts, s.rules);
    if (!verdict.ok) throw refuse(verdict.findings);
    const { id } = await trx
      .insertInto('development_step')
      .values({ district_id: m.district_id, member_id: m.id, step: input.step, done_on: input.doneOn, data_json: JSON.stringify(data), corrects_id: null, recorded_by: ctx.actor.userId || null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after: StoredStep[] = [...history, { id, step: input.step, doneOn: input.doneOn, data, correctsId: null, recordedAt: now, recordedBy: ctx.actor.displayName }];
    const state = pipelineState(after, s.rules, facts.baseline);
    await writeState(trx, m, state, now);
    await recordAudit(trx, ctx, {
      action: 'development.step',
      entityType: 'member',
      entityId: m.id,
      scopePath: m.territory_path,
      before: { stage: m.stage },
      after: { stepId: id, step: input.step, doneOn: input.doneOn, data, status: state.status, warnings: verdict.findings.map((f) => f.ruleId) },
    });
    const fresh = (await findMember(trx, ctx.actor.scope, m.id))!;
    return { ...(await describe(trx, fresh, after, s)), warnings: verdict.findings };
  });
}

export interface CorrectionInput {
  doneOn?: string | undefined;
  data?: Record<string, unknown> | undefined;
  void?: boolean | undefined;
  reason: string;
}

/** A correction is a new row naming the original (the log is append-only); refused if the corrected history breaks a rule it did not break before. */
export async function correctStep(ctx: Ctx, memberId: number, stepId: number, input: CorrectionInput) {
  const m = await visibleMember(ctx, memberId);
  const s = await setting(ctx);
  const before = await loadHistory(ctx.db.kysely, m.id);
  if (!before.some((r) => r.id === stepId)) throw new AppError(404, 'development_step_not_found', [{ field: 'stepId', code: 'development_step_not_found' }]);
  const people = await peopleFacts(ctx.db.kysely, s.districtId, [...namedPeople(before), ...namedPeople([{ data: input.data ?? {} }])]);
  const target = before.find((r) => r.id === stepId)!;
  const floor = input.void ? undefined : await votersFloor(ctx, m, target.step, input.doneOn ?? target.doneOn);
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('member').set({ updated_at: now }).where('id', '=', m.id).execute();
    const history = await loadHistory(trx, m.id);
    const rootId = rootIdOf(history, stepId);
    const root = history.find((r) => r.id === rootId)!;
    const chain = history.filter((r) => r.correctsId !== null && rootIdOf(history, r.id) === rootId);
    const current = chain[chain.length - 1] ?? root;
    const currentData = stripMeta(current.data);
    const doneOn = input.doneOn ?? current.doneOn;
    const data = input.data ?? currentData;
    const voided = input.void === true;
    const facts = factsFor(m, s, people, floor);
    const verdict = canCorrect(history, rootId, { doneOn, data, void: voided }, facts, s.rules);
    if (!verdict.ok) throw refuse(verdict.findings);
    const stored = { ...data, [CORRECTION_KEY]: { reason: input.reason.trim(), ...(voided && { void: true }) } };
    const { id } = await trx
      .insertInto('development_step')
      .values({ district_id: m.district_id, member_id: m.id, step: root.step, done_on: doneOn, data_json: JSON.stringify(stored), corrects_id: rootId, recorded_by: ctx.actor.userId || null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after: StoredStep[] = [...history, { id, step: root.step, doneOn, data: stored, correctsId: rootId, recordedAt: now, recordedBy: ctx.actor.displayName }];
    const state = pipelineState(after, s.rules, facts.baseline);
    await writeState(trx, m, state, now);
    await recordAudit(trx, ctx, {
      action: 'development.correct',
      entityType: 'member',
      entityId: m.id,
      scopePath: m.territory_path,
      before: { stepId: rootId, step: root.step, doneOn: current.doneOn, data: currentData, stage: m.stage },
      after: { correctionId: id, doneOn, data, void: voided, reason: input.reason.trim(), status: state.status },
    });
    const fresh = (await findMember(trx, ctx.actor.scope, m.id))!;
    return { ...(await describe(trx, fresh, after, s)), warnings: [] as PipelineFinding[] };
  });
}

// ---------------------------------------------------------------------------
// Reminders and counts across organizations

export interface ScopeFilter {
  orgId?: number | undefined;
  territoryId?: number | undefined;
}

interface ResolvedFilter {
  orgPath: string | null;
  territoryPath: string | null;
}

/** Filters resolve before anything streams: an out-of-scope organization or territory is a 404. */
export async function resolveFilter(ctx: Ctx, f: ScopeFilter): Promise<ResolvedFilter> {
  const out: ResolvedFilter = { orgPath: null, territoryPath: null };
  if (f.orgId !== undefined) {
    const o = await findOrg(ctx.db.kysely, ctx.actor.scope, f.orgId);
    if (!o) throw AppError.notFound();
    out.orgPath = o.path;
  }
  if (f.territoryId !== undefined) {
    const t = await findTerritory(ctx.db.kysely, ctx.actor.scope, f.territoryId);
    if (!t) throw AppError.notFound();
    out.territoryPath = t.path;
  }
  return out;
}

function membersIn(db: Q, scope: Scope, f: ResolvedFilter) {
  let q = db.selectFrom('member').where(inOrgScope(scope, 'member', 'org_path', 'territory_path')).where('member.status', '=', 'active');
  if (f.orgPath) {
    const { from, to } = subtreeRange(f.orgPath);
    q = q.where('member.org_path', '>=', from).where('member.org_path', '<', to);
  }
  if (f.territoryPath) {
    const { from, to } = subtreeRange(f.territoryPath);
    q = q.where('member.territory_path', '>=', from).where('member.territory_path', '<', to);
  }
  return q;
}

export interface ReminderRow extends Deadline {
  memberId: number;
  name: string;
  status: NonNullable<PipelineState['status']>;
  orgId: number;
  orgName: string;
}

/** The deadlines of members in development, due within `within` days or overdue, in batches (sorted within none). */
async function* reminderBatches(ctx: Ctx, f: ResolvedFilter, within: number, s: Setting, batch = 500): AsyncGenerator<ReminderRow[]> {
  const k = ctx.db.kysely;
  const horizon = withinDays(s.today, within);
  let after = 0;
  for (;;) {
    const rows = await membersIn(k, ctx.actor.scope, f)
      .innerJoin('person', 'person.id', 'member.person_id')
      .innerJoin('party_org', 'party_org.id', 'member.party_org_id')
      .selectAll('member')
      .select(['person.name as person_name', 'person.birth_date', 'party_org.name as org_name'])
      .where('member.stage', 'in', ['applicant', 'activist', 'candidate', 'probationary'])
      .where('member.id', '>', after)
      .orderBy('member.id')
      .limit(batch)
      .execute();
    if (!rows.length) return;
    const histories = await loadHistories(k, rows.map((r) => r.id));
    const out: ReminderRow[] = [];
    for (const m of rows) {
      const history = histories.get(m.id) ?? [];
      const baseline = baselineOf(m);
      const state = pipelineState(history, s.rules, baseline);
      if (!state.status) continue;
      for (const d of deadlines(history, s.today, s.rules, s.calendar, baseline)) {
        if (d.overdue || d.dueOn <= horizon) out.push({ ...d, memberId: m.id, name: m.person_name, status: state.status, orgId: m.party_org_id, orgName: m.org_name });
      }
    }
    yield out;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

const byDue = (a: { dueOn: string; memberId: number }, b: { dueOn: string; memberId: number }) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.memberId - b.memberId);

export async function reminders(ctx: Ctx, q: ScopeFilter & { within?: number | undefined }) {
  const f = await resolveFilter(ctx, q);
  const s = await setting(ctx);
  const within = q.within ?? 30;
  const byOrg = new Map<number, { orgId: number; orgName: string; deadlines: ReminderRow[] }>();
  for await (const batch of reminderBatches(ctx, f, within, s)) {
    for (const r of batch) {
      const g = byOrg.get(r.orgId) ?? { orgId: r.orgId, orgName: r.orgName, deadlines: [] };
      g.deadlines.push(r);
      byOrg.set(r.orgId, g);
    }
  }
  const items = [...byOrg.values()].map((g) => ({ ...g, deadlines: g.deadlines.sort(byDue) }));
  items.sort((a, b) => byDue(a.deadlines[0]!, b.deadlines[0]!) || a.orgName.localeCompare(b.orgName));
  return {
    today: s.today,
    within,
    items: items.map((g) => ({ orgId: g.orgId, orgName: g.orgName, deadlines: g.deadlines.map(({ orgId: _o, orgName: _n, ...d }) => d) })),
    total: items.reduce((n, g) => n + g.deadlines.length, 0),
  };
}

/** For the export: filters resolved up front; then the rows, sorted by organization and date. */
export async function reminderExport(ctx: Ctx, q: ScopeFilter & { within?: number | undefined }) {
  const f = await resolveFilter(ctx, q);
  const s = await setting(ctx);
  const within = q.within ?? 30;
  async function* rows(): AsyncGenerator<ReminderRow> {
    const all: ReminderRow[] = [];
    for await (const batch of reminderBatches(ctx, f, within, s)) all.push(...batch);
    all.sort((a, b) => a.orgName.localeCompare(b.orgName) || a.orgId - b.orgId || byDue(a, b));
    yield* all;
  }
  return rows();
}

export async function pipelineCounts(ctx: Ctx, q: ScopeFilter) {
  const f = await resolveFilter(ctx, q);
  const scope = ctx.actor.scope;
  // Territory staff's pipeline from the members counted per territory node (migration 0009): a
  // district reads a few thousand rows instead of its 1.2M members. Organization filters count members.
  const rows =
    scope.territoryPath && !f.orgPath
      ? await ctx.db.kysely
          .selectFrom('member_count')
          .select(['stage', sql<number>`sum(n)`.as('n')])
          .where(inTerritoryScope(scope, 'member_count', 'territory_path'))
          .where(withinPath('territory_path', f.territoryPath ?? scope.territoryPath))
          .where('status', '=', 'active')
          .groupBy('stage')
          .execute()
      : await membersIn(ctx.db.kysely, scope, f)
          .select(['member.stage'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .groupBy('member.stage')
          .execute();
  const counts = { applicant: 0, activist: 0, candidate: 0, probationary: 0, full: 0 };
  for (const r of rows) if (r.stage in counts) counts[r.stage as keyof typeof counts] = Number(r.n);
  return { counts, inDevelopment: counts.applicant + counts.activist + counts.candidate + counts.probationary };
}

/** The steps as data, with the numbers in force for the district and their sources (for forms and help). */
export async function stepCatalog(ctx: Ctx) {
  const dc = await districtContext(ctx);
  const rules = developmentRulesFor(dc.settings);
  const sources: Record<string, { name: SourceName; title: { 'zh-CN': string; en: string } }> = {};
  for (const [key, name] of Object.entries(DEVELOPMENT_RULE_SOURCES)) sources[key] = { name, title: SOURCES[name] };
  return {
    rules: { ...rules },
    sources,
    steps: STEPS.map((d) => ({
      id: d.id,
      order: d.order,
      phase: d.phase,
      label: d.label,
      stages: [...d.stages],
      enters: d.enters,
      requires: [...d.requires],
      repeatable: d.repeatable,
      notice: d.notice,
      sources: [...d.sources],
      data: { ...d.data },
    })),
  };
}

// ---------------------------------------------------------------------------
// The district's working-day calendar

export async function listCalendarDays(ctx: Ctx, year: number | undefined) {
  const y = year ?? Number((await districtContext(ctx)).today.slice(0, 4));
  const rows = await ctx.db.kysely
    .selectFrom('calendar_day')
    .select(['day', 'is_working', 'note'])
    .where('district_id', '=', ctx.actor.scope.districtId)
    .where('day', '>=', `${y}-01-01`)
    .where('day', '<', `${y + 1}-01-01`)
    .orderBy('day')
    .execute();
  return { items: rows.map((r) => ({ day: r.day, isWorking: r.is_working === 1, note: r.note })), total: rows.length };
}

/** Sets (true/false) or removes (null) the district's override of one day; audited. */
export async function putCalendarDay(ctx: Ctx, input: { day: string; isWorking: boolean | null; note?: string | null | undefined }) {
  const districtId = ctx.actor.scope.districtId;
  const note = input.note?.trim() || null;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('calendar_day').selectAll().where('district_id', '=', districtId).where('day', '=', input.day).executeTakeFirst();
    const before = existing ? { day: existing.day, isWorking: existing.is_working === 1, note: existing.note } : null;
    if (input.isWorking === null) {
      if (existing) await trx.deleteFrom('calendar_day').where('id', '=', existing.id).execute();
    } else if (existing) {
      await trx.updateTable('calendar_day').set({ is_working: input.isWorking ? 1 : 0, note }).where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('calendar_day').values({ district_id: districtId, day: input.day, is_working: input.isWorking ? 1 : 0, note }).execute();
    }
    const after = { day: input.day, isWorking: input.isWorking, note: input.isWorking === null ? null : note };
    await recordAudit(trx, ctx, { action: input.isWorking === null ? 'calendar_day.clear' : 'calendar_day.set', entityType: 'calendar_day', entityId: input.day, scopePath: null, before, after });
    return after;
  });
}
