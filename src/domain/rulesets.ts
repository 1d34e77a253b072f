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

/**
 * Members: registry, transfers, mobile and lost-contact members, statistics
 * (RULES.md "Transfers, mobile and lost-contact members", "Statistics").
 * Each number names its source in MEMBER_RULE_SOURCES; 'practice' marks
 * common local practice, which a district may change (settings_json.members).
 */
export const MEMBER_RULES_V2019 = {
  version: 'members-2019',
  /** Minimum age of an applicant, so of anyone admitted (Development). */
  minAdmissionAge: 18,
  /** Probation lasts this long from the branch vote (Constitution; Development). */
  probationYears: 1,
  /** No organizational life and no dues for this long: flag as lost contact (Education). */
  lostContactMonths: 6,
  /** Untraceable this long after the flag (and the search): membership may be suspended — a decision (Education). */
  untraceableMonthsBeforeSuspension: 6,
  /** This long after suspension, a still untraceable member may be removed — a decision (Education). */
  removalYearsAfterSuspension: 2,
  /** Search efforts recorded before a suspension may be decided (practice). */
  minEffortsBeforeSuspension: 1,
  /** A member away this long at a fixed place should transfer instead of staying mobile (Education). */
  transferWhenAwayMonths: 6,
  /** Transfer letters are valid this long (practice). */
  transferLetterValidMonths: 3,
  /** … and this long across provinces (practice). */
  transferLetterValidMonthsCrossProvince: 6,
  /** A mobile member reports this often while away (practice: "regular contact and regular reporting"). */
  mobileReportEveryMonths: 3,
  /** Age bands of the annual statistics: ≤ 30, then bands of 5 years, then ≥ 61 (annual statistics tables). */
  ageBandYoungestMax: 30,
  ageBandWidth: 5,
  ageBandOldestMin: 61,
} as const;

export type MemberRules = { -readonly [K in keyof typeof MEMBER_RULES_V2019]: (typeof MEMBER_RULES_V2019)[K] extends number ? number : string };
export type MemberRuleKey = Exclude<keyof MemberRules, 'version'>;

/** Where each member rule number comes from (SOURCES in sources.ts); 'practice' is a default a district may change. */
export const MEMBER_RULE_SOURCES: Record<MemberRuleKey, 'Development' | 'Constitution' | 'Education' | 'practice' | 'Statistics'> = {
  minAdmissionAge: 'Development',
  probationYears: 'Constitution',
  lostContactMonths: 'Education',
  untraceableMonthsBeforeSuspension: 'Education',
  removalYearsAfterSuspension: 'Education',
  minEffortsBeforeSuspension: 'practice',
  transferWhenAwayMonths: 'Education',
  transferLetterValidMonths: 'practice',
  transferLetterValidMonthsCrossProvince: 'practice',
  mobileReportEveryMonths: 'practice',
  ageBandYoungestMax: 'Statistics',
  ageBandWidth: 'Statistics',
  ageBandOldestMin: 'Statistics',
};

/**
 * The member rule numbers in force for a district: the current version with
 * the district's overrides (settings_json.members; positive whole numbers only — 0 efforts
 * allowed — anything else is ignored).
 */
export function memberRulesFor(settings: DistrictSettings | undefined): MemberRules {
  const stored = ((settings as { members?: unknown } | undefined)?.members ?? {}) as Record<string, unknown>;
  const out: MemberRules = { ...MEMBER_RULES_V2019 };
  for (const key of Object.keys(MEMBER_RULE_SOURCES) as MemberRuleKey[]) {
    const v = stored[key];
    if (typeof v === 'number' && Number.isInteger(v) && (v > 0 || (v === 0 && key === 'minEffortsBeforeSuspension'))) out[key] = v;
  }
  return out;
}

/**
 * Member development (RULES.md "Member development"; Development 2014,
 * Constitution). The pipeline (src/domain/pipeline.ts) takes every number
 * from here; DEVELOPMENT_RULE_SOURCES names where each comes from, and
 * 'practice' marks a local-practice default. A district overrides any of them
 * in settings_json.development (whole numbers ≥ 0; anything else is ignored).
 */
export const DEVELOPMENT_RULES_V2014 = {
  version: 'development-2014',
  /** An applicant is at least this old on the day of the application (Constitution; Development). */
  minApplicantAge: 18,
  /** The branch sends someone to talk with the applicant within this many months of the application (Development). */
  talkWithinMonths: 1,
  /** Activists are assessed at least this often, in months (Development: every half year). */
  assessmentEveryMonths: 6,
  /** Mentors (培养联系人) of an activist: 1–2 full members (Development). */
  mentorsMin: 1,
  mentorsMax: 2,
  /** Cultivation as an activist before the decision on a candidate, in months (Development: more than one year). */
  cultivationMonths: 12,
  /** Sponsors of a candidate: this many full members (Constitution; Development). */
  sponsors: 2,
  /** Concentrated training before admission: at least this many class hours, or this many days (Development). */
  trainingMinHours: 24,
  trainingMinDays: 3,
  /** No admission if the candidate is known to leave the unit within this many months of the vote (Development). */
  leavingUnitMonths: 3,
  /** The approving committee decides within this many months of the branch vote (Development)… */
  approvalDueMonths: 3,
  /** … and in special cases at most this many (Development). */
  approvalMaxMonths: 6,
  /** Probation, from the day of the branch vote, in months (Constitution; Development). */
  probationMonths: 12,
  /** Probation may be extended once, by 6 to 12 months (Constitution; Development). */
  extensionMinMonths: 6,
  extensionMaxMonths: 12,
  maxExtensions: 1,
  /** Public notice before the activist, candidate, admission and conversion decisions, in working days; 0 turns the check off (practice). */
  noticeWorkingDays: 5,
} as const;

export type DevelopmentRules = { -readonly [K in keyof typeof DEVELOPMENT_RULES_V2014]: (typeof DEVELOPMENT_RULES_V2014)[K] extends number ? number : string };
export type DevelopmentRuleKey = Exclude<keyof DevelopmentRules, 'version'>;

/** Where each development number comes from (SOURCES in sources.ts); 'practice' is a default a district may change. */
export const DEVELOPMENT_RULE_SOURCES: Record<DevelopmentRuleKey, 'Development' | 'Constitution' | 'practice'> = {
  minApplicantAge: 'Constitution',
  talkWithinMonths: 'Development',
  assessmentEveryMonths: 'Development',
  mentorsMin: 'Development',
  mentorsMax: 'Development',
  cultivationMonths: 'Development',
  sponsors: 'Constitution',
  trainingMinHours: 'Development',
  trainingMinDays: 'Development',
  leavingUnitMonths: 'Development',
  approvalDueMonths: 'Development',
  approvalMaxMonths: 'Development',
  probationMonths: 'Constitution',
  extensionMinMonths: 'Development',
  extensionMaxMonths: 'Constitution',
  maxExtensions: 'Constitution',
  noticeWorkingDays: 'practice',
};

/** The development rule numbers in force for a district: the current version with settings_json.development applied. */
export function developmentRulesFor(settings: DistrictSettings | undefined): DevelopmentRules {
  const stored = ((settings as { development?: unknown } | undefined)?.development ?? {}) as Record<string, unknown>;
  const out: DevelopmentRules = { ...DEVELOPMENT_RULES_V2014 };
  for (const key of Object.keys(DEVELOPMENT_RULE_SOURCES) as DevelopmentRuleKey[]) {
    const v = stored[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1000) out[key] = v;
  }
  return out;
}

/**
 * Organizational life (RULES.md "Organizational life"; Branch 2018): how many
 * meetings of each required kind an organization holds per period. The
 * periods and which organizations a requirement applies to live with the
 * requirements in src/domain/life.ts; the numbers live here. A count of 0
 * turns a requirement off; a district overrides any number in
 * settings_json.life (whole numbers 0–366; anything else is ignored).
 */
export const LIFE_RULES_V2018 = {
  version: 'life-2018',
  /** Branch assembly (支部党员大会): per quarter (Branch). */
  branchAssembliesPerQuarter: 1,
  /** Committee meeting (支委会): per month, where a committee exists (Branch). */
  committeeMeetingsPerMonth: 1,
  /** Group meeting (党小组会): per month, per party group (Branch). */
  groupMeetingsPerMonth: 1,
  /** Party lecture (党课): per quarter (practice). */
  partyLecturesPerQuarter: 1,
  /** Lectures given by the organization's secretary: per year (Branch). */
  secretaryLecturesPerYear: 1,
  /** Theme day (主题党日): per month (Branch). */
  themeDaysPerMonth: 1,
  /** Organizational life meeting with democratic evaluation: per year, usually in Q4 (Branch). */
  organizationalLifeMeetingsPerYear: 1,
  /** Heart-to-heart talks (谈心谈话): per year (Branch). */
  heartToHeartTalksPerYear: 1,
  /** Central study group (中心组学习) of committees: per month; off by default (practice, seeds). */
  centralStudyGroupsPerMonth: 0,
  /** Instructor meeting (指导员例会) of committees: per month; off by default (practice, seeds). */
  instructorMeetingsPerMonth: 0,
  /** Amber when a monthly period ends within this many days and is not yet met (practice). */
  amberDaysMonth: 10,
  /** … a quarterly period (practice). */
  amberDaysQuarter: 20,
  /** … a yearly period (practice). */
  amberDaysYear: 45,
} as const;

export type LifeRules = { -readonly [K in keyof typeof LIFE_RULES_V2018]: (typeof LIFE_RULES_V2018)[K] extends number ? number : string };
export type LifeRuleKey = Exclude<keyof LifeRules, 'version'>;

/** Where each organizational-life number comes from (SOURCES in sources.ts); 'practice' is a default a district may change. */
export const LIFE_RULE_SOURCES: Record<LifeRuleKey, 'Branch' | 'practice'> = {
  branchAssembliesPerQuarter: 'Branch',
  committeeMeetingsPerMonth: 'Branch',
  groupMeetingsPerMonth: 'Branch',
  partyLecturesPerQuarter: 'practice',
  secretaryLecturesPerYear: 'Branch',
  themeDaysPerMonth: 'Branch',
  organizationalLifeMeetingsPerYear: 'Branch',
  heartToHeartTalksPerYear: 'Branch',
  centralStudyGroupsPerMonth: 'practice',
  instructorMeetingsPerMonth: 'practice',
  amberDaysMonth: 'practice',
  amberDaysQuarter: 'practice',
  amberDaysYear: 'practice',
};

/** The organizational-life numbers in force for a district: the current version with settings_json.life applied. */
export function lifeRulesFor(settings: DistrictSettings | undefined): LifeRules {
  const stored = ((settings as { life?: unknown } | undefined)?.life ?? {}) as Record<string, unknown>;
  const out: LifeRules = { ...LIFE_RULES_V2018 };
  for (const key of Object.keys(LIFE_RULE_SOURCES) as LifeRuleKey[]) {
    const v = stored[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 366) out[key] = v;
  }
  return out;
}
