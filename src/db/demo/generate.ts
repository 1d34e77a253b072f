/**
 * The demo district generator: a whole district (territory tree, units,
 * party organizations with their people, liaisons and checklists, accounts)
 * from a seed. The same seed gives the same rows, ids included,
 * on SQLite and PostgreSQL; only created_at/updated_at come from the clock.
 *
 * Streaming: the territory tree (thousands of nodes at most) is planned in
 * memory; units are produced one at a time by a generator and written in
 * multi-row batches, so a city-sized preset keeps no per-unit state (names
 * and credit codes are unique by construction, see names.ts and orgCode()).
 *
 * Each phase draws from its own random stream (`rng.derive(phase)`), so that
 * extending one phase, or adding a new one, leaves the data of the others as
 * it was. Phases: 'territory', 'units', 'users' (account names), 'orgs'
 * (organizations, people, liaisons, checklists: orgs.ts), 'members' (the
 * registry, development, transfers, mobile and lost-contact members:
 * members.ts); new ones (meetings...) each take a label of their own.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { localDate } from '../../domain/dates.js';
import { creditCodeCheckChar } from '../../domain/ids.js';
import { childPath } from '../../domain/paths.js';
import type { TerritoryKind } from '../../domain/territory.js';
import type { Industry, Ownership, UnitKind } from '../../domain/units.js';
import { hashPassword } from '../../modules/auth/passwords.js';
import { rebuildKeptCounts } from '../counts.js';
import { refreshLifeCompliance } from '../../modules/life/rollup.js';
import type { Vault } from '../../server/crypto.js';
import { bulkInserter, foreignKeyChecksOff, type BulkInserter } from '../bulk.js';
import type { Db } from '../connect.js';
import { refreshPlannerStatistics } from '../sql.js';
import type { AppUserTable, Database, DistrictTable, TerritoryTable, UnitTable } from '../schema.js';
import { DAY_MS, DISTRICT_ID, DISTRICT_TIME_ZONE, FIRST_DAY, isoDay, LAST_DAY, pad } from './common.js';
import * as N from './names.js';
import { MEMBER_TABLES, seedMembers } from './members.js';
import { ORG_TABLES, seedOrgs } from './orgs.js';
import { LIFE_TABLES, seedLife, type LifeScope } from './life.js';
import { Permutation, Random, WeightedTable } from './random.js';

// ---------------------------------------------------------------- options

export type Preset = 'demo' | 'city' | 'tiny-city';

export interface PresetShape {
  streets: number;
  townships: number;
  /** Areas (buildings, markets, parks, communities) per street, inclusive range. */
  areasPerStreet: readonly [number, number];
  villagesPerTownship: readonly [number, number];
  units: number;
  /** Organizational life: every required kind (demo), or theme days and branch assemblies only (city scale). */
  life: LifeScope;
}

export const PRESETS: Record<Preset, PresetShape> = {
  demo: { streets: 6, townships: 1, areasPerStreet: [6, 12], villagesPerTownship: [5, 8], units: 3000, life: 'full' },
  /** A city district: 12 streets of ~400 areas, 500k units (issue 6). */
  city: { streets: 12, townships: 0, areasPerStreet: [380, 420], villagesPerTownship: [0, 0], units: 500_000, life: 'required' },
  /** The city's code path at a few thousand rows (tests). */
  'tiny-city': { streets: 2, townships: 0, areasPerStreet: [8, 10], villagesPerTownship: [0, 0], units: 1500, life: 'required' },
};

export interface SeedOptions {
  preset: Preset;
  seed: number;
  password: string;
  clock: Clock;
  /** The installation's vault: resident IDs are encrypted and hashed exactly as the app does (src/server/crypto.ts). */
  vault: Vault;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface SeedAccount {
  username: string;
  role: string;
  /** Name of the territory (admins, instructors) or party organization (secretaries, members) the account is scoped to. */
  scope: string;
}

export interface SeedResult {
  districtId: number;
  accounts: SeedAccount[];
  counts: Record<string, number>;
}

// ---------------------------------------------------------------- constants

/** From this date on, new registrations get organization codes of the "MA..." kind. */
const NEW_CODE_DAY = Date.UTC(2015, 9, 1) / DAY_MS;

type AreaKind = 'building' | 'market' | 'park' | 'community' | 'village';
type HolderKind = AreaKind | 'street' | 'township';

// ---------------------------------------------------------------- territory plan

export interface TerritoryNode {
  id: number;
  parent: TerritoryNode | null;
  kind: TerritoryKind;
  name: string;
  code: string | null;
  address: string | null;
  lng: number;
  lat: number;
  path: string;
  depth: number;
  /** Streets and townships: the roads that run through them. */
  roads: string[];
}

export interface TerritoryPlan {
  root: TerritoryNode;
  /** Streets then townships, in id order. */
  streets: TerritoryNode[];
  areas: TerritoryNode[];
  all: TerritoryNode[];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A point `meters` away from (lng, lat) in direction `angle` (radians). */
function offset(lng: number, lat: number, meters: number, angle: number): { lng: number; lat: number } {
  const dLat = (meters * Math.sin(angle)) / 111_320;
  const dLng = (meters * Math.cos(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180));
  return { lng: round6(lng + dLng), lat: round6(lat + dLat) };
}

function scatter(rng: Random, lng: number, lat: number, minM: number, maxM: number) {
  // sqrt: uniform over the disc rather than bunched at the center.
  const r = minM + (maxM - minM) * Math.sqrt(rng.next());
  return offset(lng, lat, r, rng.float(0, 2 * Math.PI));
}

/** `make()` until the name is new; a numbered suffix if the lists run dry. */
function uniqueName(taken: Set<string>, make: () => string): string {
  for (let i = 0; i < 40; i++) {
    const name = make();
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const base = make();
  for (let n = 2; ; n++) {
    const name = `${base}（${N.chineseNumber(n)}）`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Short place word of a street: 望湖街道 -> 望湖, 滨江路街道 -> 滨江. */
function streetWord(name: string): string {
  return name.replace(/(路)?(街道|镇)$/, '');
}

/** The territory tree of a preset, ids and paths assigned (exported for tests and benchmarks). */
export function planTerritory(rng: Random, shape: PresetShape): TerritoryPlan {
  let nextId = 1;
  const taken = new Set<string>();
  const center = N.DISTRICT_CENTER;
  const root: TerritoryNode = {
    id: nextId++,
    parent: null,
    kind: 'district',
    name: N.DISTRICT_NAME,
    code: N.DISTRICT_DIVISION_CODE,
    address: null,
    lng: center.lng,
    lat: center.lat,
    path: childPath(null, 1),
    depth: 0,
    roads: [],
  };
  taken.add(root.name);

  const roads = rng.shuffle(N.ROAD_NAMES);
  const streetNames = rng.shuffle(N.STREET_NAMES);
  const townshipNames = rng.shuffle(N.TOWNSHIP_NAMES);
  const streets: TerritoryNode[] = [];
  const level1 = shape.streets + shape.townships;
  for (let i = 0; i < level1; i++) {
    const isTownship = i >= shape.streets;
    const id = nextId++;
    const name = isTownship
      ? uniqueName(taken, () => townshipNames[(i - shape.streets) % townshipNames.length]!)
      : uniqueName(taken, () => streetNames[i % streetNames.length]!);
    // Streets ring the center 1–3.5 km out; townships lie beyond, 6–9 km.
    const angle = ((2 * Math.PI) / Math.max(1, isTownship ? shape.townships : shape.streets)) * i + rng.float(-0.3, 0.3);
    const at = isTownship
      ? offset(center.lng, center.lat, rng.float(6000, 9000), angle + 0.5)
      : offset(center.lng, center.lat, rng.float(1000, 3500), angle);
    const streetRoads = Array.from({ length: 4 }, (_, j) => roads[(i * 4 + j) % roads.length]!);
    const code = isTownship
      ? `${N.DISTRICT_DIVISION_CODE}${pad(100 + i - shape.streets + 1, 3)}`
      : `${N.DISTRICT_DIVISION_CODE}${pad(i + 1, 3)}`;
    streets.push({
      id,
      parent: root,
      kind: isTownship ? 'township' : 'street',
      name,
      code,
      address: `${streetRoads[0]}${rng.int(1, 300)}号`,
      ...at,
      path: childPath(root.path, id),
      depth: 1,
      roads: streetRoads,
    });
  }

  const areas: TerritoryNode[] = [];
  const areaKinds = [
    ['building', 35],
    ['community', 28],
    ['market', 15],
    ['park', 22],
  ] as const;
  for (const street of streets) {
    const isTownship = street.kind === 'township';
    const count = isTownship
      ? rng.int(shape.villagesPerTownship[0], shape.villagesPerTownship[1])
      : rng.int(shape.areasPerStreet[0], shape.areasPerStreet[1]);
    let communities = 0;
    let villages = 0;
    for (let j = 0; j < count; j++) {
      // Every street shows at least one building and one community.
      const kind: AreaKind = isTownship
        ? 'village'
        : j === 0
          ? 'building'
          : j === 1
            ? 'community'
            : rng.weighted(areaKinds);
      const id = nextId++;
      const name = uniqueName(taken, () => areaName(rng, kind, street));
      const at = isTownship
        ? scatter(rng, street.lng, street.lat, 500, 2500)
        : scatter(rng, street.lng, street.lat, 120, kind === 'park' ? 900 : 650);
      let code: string | null = null;
      if (kind === 'community') code = `${street.code}${pad(++communities, 3)}`;
      if (kind === 'village') code = `${street.code}${pad(200 + ++villages, 3)}`;
      areas.push({
        id,
        parent: street,
        kind,
        name,
        code,
        address: kind === 'village' ? `${street.name}${name}` : `${rng.pick(street.roads)}${rng.int(1, 999)}号`,
        ...at,
        path: childPath(street.path, id),
        depth: 2,
        roads: street.roads,
      });
    }
  }
  return { root, streets, areas, all: [root, ...streets, ...areas] };
}

function areaName(rng: Random, kind: AreaKind, street: TerritoryNode): string {
  switch (kind) {
    case 'building':
      return rng.pick(N.PLACE_WORDS) + rng.pick(N.BUILDING_SUFFIXES);
    case 'market':
      return (rng.chance(0.5) ? streetWord(street.name) : rng.pick(N.PLACE_WORDS)) + rng.pick(N.MARKET_SUFFIXES);
    case 'park':
      return (rng.chance(0.3) ? streetWord(street.name) : rng.pick(N.PLACE_WORDS)) + rng.pick(N.PARK_SUFFIXES);
    case 'community':
      return rng.pick(N.COMMUNITY_WORDS) + '社区';
    case 'village':
      return rng.pick(N.VILLAGE_WORDS) + '村';
  }
}

function territoryRow(t: TerritoryNode, now: string): Insertable<TerritoryTable> {
  return {
    id: t.id,
    district_id: DISTRICT_ID,
    parent_id: t.parent?.id ?? null,
    kind: t.kind,
    name: t.name,
    code: t.code,
    address: t.address,
    lng: t.lng,
    lat: t.lat,
    path: t.path,
    depth: t.depth,
    status: 'active',
    closed_at: null,
    closed_reason: null,
    created_at: now,
    updated_at: now,
  };
}

// ---------------------------------------------------------------- units

interface Holder {
  node: TerritoryNode;
  kind: HolderKind;
}

/** Relative number of units per holder of each kind (times a per-holder size factor). */
const HOLDER_WEIGHT: Record<HolderKind, number> = {
  building: 1.6,
  market: 1.3,
  park: 1.7,
  community: 0.8,
  village: 0.35,
  street: 1.1,
  township: 0.8,
};

/** Share of social organizations among a holder's units. */
const SOCIAL_SHARE: Record<HolderKind, number> = {
  building: 0.1,
  market: 0.02,
  park: 0.05,
  community: 0.42,
  village: 0.12,
  street: 0.25,
  township: 0.2,
};

type W<T> = readonly (readonly [T, number])[];

const OWNERSHIP_BY_HOLDER: Record<HolderKind, W<Ownership>> = {
  building: [['private', 78], ['foreign', 9], ['hk_macao_taiwan', 6], ['individual', 2], ['restructured', 5]],
  market: [['private', 52], ['individual', 44], ['hk_macao_taiwan', 2], ['restructured', 2]],
  park: [['private', 78], ['foreign', 10], ['hk_macao_taiwan', 6], ['restructured', 6]],
  community: [['private', 55], ['individual', 42], ['restructured', 3]],
  village: [['private', 70], ['individual', 28], ['restructured', 2]],
  street: [['private', 72], ['individual', 18], ['foreign', 3], ['hk_macao_taiwan', 3], ['restructured', 4]],
  township: [['private', 70], ['individual', 26], ['restructured', 4]],
};

const INDUSTRY_BY_HOLDER: Record<HolderKind, W<Industry>> = {
  building: [['I', 18], ['L', 20], ['M', 12], ['J', 8], ['K', 6], ['F', 14], ['H', 4], ['R', 6], ['G', 4], ['E', 4], ['P', 2], ['Q', 1], ['C', 1]],
  market: [['F', 72], ['H', 10], ['O', 4], ['G', 6], ['L', 3], ['C', 3], ['I', 2]],
  park: [['C', 24], ['I', 20], ['M', 20], ['F', 8], ['L', 8], ['G', 6], ['R', 5], ['D', 2], ['E', 3], ['N', 2], ['J', 2]],
  community: [['F', 26], ['H', 22], ['O', 14], ['K', 9], ['E', 6], ['P', 5], ['Q', 5], ['L', 6], ['R', 4], ['N', 2], ['G', 1]],
  village: [['A', 34], ['C', 20], ['F', 14], ['E', 10], ['G', 10], ['H', 6], ['B', 1], ['D', 2], ['N', 3]],
  street: [['F', 20], ['H', 14], ['L', 12], ['I', 10], ['E', 8], ['K', 8], ['M', 8], ['C', 5], ['O', 6], ['G', 5], ['R', 4]],
  township: [['A', 20], ['C', 25], ['F', 18], ['E', 10], ['G', 12], ['H', 8], ['D', 2], ['N', 5]],
};

const SHOP_INDUSTRIES: W<Industry> = [['F', 50], ['H', 36], ['O', 14]];
const PNE_INDUSTRIES: W<Industry> = [['P', 40], ['Q', 35], ['R', 15], ['M', 10]];

/** Employee counts: [min, max, weight] bands, log-uniform within a band. */
const EMPLOYEE_BANDS: Record<'enterprise' | 'foreign' | 'individual' | 'social_group' | 'pne' | 'foundation', W<readonly [number, number]>> = {
  enterprise: [[[3, 9], 40], [[10, 49], 35], [[50, 99], 11], [[100, 299], 8], [[300, 999], 4.5], [[1000, 6000], 1.5]],
  foreign: [[[5, 49], 40], [[50, 99], 20], [[100, 499], 25], [[500, 999], 9], [[1000, 5000], 6]],
  individual: [[[1, 3], 60], [[4, 8], 35], [[9, 15], 5]],
  social_group: [[[1, 5], 70], [[6, 20], 30]],
  pne: [[[3, 20], 55], [[21, 60], 33], [[61, 300], 12]],
  foundation: [[[2, 8], 70], [[9, 30], 30]],
};

const NAME_TIERS = {
  company: N.brandTiers(N.BRAND_CHARS),
  foreign: N.brandTiers(N.FOREIGN_BRAND_CHARS),
  shop: [N.wordTier(N.SURNAMES.map((s) => `${s}记`)), ...N.brandTiers(N.BRAND_CHARS)],
  social: [N.wordTier(N.SOCIAL_WORDS), ...N.brandTiers(N.BRAND_CHARS)],
};

function logUniform(rng: Random, min: number, max: number): number {
  return Math.min(max, Math.floor(Math.exp(rng.float(Math.log(min), Math.log(max + 1)))));
}

function employeesOf(rng: Random, bands: W<readonly [number, number]>): number {
  const [min, max] = rng.weighted(bands);
  return logUniform(rng, min, max);
}

/** Party members found by the survey: most units none, larger units more (≥ 3 must form a branch). */
function surveyedMembers(rng: Random, employees: number, ownership: Ownership): number {
  let n: number;
  if (ownership === 'individual') n = rng.chance(0.1) ? 1 : 0;
  else if (employees < 10) n = rng.weighted([[0, 78], [1, 15], [2, 5], [3, 2]]);
  else if (employees < 50) n = rng.weighted([[0, 55], [rng.int(1, 2), 33], [rng.int(3, 6), 12]]);
  else if (employees < 100) n = rng.weighted([[0, 32], [rng.int(1, 2), 30], [rng.int(3, 10), 38]]);
  else if (employees < 1000) n = rng.weighted([[0, 12], [rng.int(1, 2), 16], [rng.int(3, 10), 42], [rng.int(11, 40), 30]]);
  else n = Math.round(employees * rng.float(0.02, 0.07));
  return Math.min(n, employees);
}

/** A registration day, more of them in recent years. */
function registrationDay(rng: Random, fromDay: number): number {
  return fromDay + Math.floor((LAST_DAY - fromDay + 1) * rng.next() ** 0.7);
}

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 11714 check character of an 8-character organization code body. */
function orgCodeCheckChar(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body.charCodeAt(i);
    const v = ch <= 57 ? ch - 48 : ch - 55; // '0'–'9' -> 0–9, 'A'–'Z' -> 10–35
    sum += v * weights[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * The 9-character organization-code part of a credit code, unique per unit
 * index: 8 digits (registrations before October 2015) or "MA" + 6 characters,
 * each from a seeded permutation of its whole space, plus the check character.
 */
class OrgCodes {
  private readonly old: Permutation;
  private readonly fresh: Permutation;
  constructor(seed: number) {
    this.old = new Permutation(100_000_000, `org-old|${seed}`);
    this.fresh = new Permutation(31 ** 6, `org-new|${seed}`);
  }
  code(index: number, modern: boolean): string {
    let body: string;
    if (modern) {
      let v = this.fresh.at(index);
      let s = '';
      for (let i = 0; i < 6; i++) {
        s = ORG_ALPHABET[v % 31]! + s;
        v = Math.floor(v / 31);
      }
      body = `MA${s}`;
    } else {
      body = pad(this.old.at(index), 8);
    }
    return body + orgCodeCheckChar(body);
  }
}

interface UnitContext {
  rng: Random;
  holders: WeightedTable<Holder>;
  namer: N.Namer;
  orgCodes: OrgCodes;
  /** Names of associations: district-wide ones, then the streets' own, then named ones. */
  associationTiers: N.NameTier[];
  now: string;
}

function associationTiers(plan: TerritoryPlan): N.NameTier[] {
  const streets = plan.streets.map((s) => s.name);
  const forms = N.ASSOCIATION_FORMS;
  return [
    { size: N.DISTRICT_ASSOCIATIONS.length, make: (i) => N.DISTRICT_NAME + N.DISTRICT_ASSOCIATIONS[i]! },
    {
      size: streets.length * N.STREET_ASSOCIATIONS.length,
      make: (i) => streets[Math.floor(i / N.STREET_ASSOCIATIONS.length)]! + N.STREET_ASSOCIATIONS[i % N.STREET_ASSOCIATIONS.length]!,
    },
    ...NAME_TIERS.social.map((t) => ({
      size: t.size * forms.length,
      make: (i: number) => N.DISTRICT_NAME + t.make(Math.floor(i / forms.length)) + forms[i % forms.length]!,
    })),
  ];
}

function unitName(c: UnitContext, kind: UnitKind, ownership: Ownership, industry: Industry, holder: Holder, coop: boolean): string {
  const { rng, namer } = c;
  if (kind === 'social_org') {
    if (ownership === 'social_group') return namer.next('assoc', c.associationTiers);
    if (ownership === 'foundation') {
      const form = rng.pick(N.FOUNDATION_FORMS);
      return N.CITY_NAME + namer.next(`fdn:${form}`, NAME_TIERS.social) + form;
    }
    const form = rng.pick(N.PNE_FORMS[industry] ?? N.PNE_FORMS.Q!);
    return N.DISTRICT_NAME + namer.next(`pne:${form}`, NAME_TIERS.social) + form;
  }
  if (coop) {
    const phrase = rng.pick(N.COOPERATIVE_PHRASES);
    return N.DISTRICT_NAME + namer.next(`coop:${phrase}`, NAME_TIERS.company) + phrase;
  }
  if (ownership === 'individual') {
    const phrase = rng.pick(N.SHOP_PHRASES[industry] ?? N.SHOP_PHRASES.F!);
    const where = holder.kind === 'market' ? holder.node.name : N.DISTRICT_NAME;
    return where + namer.next(`shop:${phrase}`, NAME_TIERS.shop) + phrase;
  }
  const phrase = rng.pick(N.INDUSTRY_PHRASES[industry]);
  if (ownership === 'foreign') {
    return namer.next(`foreign:${phrase}`, NAME_TIERS.foreign) + phrase + rng.weighted(N.FOREIGN_LEGAL_FORMS);
  }
  const brand = namer.next(`co:${phrase}`, NAME_TIERS.company);
  if (ownership === 'restructured') {
    return N.CITY_NAME + brand + phrase + rng.weighted([['有限责任公司', 60], ['股份有限公司', 40]] as const);
  }
  const prefix = rng.chance(ownership === 'hk_macao_taiwan' ? 0.3 : 0.55) ? N.CITY_SHORT : '';
  return prefix + brand + phrase + rng.weighted(N.LEGAL_FORMS);
}

function unitAddress(rng: Random, holder: Holder): string {
  const t = holder.node;
  switch (holder.kind) {
    case 'building': {
      const floor = rng.int(2, 38);
      return `${t.address}${t.name}${floor}层${floor}${pad(rng.int(1, 20), 2)}室`;
    }
    case 'market':
      return `${t.address}${t.name}${rng.pick(['A', 'B', 'C', 'D', 'E'])}区${rng.int(1, 300)}号`;
    case 'park':
      return `${t.address}${t.name}${rng.int(1, 24)}号楼${rng.int(1, 8)}层`;
    case 'community':
      return rng.chance(0.5)
        ? `${rng.pick(t.roads)}${rng.int(1, 999)}弄${rng.int(1, 60)}号`
        : `${rng.pick(t.roads)}${rng.int(1, 999)}号`;
    case 'village':
      return `${t.address}${rng.int(1, 12)}组${rng.int(1, 99)}号`;
    case 'street':
    case 'township':
      return `${rng.pick(t.roads)}${rng.int(1, 1500)}号`;
  }
}

const JITTER_METERS: Record<HolderKind, readonly [number, number]> = {
  building: [0, 12],
  market: [0, 80],
  park: [0, 250],
  community: [0, 300],
  village: [0, 400],
  street: [200, 1200],
  township: [300, 2500],
};

/** Builds the i-th unit. Draws only from c.rng, in a fixed order: same seed, same unit. */
function makeUnit(c: UnitContext, index: number): Insertable<UnitTable> {
  const { rng } = c;
  const holder = c.holders.pick(rng);
  const kind: UnitKind = rng.chance(SOCIAL_SHARE[holder.kind]) ? 'social_org' : 'enterprise';
  let ownership: Ownership;
  let industry: Industry;
  let typeChar: string;
  let employees: number;
  let coop = false;
  let fromDay = FIRST_DAY;
  if (kind === 'social_org') {
    ownership = rng.weighted([['social_group', 40], ['private_non_enterprise', 48], ['foundation', 12]] as const);
    industry = ownership === 'private_non_enterprise' ? rng.weighted(PNE_INDUSTRIES) : 'S';
    typeChar = ownership === 'social_group' ? '1' : ownership === 'private_non_enterprise' ? '2' : '3';
    employees = employeesOf(rng, EMPLOYEE_BANDS[ownership === 'private_non_enterprise' ? 'pne' : ownership]);
    fromDay = Date.UTC(2000, 0, 1) / DAY_MS;
  } else {
    ownership = rng.weighted(OWNERSHIP_BY_HOLDER[holder.kind]);
    if (ownership === 'individual') {
      industry = rng.weighted(SHOP_INDUSTRIES);
      typeChar = '2';
      employees = employeesOf(rng, EMPLOYEE_BANDS.individual);
      fromDay = Date.UTC(2003, 0, 1) / DAY_MS;
    } else {
      industry = rng.weighted(INDUSTRY_BY_HOLDER[holder.kind]);
      coop = industry === 'A' && ownership === 'private' && (holder.kind === 'village' || holder.kind === 'township') && rng.chance(0.5);
      typeChar = coop ? '3' : '1';
      employees = employeesOf(rng, coop ? EMPLOYEE_BANDS.individual : EMPLOYEE_BANDS[ownership === 'foreign' ? 'foreign' : 'enterprise']);
      if (coop) fromDay = Date.UTC(2008, 0, 1) / DAY_MS;
    }
  }
  const members = surveyedMembers(rng, employees, ownership);
  const name = unitName(c, kind, ownership, industry, holder, coop);
  const regDay = registrationDay(rng, fromDay);
  const division = rng.chance(0.9) ? N.DISTRICT_DIVISION_CODE : rng.pick(N.OTHER_DIVISION_CODES);
  const body = (kind === 'social_org' ? '5' : '9') + typeChar + division + c.orgCodes.code(index, regDay >= NEW_CODE_DAY);
  const creditCode = body + creditCodeCheckChar(body);
  const address = unitAddress(rng, holder);
  const [minM, maxM] = JITTER_METERS[holder.kind];
  const at = scatter(rng, holder.node.lng, holder.node.lat, minM, maxM);

  let status = 'operating';
  let closedOn: string | null = null;
  let closedReason: string | null = null;
  if (rng.chance(0.03)) {
    const from = Math.max(regDay + 180, Date.UTC(2012, 0, 1) / DAY_MS);
    if (from < LAST_DAY) {
      status = 'closed';
      closedOn = isoDay(rng.int(from, LAST_DAY));
      closedReason = rng.pick(kind === 'social_org' ? N.CLOSED_REASONS_SOCIAL : N.CLOSED_REASONS_ENTERPRISE);
    }
  }
  return {
    id: index + 1,
    district_id: DISTRICT_ID,
    territory_id: holder.node.id,
    territory_path: holder.node.path,
    name,
    credit_code: creditCode,
    kind,
    ownership,
    industry,
    employee_count: employees,
    surveyed_member_count: members,
    address,
    lng: at.lng,
    lat: at.lat,
    registered_on: isoDay(regDay),
    status,
    closed_on: closedOn,
    closed_reason: closedReason,
    created_at: c.now,
    updated_at: c.now,
  };
}

function holderTable(rng: Random, plan: TerritoryPlan): WeightedTable<Holder> {
  const choices: [Holder, number][] = [];
  for (const street of plan.streets) {
    const kind = street.kind as 'street' | 'township';
    choices.push([{ node: street, kind }, HOLDER_WEIGHT[kind] * rng.float(0.7, 1.3)]);
  }
  for (const area of plan.areas) {
    const kind = area.kind as AreaKind;
    // Some buildings and parks are much busier than others.
    choices.push([{ node: area, kind }, HOLDER_WEIGHT[kind] * Math.exp(rng.normal(0, 0.45))]);
  }
  return new WeightedTable(choices);
}

/**
 * The units, one at a time: nothing is kept between them but counters
 * (exported for tests and benchmarks; seedDemo passes `rng.derive('units')`).
 */
export function* unitRows(rng: Random, plan: TerritoryPlan, seed: number, count: number, now: string): Generator<Insertable<UnitTable>> {
  const c: UnitContext = {
    rng,
    holders: holderTable(rng.derive('holders'), plan),
    namer: new N.Namer(`units|${seed}`),
    orgCodes: new OrgCodes(seed),
    associationTiers: associationTiers(plan),
    now,
  };
  for (let i = 0; i < count; i++) yield makeUnit(c, i);
}

// ---------------------------------------------------------------- writing

type Progress = SeedOptions['onProgress'];

/** Rows buffered per write (and per progress report). */
const STREAM_BATCH_ROWS = 500;

/** Writes rows in batches through the bulk inserter, reporting each batch. */
async function insertStream<T extends keyof Database & string>(
  bulk: BulkInserter,
  table: T,
  rows: Iterable<Insertable<Database[T]>>,
  total: number,
  onProgress: Progress,
): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await bulk.insert(table, batch);
    done += batch.length;
    batch = [];
    onProgress?.(done, total, table);
  };
  for (const row of rows) {
    batch.push(row as Record<string, unknown>);
    if (batch.length >= STREAM_BATCH_ROWS) await flush();
  }
  await flush();
  return done;
}

/** After explicit ids, PostgreSQL's identity sequences must move past them. */
async function resetSequences(db: Db, trx: Kysely<Database>, tables: readonly (keyof Database & string)[]): Promise<void> {
  if (db.dialect !== 'postgres') return;
  for (const table of tables) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(trx);
  }
}

// ---------------------------------------------------------------- entry point

/**
 * Fills an empty, migrated database with the demo district. Throws if a
 * district exists already. Everything is written in one transaction: a failed
 * run leaves the database empty.
 */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const shape = PRESETS[opts.preset];
  if (!shape) throw new Error(`unknown demo preset: ${String(opts.preset)}`);
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`the seed must be an integer (got ${opts.seed})`);
  const existing = await db.kysely.selectFrom('district').select(['id', 'name']).limit(1).executeTakeFirst();
  if (existing) {
    throw new Error(
      `The database already holds a district (${existing.name}, id ${existing.id}); the demo generator only fills an empty database.`,
    );
  }

  const now = opts.clock.now().toISOString();
  const rng = new Random(opts.seed);
  const plan = planTerritory(rng.derive('territory'), shape);
  const passwordHash = await hashPassword(opts.password);

  const [street1, street2] = plan.streets.filter((s) => s.kind === 'street');
  if (!street1 || !street2) throw new Error('the demo preset needs at least two streets');
  const usersRng = rng.derive('users');
  // Drawn as personName() draws a gender of its own: the instructor's name is what it was.
  const instructorGender: N.Gender = usersRng.chance(0.5) ? 'male' : 'female';
  const instructorName = N.personName(usersRng, instructorGender);
  const memberName = N.personName(usersRng);
  // The district's "today": only dates that must relate to it (terms current, due or
  // overdue; secretaries full members for under a year) depend on it (see orgs.ts).
  const today = localDate(opts.clock.now(), DISTRICT_TIME_ZONE);

  interface DemoUser {
    username: string;
    display: string;
    role: string;
    territory: TerritoryNode | null;
    org: { id: number; name: string } | null;
    /** The person behind the account (secretary1, member1: their member records). */
    personId?: number;
  }
  const users: DemoUser[] = [
    { username: 'admin', display: '区委组织部管理员', role: 'district_admin', territory: plan.root, org: null },
    { username: 'street1', display: `${street1.name}管理员`, role: 'street_admin', territory: street1, org: null },
    { username: 'street2', display: `${street2.name}管理员`, role: 'street_admin', territory: street2, org: null },
    { username: 'instructor1', display: instructorName, role: 'instructor', territory: street1, org: null },
  ];

  // The generator writes parents before children by construction; per-row
  // foreign-key lookups are off while it writes (PostgreSQL: see
  // foreignKeyChecksOff) and SQLite checks the whole database at the end.
  const fkOn = db.sqlite?.pragma('foreign_keys', { simple: true }) === 1;
  if (fkOn) db.sqlite!.pragma('foreign_keys = OFF');
  // One transaction of a city's rows: with SQLite's page cache at its usual size
  // the index pages are spilled to the WAL and read back again and again.
  const cacheSize = db.sqlite?.pragma('cache_size', { simple: true });
  db.sqlite?.pragma('cache_size = -1048576');
  let counts: Record<string, number>;
  try {
    counts = await db.kysely.transaction().execute(async (trx) => {
      const district: Insertable<DistrictTable> = { id: DISTRICT_ID, name: N.DISTRICT_NAME, time_zone: DISTRICT_TIME_ZONE, created_at: now };
      if (db.dialect === 'postgres') await foreignKeyChecksOff(trx);
      await trx.insertInto('district').values(district).execute();
      const bulk = bulkInserter(db, trx);

      const territories = await insertStream(
        bulk,
        'territory',
        plan.all.map((t) => territoryRow(t, now)),
        plan.all.length,
        opts.onProgress,
      );

      const units = await insertStream(bulk, 'unit', unitRows(rng.derive('units'), plan, opts.seed, shape.units, now), shape.units, opts.onProgress);

      const orgs = await seedOrgs(trx, {
        bulk,
        rng: rng.derive('orgs'),
        plan,
        street1,
        instructor: { name: instructorName, gender: instructorGender },
        today,
        now,
        unitCount: shape.units,
        onProgress: opts.onProgress,
      });
      const members = await seedMembers(trx, {
        bulk,
        rng: rng.derive('members'),
        plan,
        vault: opts.vault,
        today,
        now,
        lastPersonId: orgs.counts.people,
        showcase: { orgId: orgs.showcase.orgId, memberName },
        onProgress: opts.onProgress,
      });
      const branch = { id: orgs.showcase.orgId, name: orgs.showcase.orgName };
      users.push(
        { username: 'secretary1', display: orgs.showcase.secretaryName, role: 'secretary', territory: null, org: branch, personId: members.secretaryPersonId },
        { username: 'member1', display: memberName, role: 'member', territory: null, org: branch, personId: members.memberPersonId },
      );

      const userRows: Insertable<AppUserTable>[] = users.map((u, i) => ({
        id: i + 1,
        district_id: DISTRICT_ID,
        username: u.username,
        display_name: u.display,
        password_hash: passwordHash,
        role: u.role,
        scope_territory_id: u.territory?.id ?? null,
        scope_party_org_id: u.org?.id ?? null,
        person_id: u.personId ?? null,
        locale: 'zh-CN',
        status: 'active',
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      }));
      const appUsers = await insertStream(bulk, 'app_user', userRows, userRows.length, opts.onProgress);

      const life = await seedLife(trx, { bulk, rng: rng.derive('life'), plan, today, now, scope: shape.life, dialect: db.dialect, onProgress: opts.onProgress });

      await resetSequences(db, trx, ['district', 'territory', 'unit', 'app_user', ...new Set([...ORG_TABLES, ...MEMBER_TABLES, ...LIFE_TABLES])]);
      const { memberPeople, ...memberCounts } = members.counts;
      const result = {
        districts: 1,
        territories,
        streets: plan.streets.length,
        areas: plan.areas.length,
        units,
        users: appUsers,
        ...orgs.counts,
        people: orgs.counts.people + (memberPeople ?? 0),
        ...memberCounts,
        ...life.counts,
        contactEvents: (memberCounts.contactEvents ?? 0) + life.counts.lifeContactEvents,
      };
      // PostgreSQL's replica role (foreign keys off) also silenced the triggers that keep these.
      await rebuildKeptCounts(trx, DISTRICT_ID);
      if (fkOn) {
        // Before the commit: a broken reference rolls the whole seed back.
        const broken = db.sqlite!.prepare('pragma foreign_key_check').all();
        if (broken.length) throw new Error(`the generator wrote rows without their parents: ${JSON.stringify(broken.slice(0, 5))}`);
      }
      return result;
    });
  } finally {
    if (fkOn) db.sqlite!.pragma('foreign_keys = ON');
    if (cacheSize !== undefined) db.sqlite!.pragma(`cache_size = ${Number(cacheSize)}`);
  }

  // The compliance of every organization for today, as the dashboards read it
  // (src/modules/life/rollup.ts): evaluated once here rather than by the first visitor.
  opts.onProgress?.(0, 1, 'life_compliance');
  await refreshLifeCompliance(db.kysely, DISTRICT_ID, opts.clock);
  opts.onProgress?.(1, 1, 'life_compliance');
  opts.onProgress?.(0, 1, 'statistics');
  // PostgreSQL: VACUUM too. Otherwise autovacuum works through the freshly loaded tables during the
  // first minutes of use (the city's PostgreSQL figures suffered, bench/FINDINGS.md), and until it has,
  // index-only scans (the worklist's count) still visit the table.
  if (db.dialect === 'postgres') await sql`vacuum analyze`.execute(db.kysely);
  else await refreshPlannerStatistics(db.kysely);
  opts.onProgress?.(1, 1, 'statistics');

  return {
    districtId: DISTRICT_ID,
    accounts: users.map((u) => ({ username: u.username, role: u.role, scope: u.org?.name ?? u.territory?.name ?? '' })),
    counts,
  };
}
