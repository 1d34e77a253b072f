/**
 * Party organizations: kinds, how they nest, formation modes, posts, terms,
 * and the forming rules of RULES.md "Forming organizations" as pure functions.
 */
import { addYears, daysBetween } from './dates.js';
import type { FormingRules } from './rulesets.js';
import type { Finding } from './sources.js';

export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'joint_branch', 'party_group'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const FORMATION_MODES = ['single', 'joint', 'regional', 'industry', 'affiliated', 'dispatched'] as const;
export type FormationMode = (typeof FORMATION_MODES)[number];

export const POSTS = ['secretary', 'deputy_secretary', 'committee_member', 'organizer'] as const;
export type Post = (typeof POSTS)[number];

/** Posts that sit on the committee (the organizer of a party group does not). */
export const COMMITTEE_POSTS: readonly Post[] = ['secretary', 'deputy_secretary', 'committee_member'];

export const DEMO_SITE_LEVELS = ['province', 'city', 'district'] as const;
export type DemoSiteLevel = (typeof DEMO_SITE_LEVELS)[number];

const PARENTS: Record<OrgKind, readonly (OrgKind | null)[]> = {
  committee: [null, 'committee'],
  general_branch: ['committee'],
  branch: ['committee', 'general_branch'],
  joint_branch: ['committee', 'general_branch'],
  party_group: ['branch', 'joint_branch'],
};

export function canNestOrg(kind: OrgKind, parentKind: OrgKind | null): boolean {
  return PARENTS[kind].includes(parentKind);
}

/** Which organizations cover units directly (a committee's own unit counts too). */
export function coversUnits(kind: OrgKind): boolean {
  return kind !== 'party_group';
}

/** A unit covered by an organization of this mode has its own organization; otherwise it shares one. */
export function isOwnCoverage(mode: FormationMode): boolean {
  return mode === 'single';
}

/** Term length in years: committees 5; branches and general branches 3, or 5 in villages and communities. */
export function termYears(kind: OrgKind, inVillageOrCommunity: boolean, rules: FormingRules): number | null {
  if (kind === 'party_group') return null;
  if (kind === 'committee') return rules.committeeTermYears;
  return inVillageOrCommunity ? rules.villageCommunityTermYears : rules.branchTermYears;
}

export function electionDueOn(lastElectedOn: string | null, years: number | null): string | null {
  if (!lastElectedOn || years === null) return null;
  return addYears(lastElectedOn, years);
}

export interface OrgFacts {
  kind: OrgKind;
  formationMode: FormationMode;
  inVillageOrCommunity: boolean;
  /** Full members of the organization (registry), or the surveyed count of its units until members are registered. */
  fullMemberCount: number;
  memberCount: number;
  coveredUnitCount: number;
  /** Current holders of each committee post. */
  posts: { post: Post; fullMemberSince: string | null }[];
  lastElectedOn: string | null;
  today: string;
}

const f = (
  ruleId: string,
  severity: Finding['severity'],
  zh: string,
  en: string,
  sources: Finding['sources'],
): Finding => ({ ruleId, severity, message: { 'zh-CN': zh, en }, sources });

/** Every forming rule the organization breaks or is about to break, most serious first. */
export function evaluateOrg(o: OrgFacts, r: FormingRules): Finding[] {
  const out: Finding[] = [];
  const isBranch = o.kind === 'branch' || o.kind === 'joint_branch';

  if (isBranch && o.fullMemberCount < r.branchMinFullMembers) {
    out.push(
      f(
        'org.branch.min_full_members',
        'error',
        `党支部应有正式党员 ${r.branchMinFullMembers} 人以上，现有 ${o.fullMemberCount} 人`,
        `A branch needs at least ${r.branchMinFullMembers} full members; it has ${o.fullMemberCount}`,
        ['Constitution', 'Branch'],
      ),
    );
  }
  if (isBranch && o.memberCount > r.branchMaxMembers) {
    out.push(
      f(
        'org.branch.max_members',
        'warning',
        `党支部党员人数一般不超过 ${r.branchMaxMembers} 人，现有 ${o.memberCount} 人，可考虑成立党总支`,
        `A branch normally has at most ${r.branchMaxMembers} members; it has ${o.memberCount}: consider a general branch`,
        ['Branch'],
      ),
    );
  }
  if (o.kind === 'joint_branch' && o.coveredUnitCount > r.jointBranchMaxUnits) {
    out.push(
      f(
        'org.joint_branch.max_units',
        'warning',
        `联合党支部覆盖单位一般不超过 ${r.jointBranchMaxUnits} 个，现覆盖 ${o.coveredUnitCount} 个`,
        `A joint branch normally covers at most ${r.jointBranchMaxUnits} units; it covers ${o.coveredUnitCount}`,
        ['Branch'],
      ),
    );
  }
  if (o.kind === 'general_branch' && o.memberCount < r.generalBranchMinMembers) {
    out.push(
      f(
        'org.general_branch.min_members',
        'warning',
        `党员人数 ${r.generalBranchMinMembers} 人以上方可成立党总支，现有 ${o.memberCount} 人`,
        `A general branch is formed from ${r.generalBranchMinMembers} members; it has ${o.memberCount}`,
        ['Branch'],
      ),
    );
  }
  if (o.kind === 'committee' && o.memberCount < r.committeeMinMembers) {
    out.push(
      f(
        'org.committee.min_members',
        'info',
        `党员 ${r.committeeMinMembers} 人以上设立基层党委，现有 ${o.memberCount} 人，需经上级党组织批准`,
        `A grassroots committee is formed from ${r.committeeMinMembers} members; with ${o.memberCount} it needs the higher organization's approval`,
        ['Branch'],
      ),
    );
  }

  const committee = o.posts.filter((p) => COMMITTEE_POSTS.includes(p.post));
  const secretaries = o.posts.filter((p) => p.post === 'secretary');
  if (isBranch) {
    if (o.fullMemberCount >= r.branchCommitteeFrom) {
      if (committee.length > r.branchCommitteeHardMax) {
        out.push(
          f(
            'org.committee_size',
            'error',
            `支部委员会一般不超过 ${r.branchCommitteeHardMax} 人，现有 ${committee.length} 人`,
            `A branch committee has at most ${r.branchCommitteeHardMax} members; it has ${committee.length}`,
            ['Branch'],
          ),
        );
      } else if (committee.length < r.branchCommitteeMin || committee.length > r.branchCommitteeMax) {
        out.push(
          f(
            'org.committee_size',
            'warning',
            `正式党员 ${r.branchCommitteeFrom} 人以上的党支部设支部委员会，由 ${r.branchCommitteeMin}–${r.branchCommitteeMax} 人组成，现有 ${committee.length} 人`,
            `A branch with ${r.branchCommitteeFrom}+ full members has a committee of ${r.branchCommitteeMin}–${r.branchCommitteeMax}; it has ${committee.length}`,
            ['Branch'],
          ),
        );
      }
    } else if (o.posts.some((p) => p.post === 'committee_member')) {
      out.push(
        f(
          'org.committee_size',
          'warning',
          `正式党员不足 ${r.branchCommitteeFrom} 人的党支部不设支部委员会，只设书记（必要时设副书记）`,
          `A branch with fewer than ${r.branchCommitteeFrom} full members has no committee, only a secretary (and a deputy if needed)`,
          ['Branch'],
        ),
      );
    }
  }

  if (o.kind !== 'party_group' && secretaries.length === 0) {
    out.push(f('org.secretary.missing', 'warning', '尚未配备书记', 'No secretary in post', ['Branch']));
  }
  for (const s of secretaries) {
    const enough = s.fullMemberSince !== null && addYears(s.fullMemberSince, r.secretaryMinFullMemberYears) <= o.today;
    if (!enough) {
      out.push(
        f(
          'org.secretary.full_member_years',
          'warning',
          `书记应具有 ${r.secretaryMinFullMemberYears} 年以上党龄（正式党员）`,
          `A secretary should have been a full member for at least ${r.secretaryMinFullMemberYears} year(s)`,
          ['Branch'],
        ),
      );
    }
  }

  const years = termYears(o.kind, o.inVillageOrCommunity, r);
  const due = electionDueOn(o.lastElectedOn, years);
  if (years !== null && o.lastElectedOn === null) {
    out.push(f('org.term.unknown', 'info', '未登记换届选举日期', 'The date of the last election is not recorded', ['Elections']));
  } else if (due !== null && due <= o.today) {
    out.push(
      f(
        'org.term.expired',
        'error',
        `任期 ${years} 年已于 ${due} 届满，应按期换届`,
        `The ${years}-year term ended on ${due}; an election is overdue`,
        ['Branch', 'Elections'],
      ),
    );
  } else if (due !== null && daysBetween(o.today, due) <= r.electionDueWarningDays) {
    out.push(
      f(
        'org.term.due',
        'warning',
        `任期将于 ${due} 届满（${daysBetween(o.today, due)} 天后），请准备换届`,
        `The term ends on ${due} (in ${daysBetween(o.today, due)} days): prepare the election`,
        ['Branch', 'Elections', 'practice'],
      ),
    );
  }

  const rank = { error: 0, warning: 1, info: 2 } as const;
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

