/**
 * The street's unit survey import (摸排): a spreadsheet of units, validated
 * row by row, then written all-or-nothing (src/modules/imports/engine.ts runs
 * the passes, the jobs and the answers; this file says what a row is).
 *
 * What stays in memory across a pass: the set of credit codes seen (for
 * duplicates within the file) and the territory index of the caller's scope.
 * Each created or updated unit gets its own audit record, the import one more.
 */
import { creditCodeProblem, normalizeCreditCode } from '../../domain/ids.js';
import { LABELS } from '../../domain/labels.js';
import { pathIds } from '../../domain/paths.js';
import { canHoldUnits, type TerritoryKind } from '../../domain/territory.js';
import { INDUSTRIES, OWNERSHIPS, UNIT_KINDS } from '../../domain/units.js';
import type { Unit, UnitUpdate } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import type { MessageCode } from '../../server/messages.js';
import { territoryContains } from '../../server/scope.js';
import { recordAudits } from '../audit/record.js';
import { Choices, RowCells } from '../imports/cells.js';
import { NameIndex, type LookupCodes, type Resolved } from '../imports/names.js';
import type { Importer, Pass, RowHandler } from '../imports/engine.js';
import type { Q } from '../imports/queries.js';
import { cellText, type Cell, type SheetRow } from '../imports/sheet.js';
import { SURVEY_SHEET, type ImportField } from './parse.js';
import { placesInScope, unitsByCreditCode, type Place } from './queries.js';

export { INLINE_MAX_ROWS, onJobProgress, type JobProgress } from '../imports/engine.js';

export const JOB_KIND = 'unit_import';

const COUNT_MAX = 10_000_000;
const LNG = { min: 73, max: 136 };
const LAT = { min: 3, max: 54 };

// ---------------------------------------------------------------------------
// Reading one row

type Vocab = 'unitKind' | 'ownership' | 'industry';
const VOCAB: Record<Vocab, Choices> = {
  unitKind: new Choices(UNIT_KINDS, LABELS.unitKind, {
    企业: 'enterprise',
    非公企业: 'enterprise',
    非公有制经济组织: 'enterprise',
    社会组织: 'social_org',
    新社会组织: 'social_org',
  }),
  ownership: new Choices(OWNERSHIPS, LABELS.ownership),
  industry: new Choices(INDUSTRIES, LABELS.industry),
};

function vocabValue(vocab: Vocab, text: string): string | null {
  const hit = VOCAB[vocab].get(text);
  if (hit) return hit;
  // "I 信息传输、软件和信息技术服务业", "C-制造业": the section letter leads.
  if (vocab === 'industry') {
    const m = /^([A-Sa-s])(?:[\s.、:：\-—]|$)/.exec(text.normalize('NFKC').trim());
    if (m) return m[1]!.toUpperCase();
  }
  return null;
}

/** Values of one row; undefined = not given (column absent or cell empty): a create uses the default, an update keeps the unit's value. */
export interface RowValues {
  name: string;
  creditCode: string;
  kind: string;
  ownership: string;
  industry: string;
  employeeCount: number;
  surveyedMemberCount?: number;
  address?: string;
  lng?: number;
  lat?: number;
  registeredOn?: string;
}

interface Candidate {
  row: number;
  values: RowValues;
  place: Place;
}

const CREDIT_PROBLEM_CODES = { length: 'credit_code_length', character: 'credit_code_character', check: 'credit_code_check' } as const;

type Num = { value: number } | { problem: MessageCode; params?: Record<string, unknown> };

function readCount(c: Cell): Num {
  let n: number;
  if (typeof c === 'number') n = c;
  else {
    const t = cellText(c).normalize('NFKC');
    if (/^-\d+(\.0+)?$/.test(t)) return { problem: 'too_small', params: { limit: 0 } };
    if (!/^\d{1,3}(,\d{3})+$|^\d+(\.0+)?$/.test(t)) return { problem: 'whole_number' };
    n = Number(t.replace(/,/g, ''));
  }
  if (!Number.isInteger(n)) return { problem: 'whole_number' };
  if (n < 0) return { problem: 'too_small', params: { limit: 0 } };
  if (n > COUNT_MAX) return { problem: 'too_large', params: { limit: COUNT_MAX } };
  return { value: n };
}

function readCoordinate(c: Cell, range: { min: number; max: number }): Num {
  const n = typeof c === 'number' ? c : Number(cellText(c).normalize('NFKC'));
  if (!Number.isFinite(n) || (typeof c !== 'number' && !/^[-+]?\d+(\.\d+)?$/.test(cellText(c).normalize('NFKC')))) {
    return { problem: 'not_a_number' };
  }
  if (n < range.min) return { problem: 'too_small', params: { limit: range.min } };
  if (n > range.max) return { problem: 'too_large', params: { limit: range.max } };
  return { value: n };
}

const PLACE_CODES: LookupCodes = { not_found: 'territory_not_found', ambiguous: 'import_territory_ambiguous', closed: 'territory_closed' };

/** The territory column: a name unique in the caller's scope, "street/area", or an id. */
export class PlaceIndex {
  private readonly index: NameIndex<Place>;

  constructor(readonly places: Place[]) {
    this.index = new NameIndex(places, (p, byId) => {
      const parent = p.parent_id === null ? undefined : byId.get(p.parent_id);
      return parent ? [parent.name] : [];
    });
  }

  static async load(db: Q, ctx: Ctx): Promise<PlaceIndex> {
    return new PlaceIndex(await placesInScope(db, ctx.actor.scope));
  }

  /** How a user writes this node in the territory column: its name when unique in the index, else "parent/name". */
  displayName(p: Place): string {
    return this.index.displayName(p);
  }

  streetOf(p: Place): Place | undefined {
    const id = pathIds(p.path)[1];
    return id === undefined ? undefined : this.index.get(id);
  }

  resolve(text: string): Resolved<Place> {
    // Outside the scope looks exactly like nonexistent: the index holds only the scope.
    const p = this.index.resolve(text, PLACE_CODES);
    if ('code' in p) return p;
    if (!canHoldUnits(p.kind as TerritoryKind)) return { code: 'territory_cannot_hold_units' };
    return p;
  }
}

/** Checks one row on its own (no database): every bad cell is reported. Returns the row's values if all are good. */
function readRow(
  row: SheetRow,
  columns: (ImportField | null)[],
  places: PlaceIndex,
  pass: Pass<ImportField>,
  seen: Map<string, number> | null,
  today: string,
): Candidate | null {
  const r = new RowCells(row, columns, pass);
  const bad = r.bad.bind(r);
  const name = r.requiredText('name', 2, 200);

  let creditCode: string | null = null;
  const rawCode = r.required('creditCode');
  if (rawCode !== null) {
    const code = normalizeCreditCode(rawCode.normalize('NFKC'));
    const problem = creditCodeProblem(code);
    if (problem) bad('creditCode', CREDIT_PROBLEM_CODES[problem]);
    else {
      creditCode = code;
      if (seen) {
        const first = seen.get(code);
        if (first !== undefined) bad('creditCode', 'import_duplicate_in_file', { row: first });
        else seen.set(code, row.row);
      }
    }
  }

  const vocab = (f: ImportField, v: Vocab): string | null => {
    const t = r.required(f);
    if (t === null) return null;
    const code = vocabValue(v, t);
    if (!code) bad(f, 'invalid_choice', { allowed: VOCAB[v].allowed });
    return code;
  };
  const kind = vocab('kind', 'unitKind');
  const ownership = vocab('ownership', 'ownership');
  const industry = vocab('industry', 'industry');

  const count = (f: ImportField, isRequired: boolean): number | undefined => {
    if (!r.given(f)) {
      if (isRequired) bad(f, 'required');
      return undefined;
    }
    const n = readCount(r.cell(f));
    if ('problem' in n) bad(f, n.problem, n.params);
    return 'value' in n ? n.value : undefined;
  };
  const employeeCount = count('employeeCount', true);
  const surveyedMemberCount = count('surveyedMemberCount', false);

  let place: Place | null = null;
  const territory = r.required('territory');
  if (territory !== null) {
    const found = places.resolve(territory);
    if ('code' in found) bad('territory', found.code, found.params);
    else place = found;
  }

  const address = r.optionalText('address', 300);

  const coordinate = (f: ImportField, range: { min: number; max: number }): number | undefined => {
    if (!r.given(f)) return undefined;
    const n = readCoordinate(r.cell(f), range);
    if ('problem' in n) bad(f, n.problem, n.params);
    return 'value' in n ? n.value : undefined;
  };
  const lng = coordinate('lng', LNG);
  const lat = coordinate('lat', LAT);

  const registeredOn = r.date('registeredOn', today);

  if (!r.ok || !name || !creditCode || !kind || !ownership || !industry || employeeCount === undefined || !place) {
    return null;
  }
  const values: RowValues = { name, creditCode, kind, ownership, industry, employeeCount };
  if (surveyedMemberCount !== undefined) values.surveyedMemberCount = surveyedMemberCount;
  if (address !== undefined) values.address = address;
  if (lng !== undefined) values.lng = lng;
  if (lat !== undefined) values.lat = lat;
  if (registeredOn !== undefined) values.registeredOn = registeredOn;
  return { row: row.row, values, place };
}
// ---------------------------------------------------------------------------
// Comparing with the database, and writing

const COLUMN_OF = {
  name: 'name',
  kind: 'kind',
  ownership: 'ownership',
  industry: 'industry',
  employeeCount: 'employee_count',
  surveyedMemberCount: 'surveyed_member_count',
  address: 'address',
  lng: 'lng',
  lat: 'lat',
  registeredOn: 'registered_on',
} as const satisfies Partial<Record<keyof RowValues, keyof Unit>>;

interface Change {
  set: UnitUpdate;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** What an update would change in an existing unit (null: nothing). */
function changesOf(unit: Unit, c: Candidate): Change | null {
  const set: UnitUpdate = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMN_OF) as [keyof typeof COLUMN_OF, (typeof COLUMN_OF)[keyof typeof COLUMN_OF]][]) {
    const value = c.values[field];
    if (value === undefined || value === unit[column]) continue;
    (set as Record<string, unknown>)[column] = value;
    before[field] = unit[column];
    after[field] = value;
  }
  if (unit.territory_id !== c.place.id) {
    set.territory_id = c.place.id;
    set.territory_path = c.place.path;
    before.territoryId = unit.territory_id;
    after.territoryId = c.place.id;
  }
  return Object.keys(set).length ? { set, before, after } : null;
}

interface Classified {
  creates: Candidate[];
  updates: { candidate: Candidate; unit: Unit; change: Change }[];
}

/** Sorts a batch of good rows into creates, updates and unchanged rows; reports existing units the caller may not touch. */
async function classify(db: Q, ctx: Ctx, batch: Candidate[], pass: Pass<ImportField>): Promise<Classified> {
  const units = await unitsByCreditCode(
    db,
    ctx.actor.scope.districtId,
    batch.map((c) => c.values.creditCode),
  );
  const byCode = new Map(units.map((u) => [u.credit_code, u]));
  const out: Classified = { creates: [], updates: [] };
  for (const c of batch) {
    const unit = byCode.get(c.values.creditCode);
    if (!unit) {
      pass.create++;
      out.creates.push(c);
    } else if (!territoryContains(ctx.actor.scope, unit.territory_path)) {
      // Another street's unit: reported like a missing one, revealing nothing about it.
      pass.problem(c.row, 'creditCode', 'import_unit_not_found');
    } else if (unit.status !== 'operating') {
      pass.problem(c.row, 'creditCode', 'import_unit_closed');
    } else {
      const change = changesOf(unit, c);
      if (change) {
        pass.update++;
        out.updates.push({ candidate: c, unit, change });
      } else pass.unchanged++;
    }
  }
  return out;
}

function auditValues(c: Candidate) {
  const v = c.values;
  return {
    territoryId: c.place.id,
    name: v.name,
    creditCode: v.creditCode,
    kind: v.kind,
    ownership: v.ownership,
    industry: v.industry,
    employeeCount: v.employeeCount,
    surveyedMemberCount: v.surveyedMemberCount ?? 0,
    address: v.address ?? null,
    lng: v.lng ?? null,
    lat: v.lat ?? null,
    registeredOn: v.registeredOn ?? null,
  };
}

async function writeBatch(trx: Q, ctx: Ctx, { creates, updates }: Classified): Promise<void> {
  const now = ctx.clock.now().toISOString();
  if (creates.length) {
    const inserted = await trx
      .insertInto('unit')
      .values(
        creates.map((c) => ({
          district_id: ctx.actor.scope.districtId,
          territory_id: c.place.id,
          territory_path: c.place.path,
          name: c.values.name,
          credit_code: c.values.creditCode,
          kind: c.values.kind,
          ownership: c.values.ownership,
          industry: c.values.industry,
          employee_count: c.values.employeeCount,
          surveyed_member_count: c.values.surveyedMemberCount ?? 0,
          address: c.values.address ?? null,
          lng: c.values.lng ?? null,
          lat: c.values.lat ?? null,
          registered_on: c.values.registeredOn ?? null,
          status: 'operating',
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'credit_code'])
      .execute();
    const ids = new Map(inserted.map((r) => [r.credit_code, r.id]));
    await recordAudits(
      trx,
      ctx,
      creates.map((c) => ({
        action: 'unit.import.create',
        entityType: 'unit',
        entityId: ids.get(c.values.creditCode) ?? null,
        scopePath: c.place.path,
        after: auditValues(c),
      })),
    );
  }
  for (const { unit, change } of updates) {
    await trx
      .updateTable('unit')
      .set({ ...change.set, updated_at: now })
      .where('id', '=', unit.id)
      .execute();
  }
  await recordAudits(
    trx,
    ctx,
    updates.map(({ candidate, unit, change }) => ({
      action: 'unit.import.update',
      entityType: 'unit',
      entityId: unit.id,
      scopePath: candidate.place.path,
      before: change.before,
      after: change.after,
    })),
  );
}

// ---------------------------------------------------------------------------
// The import

export const surveyImporter: Importer<ImportField, string, Candidate, Classified> = {
  jobKind: JOB_KIND,
  audit: { action: 'unit.import', entityType: 'unit_import' },
  sheet: SURVEY_SHEET,
  uniqueConflict: { field: 'creditCode', code: 'credit_code_taken' },
  writes: ['unit'],
  prepare: async (ctx) => ctx.clock.now().toISOString().slice(0, 10),
  async handler(db, ctx, today, pass, columns): Promise<RowHandler<Candidate, Classified>> {
    const places = await PlaceIndex.load(db, ctx);
    // Credit code → first row it appeared on; the second pass knows there are no repeats.
    const seen = pass.first ? new Map<string, number>() : null;
    return {
      read: (r) => readRow(r, columns, places, pass, seen, today),
      classify: (batch) => classify(db, ctx, batch, pass),
      write: (classified) => writeBatch(db, ctx, classified),
    };
  },
};

/** The territories a template lists: those of the caller's scope that may hold units, as the territory column names them. */
export async function templatePlaces(ctx: Ctx) {
  const index = await PlaceIndex.load(ctx.db.kysely, ctx);
  return index.places
    .filter((p) => p.status === 'active' && canHoldUnits(p.kind as TerritoryKind))
    .map((p) => ({ id: p.id, kind: p.kind, name: index.displayName(p), street: index.streetOf(p)?.name ?? '' }));
}

