/**
 * Activity positions (阵地: service centers, service points, activity rooms)
 * with address, area, capacity, coordinates for the map and their checklist;
 * and their booking calendar, where two active bookings of one position never
 * overlap. The overlap check runs inside the transaction that writes the
 * booking, with the position's row locked in PostgreSQL (SQLite serializes
 * writers itself), so two secretaries booking the same hour cannot both win.
 */
import { addDays } from '../../domain/dates.js';
import { POSITION_CHECKLIST, startOfLocalDay, type PositionKind } from '../../domain/life.js';
import type { Dialect } from '../../db/connect.js';
import type { ActivityPosition } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { findOrg } from '../orgs/queries.js';
import { findTerritory } from '../territory/queries.js';
import { iso, lifeDistrict, localDateTime, orgInfo, positionScope, withinPath, type Q } from './common.js';

type ChecklistEntry = { item: string; done: boolean; note?: string | null | undefined };

function parseChecklist(json: string): { item: string; done: boolean; note: string | null }[] {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    stored = [];
  }
  const given = Array.isArray(stored) ? (stored as ChecklistEntry[]) : [];
  // Every item of the checklist, in its order; what was not recorded is not done.
  return POSITION_CHECKLIST.map((item) => {
    const e = given.find((g) => g && g.item === item);
    return { item, done: e?.done === true, note: e?.note ?? null };
  });
}

export async function describePositions(db: Q, rows: ActivityPosition[]) {
  const territories = new Map<number, string>();
  const tIds = [...new Set(rows.map((r) => r.territory_id))];
  if (tIds.length) for (const t of await db.selectFrom('territory').select(['id', 'name']).where('id', 'in', tIds).execute()) territories.set(t.id, t.name);
  const orgs = await orgInfo(db, rows.map((r) => r.party_org_id));
  return rows.map((r) => {
    const checklist = parseChecklist(r.checklist_json);
    return {
      id: r.id,
      kind: r.kind as PositionKind,
      name: r.name,
      address: r.address,
      territoryId: r.territory_id,
      territoryName: territories.get(r.territory_id) ?? '',
      orgId: r.party_org_id,
      orgName: r.party_org_id ? (orgs.get(r.party_org_id)?.name ?? null) : null,
      lng: r.lng === null ? null : Number(r.lng),
      lat: r.lat === null ? null : Number(r.lat),
      areaM2: r.area_m2 === null ? null : Number(r.area_m2),
      capacity: r.capacity,
      checklist,
      checklistDone: checklist.filter((c) => c.done).length,
      status: r.status,
      closedOn: r.closed_on,
      closedReason: r.closed_reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

/** A position the caller can see, or 404. */
export async function visiblePosition(ctx: Ctx, id: number, field?: string): Promise<ActivityPosition> {
  const k = ctx.db.kysely;
  const row = await k.selectFrom('activity_position').selectAll().where('id', '=', id).where(await positionScope(k, ctx.actor.scope)).executeTakeFirst();
  if (!row) throw new AppError(404, 'position_not_found', field ? [{ field, code: 'position_not_found' }] : []);
  return row;
}

export interface PositionFilters {
  territoryId?: number | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

export async function listPositions(ctx: Ctx, f: PositionFilters, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  let q = k.selectFrom('activity_position').where(await positionScope(k, ctx.actor.scope));
  if (f.territoryId !== undefined) {
    const t = await findTerritory(k, ctx.actor.scope, f.territoryId);
    if (!t) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
    q = q.where(withinPath('activity_position.territory_path', t.path));
  }
  if (f.kind) q = q.where('activity_position.kind', '=', f.kind);
  q = q.where('activity_position.status', '=', f.status ?? 'active');
  if (f.q) q = q.where(containsText('activity_position.name', f.q.trim()));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('activity_position.territory_path').orderBy('activity_position.name').orderBy('activity_position.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await describePositions(k, rows), total: Number(total.n) };
}

export async function getPosition(ctx: Ctx, id: number) {
  return (await describePositions(ctx.db.kysely, [await visiblePosition(ctx, id)]))[0]!;
}

export interface PositionInput {
  kind?: string | undefined;
  name?: string | undefined;
  address?: string | null | undefined;
  territoryId?: number | undefined;
  orgId?: number | null | undefined;
  lng?: number | null | undefined;
  lat?: number | null | undefined;
  areaM2?: number | null | undefined;
  capacity?: number | null | undefined;
  checklist?: ChecklistEntry[] | undefined;
}

function checklistJson(entries: ChecklistEntry[]): string {
  return JSON.stringify(POSITION_CHECKLIST.map((item) => entries.find((e) => e.item === item)).filter(Boolean).map((e) => ({ item: e!.item, done: e!.done, note: e!.note ?? null })));
}

/** Registers a position: in a territory of the caller's scope, or run by an organization of it (its territory then). */
export async function createPosition(ctx: Ctx, input: PositionInput & { kind: string; name: string }) {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  let org = null;
  if (input.orgId) {
    org = await findOrg(k, scope, input.orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
    if (org.status !== 'active') throw AppError.conflict([{ field: 'orgId', code: 'org_closed' }]);
  } else if (!scope.territoryPath) {
    throw AppError.validation([{ field: 'orgId', code: 'position_org_required' }]);
  }
  let territory;
  if (input.territoryId !== undefined) {
    territory = scope.territoryPath
      ? await findTerritory(k, scope, input.territoryId)
      : org && input.territoryId === org.territory_id
        ? await k.selectFrom('territory').selectAll().where('id', '=', org.territory_id).executeTakeFirst()
        : undefined;
    if (!territory) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
  } else if (org) {
    territory = await k.selectFrom('territory').selectAll().where('id', '=', org.territory_id).executeTakeFirstOrThrow();
  } else {
    throw AppError.validation([{ field: 'territoryId', code: 'required' }]);
  }
  if (territory.status !== 'active') throw AppError.conflict([{ field: 'territoryId', code: 'territory_closed' }]);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('activity_position')
      .values({
        district_id: scope.districtId,
        kind: input.kind,
        name: input.name.trim(),
        address: input.address?.trim() || null,
        territory_id: territory.id,
        territory_path: territory.path,
        party_org_id: org?.id ?? null,
        org_path: org?.path ?? null,
        lng: input.lng ?? null,
        lat: input.lat ?? null,
        area_m2: input.areaM2 ?? null,
        capacity: input.capacity ?? null,
        checklist_json: checklistJson(input.checklist ?? []),
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = (await describePositions(trx, [await trx.selectFrom('activity_position').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0]!;
    await recordAudit(trx, ctx, { action: 'activity_position.create', entityType: 'activity_position', entityId: id, scopePath: territory.path, after: dto });
    return dto;
  });
}

export async function updatePosition(ctx: Ctx, id: number, input: PositionInput) {
  const row = await visiblePosition(ctx, id);
  if (row.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'position_closed' }]);
  const k = ctx.db.kysely;
  const before = (await describePositions(k, [row]))[0]!;
  return k.transaction().execute(async (trx) => {
    await trx
      .updateTable('activity_position')
      .set({
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.address !== undefined && { address: input.address?.trim() || null }),
        ...(input.lng !== undefined && { lng: input.lng }),
        ...(input.lat !== undefined && { lat: input.lat }),
        ...(input.areaM2 !== undefined && { area_m2: input.areaM2 }),
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(input.checklist !== undefined && { checklist_json: checklistJson(input.checklist) }),
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await describePositions(trx, [await trx.selectFrom('activity_position').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0]!;
    await recordAudit(trx, ctx, { action: 'activity_position.update', entityType: 'activity_position', entityId: id, scopePath: row.territory_path, before, after });
    return after;
  });
}

/** Closes a position (never deleted); its future bookings stay visible but it takes no new ones. */
export async function closePosition(ctx: Ctx, id: number, reason: string, closedOn: string | undefined) {
  const row = await visiblePosition(ctx, id);
  if (row.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'already_closed' }]);
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
  return k.transaction().execute(async (trx) => {
    await trx
      .updateTable('activity_position')
      .set({ status: 'closed', closed_on: closedOn ?? d.today, closed_reason: reason.trim(), updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    const after = (await describePositions(trx, [await trx.selectFrom('activity_position').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0]!;
    await recordAudit(trx, ctx, { action: 'activity_position.close', entityType: 'activity_position', entityId: id, scopePath: row.territory_path, after });
    return after;
  });
}

// --- Bookings ----------------------------------------------------------------------------

type BookingRow = {
  id: number;
  position_id: number;
  position_name: string;
  party_org_id: number | null;
  org_name: string | null;
  meeting_id: number | null;
  starts_at: string;
  ends_at: string;
  purpose: string;
  status: string;
  created_at: string;
  cancelled_at: string | null;
};

const toBooking = (r: BookingRow) => ({
  id: r.id,
  positionId: r.position_id,
  positionName: r.position_name,
  orgId: r.party_org_id,
  orgName: r.org_name,
  meetingId: r.meeting_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  purpose: r.purpose,
  status: r.status as 'active' | 'cancelled',
  createdAt: r.created_at,
  cancelledAt: r.cancelled_at,
});

function bookingQuery(db: Q) {
  return db
    .selectFrom('position_booking')
    .innerJoin('activity_position', 'activity_position.id', 'position_booking.position_id')
    .leftJoin('party_org', 'party_org.id', 'position_booking.party_org_id')
    .select([
      'position_booking.id',
      'position_booking.position_id',
      'activity_position.name as position_name',
      'position_booking.party_org_id',
      'party_org.name as org_name',
      'position_booking.meeting_id',
      'position_booking.starts_at',
      'position_booking.ends_at',
      'position_booking.purpose',
      'position_booking.status',
      'position_booking.created_at',
      'position_booking.cancelled_at',
    ]);
}

/** The bookings of a position between two local dates (default: today and the next 60 days). */
export async function listBookings(ctx: Ctx, positionId: number, q: { from?: string | undefined; to?: string | undefined; includeCancelled?: boolean | undefined }) {
  const pos = await visiblePosition(ctx, positionId);
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, pos.district_id, ctx.clock);
  const from = startOfLocalDay(q.from ?? d.today, d.timeZone).toISOString();
  const to = startOfLocalDay(addDays(q.to ?? addDays(d.today, 60), 1), d.timeZone).toISOString();
  let query = bookingQuery(k).where('position_booking.position_id', '=', positionId).where('position_booking.ends_at', '>', from).where('position_booking.starts_at', '<', to);
  if (!q.includeCancelled) query = query.where('position_booking.status', '=', 'active');
  const rows = await query.orderBy('position_booking.starts_at').orderBy('position_booking.id').limit(2000).execute();
  return { items: rows.map(toBooking) };
}

/**
 * Refuses a time range that overlaps an active booking of the position
 * (half-open: one booking may end when the next starts). Call inside the
 * writing transaction; in PostgreSQL the position's row is locked first so
 * concurrent bookings of one position queue up behind each other.
 */
export async function assertPositionFree(
  trx: Q,
  dialect: Dialect,
  timeZone: string,
  positionId: number,
  startsAt: string,
  endsAt: string,
  field: string,
  exceptMeetingId: number | null = null,
): Promise<void> {
  if (dialect === 'postgres') await trx.selectFrom('activity_position').select('id').where('id', '=', positionId).forUpdate().execute();
  let q = trx
    .selectFrom('position_booking')
    .select(['starts_at', 'ends_at', 'purpose'])
    .where('position_id', '=', positionId)
    .where('status', '=', 'active')
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt);
  if (exceptMeetingId !== null) q = q.where((eb) => eb.or([eb('meeting_id', 'is', null), eb('meeting_id', '!=', exceptMeetingId)]));
  const clash = await q.orderBy('starts_at').executeTakeFirst();
  if (clash) {
    const params = { from: localDateTime(clash.starts_at, timeZone), to: localDateTime(clash.ends_at, timeZone), purpose: clash.purpose };
    throw new AppError(409, 'booking_overlap', [{ field, code: 'booking_overlap', params }], params);
  }
}

/** Checks a booking's time range: the end after the start. */
export function checkRange(problems: Problems, startsAt: string, endsAt: string, endField = 'endsAt') {
  if (new Date(endsAt).getTime() <= new Date(startsAt).getTime()) problems.add(endField, 'meeting_ends_before_start');
}

export async function createBooking(ctx: Ctx, positionId: number, input: { startsAt: string; endsAt: string; purpose: string; orgId?: number | null | undefined }) {
  const pos = await visiblePosition(ctx, positionId);
  if (pos.status !== 'active') throw AppError.conflict([{ field: 'positionId', code: 'position_closed' }]);
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  const orgId = input.orgId ?? (scope.territoryPath ? null : scope.partyOrgId);
  if (orgId) {
    const org = await findOrg(k, scope, orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
  }
  const problems = new Problems();
  const startsAt = iso(input.startsAt);
  const endsAt = iso(input.endsAt);
  checkRange(problems, startsAt, endsAt);
  problems.throwIfAny();
  const d = await lifeDistrict(k, pos.district_id, ctx.clock);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    await assertPositionFree(trx, ctx.db.dialect, d.timeZone, positionId, startsAt, endsAt, 'startsAt');
    const { id } = await trx
      .insertInto('position_booking')
      .values({
        district_id: pos.district_id,
        position_id: positionId,
        party_org_id: orgId ?? null,
        meeting_id: null,
        starts_at: startsAt,
        ends_at: endsAt,
        purpose: input.purpose.trim(),
        status: 'active',
        created_by: ctx.actor.userId || null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = toBooking(await bookingQuery(trx).where('position_booking.id', '=', id).executeTakeFirstOrThrow());
    await recordAudit(trx, ctx, { action: 'position_booking.create', entityType: 'position_booking', entityId: id, scopePath: pos.territory_path, after: dto });
    return dto;
  });
}

/**
 * Cancels a booking. Territory staff cancel any booking of a position they see;
 * an organization's people cancel their own organization's bookings. A
 * meeting's booking follows the meeting (change or cancel the meeting).
 */
export async function cancelBooking(ctx: Ctx, bookingId: number) {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  const row = await bookingQuery(k)
    .select(['party_org.path as org_path', 'activity_position.territory_path'])
    .where('position_booking.id', '=', bookingId)
    .where(await positionScope(k, scope))
    .executeTakeFirst();
  const ownOrg = scope.territoryPath !== null || (row?.org_path != null && scope.partyOrgPath !== null && row.org_path.startsWith(scope.partyOrgPath));
  if (!row || !ownOrg) throw new AppError(404, 'booking_not_found');
  if (row.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'booking_cancelled' }]);
  if (row.meeting_id !== null) throw AppError.conflict([{ field: 'meetingId', code: 'booking_of_meeting' }]);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    await trx.updateTable('position_booking').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', bookingId).execute();
    const dto = toBooking(await bookingQuery(trx).where('position_booking.id', '=', bookingId).executeTakeFirstOrThrow());
    await recordAudit(trx, ctx, { action: 'position_booking.cancel', entityType: 'position_booking', entityId: bookingId, scopePath: row.territory_path, after: dto });
    return dto;
  });
}

/** The meeting's booking: made, moved or released with the meeting (inside its transaction). */
export async function syncMeetingBooking(
  trx: Q,
  dialect: Dialect,
  timeZone: string,
  m: { id: number; district_id: number; party_org_id: number; activity_position_id: number | null; starts_at: string; ends_at: string; title: string; status: string },
  now: string,
  userId: number | null,
): Promise<void> {
  const current = await trx.selectFrom('position_booking').selectAll().where('meeting_id', '=', m.id).where('status', '=', 'active').executeTakeFirst();
  const wanted = m.status !== 'cancelled' && m.activity_position_id !== null;
  if (current && (!wanted || current.position_id !== m.activity_position_id || current.starts_at !== m.starts_at || current.ends_at !== m.ends_at)) {
    await trx.updateTable('position_booking').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', current.id).execute();
  } else if (current) {
    if (current.purpose !== m.title) await trx.updateTable('position_booking').set({ purpose: m.title }).where('id', '=', current.id).execute();
    return;
  }
  if (!wanted) return;
  await assertPositionFree(trx, dialect, timeZone, m.activity_position_id!, m.starts_at, m.ends_at, 'activityPositionId', m.id);
  await trx
    .insertInto('position_booking')
    .values({
      district_id: m.district_id,
      position_id: m.activity_position_id!,
      party_org_id: m.party_org_id,
      meeting_id: m.id,
      starts_at: m.starts_at,
      ends_at: m.ends_at,
      purpose: m.title,
      status: 'active',
      created_by: userId,
      created_at: now,
    })
    .execute();
}

