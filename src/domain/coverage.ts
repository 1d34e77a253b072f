/**
 * The two coverages (RULES.md "Statistics"; territorial-management text:
 * "where there are people there is party work, where there are members there
 * is a sound organization").
 */
import type { Bilingual } from './bilingual.js';
import type { FormingRules } from './rulesets.js';

export const COVERAGE_STATES = ['own', 'joint', 'work', 'none'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/**
 * A unit's coverage: by an organization (its own — formed for it alone — or a
 * shared one), else by party work (an instructor or liaison assigned), else none.
 */
export function coverageOf(coveringOrg: { own: boolean } | null, hasLiaison: boolean): CoverageState {
  if (coveringOrg) return coveringOrg.own ? 'own' : 'joint';
  return hasLiaison ? 'work' : 'none';
}

export interface CoverageCounts {
  operating: number;
  own: number;
  joint: number;
  work: number;
  none: number;
}

export interface CoverageRates {
  /** (own + joint) ÷ operating: organizational coverage. */
  organizational: number | null;
  own: number | null;
  /** Units reached only by work coverage ÷ operating. */
  work: number | null;
  /** (own + joint + work) ÷ operating: reached at all. */
  total: number | null;
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

export function coverageRates(c: CoverageCounts): CoverageRates {
  return {
    organizational: ratio(c.own + c.joint, c.operating),
    own: ratio(c.own, c.operating),
    work: ratio(c.work, c.operating),
    total: ratio(c.own + c.joint + c.work, c.operating),
  };
}

export function emptyCounts(): CoverageCounts {
  return { operating: 0, own: 0, joint: 0, work: 0, none: 0 };
}

/** The counts of several nodes together. */
export function sumCounts(counts: readonly CoverageCounts[]): CoverageCounts {
  const total = emptyCounts();
  for (const c of counts) for (const key of Object.keys(total) as (keyof CoverageCounts)[]) total[key] += c[key];
  return total;
}

export type WorklistAction = 'form_branch' | 'join_joint_branch' | 'assign_liaison';

/**
 * What an uncovered unit needs: 3+ full members form a branch; 1–2 join a joint
 * branch nearby; none need a liaison (unless one is already assigned — then
 * the unit is covered by party work and is off the list).
 */
export function worklistAction(members: number, coverage: CoverageState, r: FormingRules): WorklistAction | null {
  if (coverage === 'own' || coverage === 'joint') return null;
  if (members >= r.branchMinFullMembers) return 'form_branch';
  if (members >= 1) return 'join_joint_branch';
  return coverage === 'none' ? 'assign_liaison' : null;
}

/** Higher is more urgent: members waiting for an organization first, then bigger workforces. */
export function worklistPriority(members: number, employees: number, coverage: CoverageState): number {
  return members * 1000 + Math.min(employees, 999) + (coverage === 'none' ? 500 : 0);
}

export interface JointBranchCandidate {
  id: number;
  name: string;
  territoryPath: string;
  coveredUnits: number;
  industries: string[];
  lng: number | null;
  lat: number | null;
}

export interface SuggestionTarget {
  territoryPath: string;
  industry: string;
  lng: number | null;
  lat: number | null;
}

/** Great-circle distance in metres. */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export interface Suggestion {
  id: number;
  name: string;
  room: number;
  sameArea: boolean;
  sameIndustry: boolean;
  distanceMetres: number | null;
}

/**
 * The joint branches a small unit could join: those with room (fewer than the
 * normal maximum of units), nearest first — same area, then same industry,
 * then distance.
 */
export function suggestJointBranches(
  target: SuggestionTarget,
  candidates: JointBranchCandidate[],
  r: FormingRules,
  limit = 3,
): Suggestion[] {
  return candidates
    .filter((c) => c.coveredUnits < r.jointBranchMaxUnits)
    .map((c) => ({
      id: c.id,
      name: c.name,
      room: r.jointBranchMaxUnits - c.coveredUnits,
      sameArea: c.territoryPath === target.territoryPath,
      sameIndustry: c.industries.includes(target.industry),
      distanceMetres:
        c.lng !== null && c.lat !== null && target.lng !== null && target.lat !== null
          ? Math.round(distanceMetres({ lng: c.lng, lat: c.lat }, { lng: target.lng, lat: target.lat }))
          : null,
    }))
    .sort(
      (a, b) =>
        Number(b.sameArea) - Number(a.sameArea) ||
        Number(b.sameIndustry) - Number(a.sameIndustry) ||
        (a.distanceMetres ?? Infinity) - (b.distanceMetres ?? Infinity) ||
        a.id - b.id,
    )
    .slice(0, limit);
}

/** The standardization checklists: the "five ones" and Hongjiang's "six haves". */
export const CHECKLISTS = {
  five_ones: ['activity_room', 'bulletin_board', 'signboard', 'party_flag', 'organization'],
  six_haves: ['venue', 'facilities', 'signboard', 'party_flag', 'books_and_papers', 'rules'],
} as const;
export type ChecklistName = keyof typeof CHECKLISTS;

export const CHECKLIST_LABELS: Record<ChecklistName, Bilingual> = {
  five_ones: { 'zh-CN': '“五个一”', en: '"Five ones"' },
  six_haves: { 'zh-CN': '“六有”', en: '"Six haves"' },
};

export function isChecklistItem(checklist: string, item: string): checklist is ChecklistName {
  return Object.hasOwn(CHECKLISTS, checklist) && (CHECKLISTS[checklist as ChecklistName] as readonly string[]).includes(item);
}

/** Share of a checklist's items that are done. */
export function checklistCompletion(checklist: ChecklistName, doneItems: readonly string[]): number {
  const items = CHECKLISTS[checklist] as readonly string[];
  return items.filter((i) => doneItems.includes(i)).length / items.length;
}
