/**
 * Territory kinds and how they nest (territorial management: a unit's party
 * work is led by the territory it sits in). One shape fits an urban district
 * (Huangpu: streets with buildings and markets), a county-level city
 * (Hongjiang: streets and townships with parks) and a township with villages
 * (Mazhu).
 */

export const TERRITORY_KINDS = [
  'district',
  'county_city',
  'street',
  'township',
  'building',
  'market',
  'park',
  'community',
  'village',
] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];

export const ROOT_KINDS: readonly TerritoryKind[] = ['district', 'county_city'];
export const STREET_KINDS: readonly TerritoryKind[] = ['street', 'township'];
export const AREA_KINDS: readonly TerritoryKind[] = ['building', 'market', 'park', 'community', 'village'];

export type TerritoryLevel = 'root' | 'street' | 'area';

export function levelOf(kind: TerritoryKind): TerritoryLevel {
  if (ROOT_KINDS.includes(kind)) return 'root';
  if (STREET_KINDS.includes(kind)) return 'street';
  return 'area';
}

/** Whether a node of `kind` may sit under a parent of `parentKind` (null: no parent). */
export function canNest(kind: TerritoryKind, parentKind: TerritoryKind | null): boolean {
  const level = levelOf(kind);
  if (parentKind === null) return level === 'root';
  const parentLevel = levelOf(parentKind);
  // Industrial parks may also sit directly under a county-level city (Hongjiang's parks).
  if (level === 'street') return parentLevel === 'root';
  if (level === 'area') return parentLevel === 'street' || (kind === 'park' && parentLevel === 'root');
  return false;
}

/** Units may be registered in a street/township directly or in one of its areas, never at the root. */
export function canHoldUnits(kind: TerritoryKind): boolean {
  return levelOf(kind) !== 'root';
}
