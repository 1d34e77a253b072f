import Type from 'typebox';
import { DEVELOPMENT_RULES_V2014, FORMING_RULES_V2018, LIFE_RULES_V2018, MEMBER_RULES_V2019 } from '../../domain/rulesets.js';

type Bounds = { min: number; max: number };

/**
 * A versioned rule set a district may override, number by number: its
 * defaults (src/domain/rulesets.ts), the sane bounds of each number, and pairs
 * that must stay in order ([lower, upper]). Overrides live in
 * district.settings_json under the section's name.
 */
export interface RuleSection {
  defaults: { version: string } & Record<string, number | string>;
  bounds: Record<string, Bounds>;
  order: [string, string][];
}

export type FormingKey = Exclude<keyof typeof FORMING_RULES_V2018, 'version'>;

/** Forming organizations: members, units and seats 1–1000; terms and years 1–20; days 1–365. */
const FORMING_BOUNDS: Record<FormingKey, Bounds> = {
  branchMinFullMembers: { min: 1, max: 1000 },
  branchMaxMembers: { min: 1, max: 1000 },
  jointBranchMaxUnits: { min: 1, max: 1000 },
  generalBranchMinMembers: { min: 1, max: 1000 },
  committeeMinMembers: { min: 1, max: 1000 },
  branchCommitteeFrom: { min: 1, max: 1000 },
  branchCommitteeMin: { min: 1, max: 1000 },
  branchCommitteeMax: { min: 1, max: 1000 },
  branchCommitteeHardMax: { min: 1, max: 1000 },
  branchTermYears: { min: 1, max: 20 },
  villageCommunityTermYears: { min: 1, max: 20 },
  committeeTermYears: { min: 1, max: 20 },
  electionDueWarningDays: { min: 1, max: 365 },
  secretaryMinFullMemberYears: { min: 1, max: 20 },
};

/** Bounds for every number of a rule set: 1..1000 unless the key may be 0 (a rule switched off). */
function boundsFor<T extends { version: string }>(defaults: T, mayBeZero: (key: string) => boolean): Record<string, Bounds> {
  return Object.fromEntries(
    Object.keys(defaults)
      .filter((k) => k !== 'version')
      .map((k) => [k, { min: mayBeZero(k) ? 0 : 1, max: 1000 }]),
  );
}

/** Every rule set the district settings expose; a new one is one entry here. */
export const RULE_SECTIONS = {
  forming: {
    defaults: FORMING_RULES_V2018,
    bounds: FORMING_BOUNDS,
    order: [
      ['branchMinFullMembers', 'branchMaxMembers'],
      ['branchCommitteeMin', 'branchCommitteeMax'],
      ['branchCommitteeMax', 'branchCommitteeHardMax'],
    ],
  },
  members: {
    defaults: MEMBER_RULES_V2019,
    bounds: boundsFor(MEMBER_RULES_V2019, (k) => k === 'minEffortsBeforeSuspension'),
    order: [['ageBandYoungestMax', 'ageBandOldestMin'], ['transferLetterValidMonths', 'transferLetterValidMonthsCrossProvince']],
  },
  development: {
    defaults: DEVELOPMENT_RULES_V2014,
    bounds: boundsFor(DEVELOPMENT_RULES_V2014, (k) => k === 'noticeWorkingDays'),
    order: [
      ['mentorsMin', 'mentorsMax'],
      ['approvalDueMonths', 'approvalMaxMonths'],
      ['extensionMinMonths', 'extensionMaxMonths'],
    ],
  },
  // Counts of 0 switch a requirement off; amber windows are days.
  life: {
    defaults: LIFE_RULES_V2018,
    bounds: boundsFor(LIFE_RULES_V2018, (k) => !k.startsWith('amberDays')),
    order: [],
  },
} satisfies Record<string, RuleSection>;

export type SectionName = keyof typeof RULE_SECTIONS;
export const SECTION_NAMES = Object.keys(RULE_SECTIONS) as SectionName[];

export const keysOf = (s: RuleSection) => Object.keys(s.bounds);

const numbers = <T>(s: RuleSection, value: (k: string) => T) => Object.fromEntries(keysOf(s).map((k) => [k, value(k)]));

const SectionView = (s: RuleSection) =>
  Type.Object({
    version: Type.String({ description: 'the rule set the defaults come from' }),
    values: Type.Object(numbers(s, () => Type.Integer()), { description: 'the numbers in force for the district' }),
    defaults: Type.Object(numbers(s, () => Type.Integer())),
    overridden: Type.Array(Type.String(), { description: 'keys the district has overridden' }),
  });

export const RuleSettings = Type.Object(Object.fromEntries(SECTION_NAMES.map((n) => [n, SectionView(RULE_SECTIONS[n])])));

const SectionPatch = (s: RuleSection) =>
  Type.Object(
    // One schema with a type list, not anyOf: with the app's type coercion an anyOf's null branch would turn 0 into null.
    numbers(s, (k) => Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: s.bounds[k]!.min, maximum: s.bounds[k]!.max }))),
    { additionalProperties: false, minProperties: 1, description: 'a number overrides the default; null returns to it' },
  );

export const PatchRuleSettings = Type.Object(
  Object.fromEntries(SECTION_NAMES.map((n) => [n, Type.Optional(SectionPatch(RULE_SECTIONS[n]))])),
  { additionalProperties: false, minProperties: 1 },
);

export type RuleSettingsPatch = Partial<Record<SectionName, Record<string, number | null | undefined>>>;
