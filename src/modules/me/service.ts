import { sql } from 'kysely';
import { isPartyMember, lostContactSince } from '../../domain/members.js';
import { deadlines as pipelineDeadlines, nextSteps, STAGES, type Baseline, type StepRow } from '../../domain/pipeline.js';
import { developmentRulesFor, memberRulesFor } from '../../domain/rulesets.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { memberRows, toMemberDto, type MemberRow } from '../members/queries.js';
import { districtContext } from '../district/context.js';
import { memberContext } from '../members/service.js';
import { addReport, recordRows, reportsOf, toRecordDto } from '../mobile/service.js';
import { transfersOfMember } from '../transfers/service.js';

/**
 * The caller's own member record, through app_user.person_id: any role may
 * read their own record; 404 when the account has no person or no member.
 */
export async function myMember(ctx: Ctx): Promise<MemberRow> {
  const k = ctx.db.kysely;
  const user = await k.selectFrom('app_user').select('person_id').where('id', '=', ctx.actor.userId).executeTakeFirst();
  if (!user?.person_id) throw AppError.notFound();
  const m = await memberRows(k)
    .where('member.person_id', '=', user.person_id)
    .where('member.district_id', '=', ctx.actor.scope.districtId)
    .orderBy(sql`case member.status when 'active' then 0 when 'suspended' then 1 else 2 end`)
    .orderBy('member.id', 'desc')
    .executeTakeFirst();
  if (!m) throw AppError.notFound();
  return m;
}

async function openRecordOf(ctx: Ctx, memberId: number) {
  return recordRows(ctx.db.kysely).where('mobile_record.member_id', '=', memberId).where('mobile_record.returned_on', 'is', null).executeTakeFirst();
}

/** The registry's dates as the pipeline's starting point (members registered mid-way). */
function baselineOf(m: MemberRow): Baseline | null {
  if (!(STAGES as readonly string[]).includes(m.stage)) return null;
  return {
    stage: m.stage as Baseline['stage'],
    appliedOn: m.applied_on,
    activistOn: m.activist_on,
    candidateOn: m.candidate_on,
    admittedOn: m.admitted_on,
    probationUntil: m.probation_until,
    fullOn: m.full_on,
  };
}

/** My next development steps and deadlines, from the pipeline's rules (src/domain/pipeline.ts). */
async function myPipeline(ctx: Ctx, m: MemberRow, today: string, settings: Parameters<typeof developmentRulesFor>[0]) {
  const k = ctx.db.kysely;
  const [steps, calendarRows] = await Promise.all([
    k.selectFrom('development_step').select(['id', 'step', 'done_on', 'data_json', 'corrects_id']).where('member_id', '=', m.id).orderBy('id').execute(),
    k.selectFrom('calendar_day').select(['day', 'is_working']).where('district_id', '=', m.district_id).execute(),
  ]);
  const history: StepRow[] = steps.map((r) => ({ id: r.id, step: r.step, doneOn: r.done_on, data: JSON.parse(r.data_json) as Record<string, unknown>, correctsId: r.corrects_id }));
  const calendar = Object.fromEntries(calendarRows.map((r) => [r.day, r.is_working === 1]));
  const rules = developmentRulesFor(settings);
  const baseline = baselineOf(m);
  const facts = { today, birthDate: m.birth_date, personId: m.person_id, people: {}, calendar, baseline };
  return {
    // The numbered steps only: events (notices, extension, cancellation, withdrawal) are the organization's decisions, not the member's next step.
    next: nextSteps(history, facts, rules)
      .filter((n) => n.order !== null)
      .map((n) => ({ step: n.step, label: n.label, earliestOn: n.earliestOn })),
    due: pipelineDeadlines(history, today, rules, calendar, baseline),
  };
}

/** My stage, next steps, organization, deadlines, open transfer and whether I am away. */
export async function meMember(ctx: Ctx) {
  const m = await myMember(ctx);
  const dc = await districtContext(ctx);
  const { today } = dc;
  const rules = memberRulesFor(dc.settings);
  const k = ctx.db.kysely;
  const [secretary, transfers, record, pipeline] = await Promise.all([
    k
      .selectFrom('org_post')
      .innerJoin('person', 'person.id', 'org_post.person_id')
      .select('person.name')
      .where('org_post.party_org_id', '=', m.party_org_id)
      .where('org_post.post', 'in', ['secretary', 'organizer'])
      .where('org_post.ended_on', 'is', null)
      .executeTakeFirst(),
    transfersOfMember(ctx, m.id),
    openRecordOf(ctx, m.id),
    m.status === 'active' ? myPipeline(ctx, m, today, dc.settings) : Promise.resolve({ next: [], due: [] }),
  ]);
  const mobile = record ? toRecordDto(record, today, rules) : null;
  const deadlines: { kind: string; on: string; overdue: boolean; message: { 'zh-CN': string; en: string } | null }[] = pipeline.due.map((d) => ({
    kind: d.kind,
    on: d.dueOn,
    overdue: d.overdue,
    message: d.message,
  }));
  if (mobile?.nextReportDue) deadlines.push({ kind: 'next_report_due', on: mobile.nextReportDue, overdue: mobile.overdue, message: null });
  deadlines.sort((a, b) => a.on.localeCompare(b.on));
  return {
    member: toMemberDto(m, ctx.vault, today),
    organization: { id: m.party_org_id, name: m.org_name, kind: m.org_kind, secretaryName: secretary?.name ?? null },
    nextSteps: pipeline.next,
    deadlines,
    lostContactSince: m.status === 'closed' || !isPartyMember(m.stage) ? null : lostContactSince(m.last_contact_on ?? m.created_at.slice(0, 10), today, rules.lostContactMonths),
    openTransfer: transfers.items.find((t) => t.status === 'requested' || t.status === 'sent') ?? null,
    mobile: mobile ? { recordId: mobile.id, nextReportDue: mobile.nextReportDue, overdue: mobile.overdue } : null,
  };
}

export async function meTransfers(ctx: Ctx) {
  const m = await myMember(ctx);
  return transfersOfMember(ctx, m.id);
}

export async function meMobile(ctx: Ctx) {
  const m = await myMember(ctx);
  const record = await openRecordOf(ctx, m.id);
  if (!record) return { record: null };
  const { today, rules } = await memberContext(ctx);
  return { record: { ...toRecordDto(record, today, rules), reports: await reportsOf(ctx.db.kysely, record.id) } };
}

/** A report while away, by the member themself. */
export async function meReport(ctx: Ctx, input: { reportedOn?: string | undefined; location?: string | null | undefined; content: string }) {
  const m = await myMember(ctx);
  const record = await openRecordOf(ctx, m.id);
  if (!record) throw AppError.conflict([{ field: 'mobile', code: 'mobile_not_away' }]);
  return addReport(ctx, record, input);
}
