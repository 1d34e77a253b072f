/**
 * The numbers of the rules, versioned. Regulations change and districts adapt
 * practice, so every number a rule uses comes from here, and a district may
 * override any of them (stored in district.settings_json) without a code change.
 */

export const FORMING_RULES_V2018 = {
  version: 'forming-2018',
  /** A unit with this many full members must form a branch (Branch; Constitution). */
  branchMinFullMembers: 3,
  /** A branch normally has at most this many members (Branch). */
  branchMaxMembers: 50,
  /** A joint branch normally covers at most this many units (Branch). */
  jointBranchMaxUnits: 5,
  /** A general branch may be formed from this many members (Branch). */
  generalBranchMinMembers: 50,
  /** A grassroots committee may be formed from this many members (Branch). */
  committeeMinMembers: 100,
  /** From this many full members a branch has a committee (Branch). */
  branchCommitteeFrom: 7,
  branchCommitteeMin: 3,
  branchCommitteeMax: 5,
  branchCommitteeHardMax: 7,
  /** Terms in years (Branch; Elections). */
  branchTermYears: 3,
  villageCommunityTermYears: 5,
  committeeTermYears: 5,
  /** Warn this many days before an election is due (practice). */
  electionDueWarningDays: 90,
  /** A secretary has been a full member at least this many years (Branch). */
  secretaryMinFullMemberYears: 1,
} as const;

export type FormingRules = { [K in keyof typeof FORMING_RULES_V2018]: (typeof FORMING_RULES_V2018)[K] extends number ? number : string };

export interface DistrictSettings {
  forming?: Partial<Omit<FormingRules, 'version'>>;
}

/** The rule numbers in force for a district: the current version with the district's overrides. */
export function formingRulesFor(settings: DistrictSettings | undefined): FormingRules {
  return { ...FORMING_RULES_V2018, ...(settings?.forming ?? {}) };
}

export function parseSettings(json: string | null | undefined): DistrictSettings {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null ? (value as DistrictSettings) : {};
  } catch {
    return {};
  }
}
