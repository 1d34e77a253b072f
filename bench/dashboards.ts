/**
 * The dashboards part of the benchmark (§2 of RESULTS.md): the places measured
 * (the district, street1's street, the area under it with most units) and the
 * endpoints timed there through app.inject, with the guard, the session, the
 * scope and the schemas included. Used by run.ts and by dashboards-only.ts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import type { Api } from '../src/server/api.js';
import type { DialectResults, Stat } from './types.js';

/** A pathological query must not hold the whole benchmark: each endpoint and place gets this budget (at least 3 runs). */
const DASHBOARD_BUDGET_MS = 30_000;

export interface Place {
  label: 'district' | 'street' | 'area';
  territoryId: number;
  name: string;
  path: string;
  districtId: number;
  units: number;
}

export const ENDPOINTS: { key: string; path: (t: number) => string }[] = [
  { key: 'coverage summary', path: (t) => `/api/v1/coverage?territoryId=${t}` },
  { key: 'coverage sub-areas (largest 10)', path: (t) => `/api/v1/coverage/children?territoryId=${t}&sort=-operating&pageSize=10` },
  { key: 'coverage worklist', path: (t) => `/api/v1/coverage/worklist?territoryId=${t}&pageSize=20` },
  { key: 'org list (with findings)', path: (t) => `/api/v1/party-orgs?territoryId=${t}&pageSize=20` },
  { key: 'development pipeline', path: (t) => `/api/v1/development/pipeline?territoryId=${t}` },
  { key: 'life compliance', path: (t) => `/api/v1/life/compliance?territoryId=${t}&pageSize=20` },
  { key: 'coverage trend (12 months)', path: (t) => `/api/v1/coverage/trend?territoryId=${t}` },
  { key: 'member list', path: (t) => `/api/v1/members?territoryId=${t}&pageSize=20` },
];

export function stat(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1]!) };
}

/** The district, street1's street and the area under it with most units. */
export async function findPlaces(k: Kysely<Database>): Promise<Place[]> {
  const street = await k
    .selectFrom('app_user')
    .innerJoin('territory', 'territory.id', 'app_user.scope_territory_id')
    .select(['territory.id', 'territory.name', 'territory.path', 'territory.district_id'])
    .where('app_user.username', '=', 'street1')
    .executeTakeFirstOrThrow();
  const root = await k.selectFrom('territory').select(['id', 'name', 'path']).where('district_id', '=', street.district_id).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const unitsUnder = async (path: string) =>
    Number((await k.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).where('territory_path', 'like', `${path}%`).executeTakeFirstOrThrow()).n);
  const areas = await k.selectFrom('territory').select(['id', 'name', 'path']).where('parent_id', '=', street.id).execute();
  let area = areas[0]!;
  let areaUnits = -1;
  for (const a of areas) {
    const n = await unitsUnder(a.path);
    if (n > areaUnits) [area, areaUnits] = [a, n];
  }
  return [
    { label: 'district', territoryId: root.id, name: root.name, path: root.path, districtId: street.district_id, units: await unitsUnder(root.path) },
    { label: 'street', territoryId: street.id, name: street.name, path: street.path, districtId: street.district_id, units: await unitsUnder(street.path) },
    { label: 'area', territoryId: area.id, name: area.name, path: area.path, districtId: street.district_id, units: areaUnits },
  ];
}

/** Each endpoint at each place: warm-ups, then `iterations` timed runs within the budget. */
export async function measureDashboards(
  app: Api,
  cookie: string,
  places: Place[],
  o: { iterations: number; smoke: boolean; log: (line: string) => void; only?: (key: string) => boolean },
): Promise<DialectResults['dashboards']> {
  const dashboards: DialectResults['dashboards'] = [];
  for (const ep of ENDPOINTS.filter((e) => !o.only || o.only(e.key))) {
    for (const place of places) {
      const url = ep.path(place.territoryId);
      const one = async () => {
        const s = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        const ms = performance.now() - s;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        return ms;
      };
      const first = await one();
      if (!o.smoke && first < DASHBOARD_BUDGET_MS / 10) await one();
      const samples: number[] = [];
      const budgetStart = performance.now();
      for (let i = 0; i < o.iterations; i++) {
        samples.push(await one());
        if (samples.length >= 3 && performance.now() - budgetStart > DASHBOARD_BUDGET_MS) break;
      }
      dashboards.push({ endpoint: ep.key, place: place.label, url, first: Math.round(first * 100) / 100, ...stat(samples) });
    }
    o.log(`${ep.key}: ${dashboards.slice(-places.length).map((d) => `${d.place} first ${d.first} / p50 ${d.p50} / p95 ${d.p95} ms`).join(', ')}`);
  }
  return dashboards;
}
