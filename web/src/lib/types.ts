/**
 * Shapes of the API answers the web app reads (see src/modules/<context>/schemas.ts,
 * the source of truth, and /api/v1/openapi.json).
 */
import type { TerritoryKind } from '../../../src/domain/territory.ts';
import type { Industry, Ownership, SizeBand, UnitKind, UnitStatus } from '../../../src/domain/units.ts';
import type { ChecklistName, CoverageState } from '../../../src/domain/coverage.ts';
import type { DemoSiteLevel, FormationMode, OrgKind, Post } from '../../../src/domain/orgs.ts';
import type { Severity, SourceName } from '../../../src/domain/sources.ts';

export type { ChecklistName, TerritoryKind, Industry, Ownership, SizeBand, UnitKind, UnitStatus, CoverageState, DemoSiteLevel, FormationMode, OrgKind, Post, Severity, SourceName };

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: string;
  locale: string;
  district: { id: number; name: string; timeZone: string };
  scope: {
    territoryId: number | null;
    territoryName: string | null;
    territoryPath: string | null;
    partyOrgId: number | null;
  };
  permissions: string[];
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface TreeNode {
  id: number;
  parentId: number | null;
  kind: TerritoryKind;
  name: string;
  status: string;
  depth: number;
  lng: number | null;
  lat: number | null;
  unitCount: number;
}

export interface Territory {
  id: number;
  parentId: number | null;
  kind: TerritoryKind;
  name: string;
  code: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  path: string;
  depth: number;
  status: 'active' | 'closed';
  closedAt: string | null;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Unit {
  id: number;
  territoryId: number;
  territoryName: string;
  territoryKind: string;
  streetId: number | null;
  streetName: string | null;
  name: string;
  creditCode: string;
  kind: UnitKind;
  ownership: Ownership;
  industry: Industry;
  employeeCount: number;
  sizeBand: SizeBand;
  surveyedMemberCount: number;
  address: string | null;
  lng: number | null;
  lat: number | null;
  registeredOn: string | null;
  status: UnitStatus;
  coverage: CoverageState;
  closedOn: string | null;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnitInput {
  territoryId: number;
  name: string;
  creditCode: string;
  kind: UnitKind;
  ownership: Ownership;
  industry: Industry;
  employeeCount: number;
  surveyedMemberCount?: number;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  registeredOn?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

/* ---- coverage (src/modules/coverage/schemas.ts) ---- */

export interface CoverageCounts {
  operating: number;
  own: number;
  joint: number;
  work: number;
  none: number;
}

/** Shares 0–1 (four decimals), null when there is no operating unit. */
export interface CoverageRates {
  organizational: number | null;
  own: number | null;
  work: number | null;
  total: number | null;
}

export interface NodeCoverage {
  territoryId: number;
  name: string;
  kind: TerritoryKind;
  lng: number | null;
  lat: number | null;
  counts: CoverageCounts;
  rates: CoverageRates;
}

export interface CoverageSummary {
  node: NodeCoverage;
  /** Its largest children by operating units (at most 20); useCoverageChildren pages them all. */
  children: NodeCoverage[];
  childCount: number;
  direct: CoverageCounts;
  memberCountSource: 'survey' | 'registry';
}

export interface CoverageTrend {
  items: { on: string; counts: CoverageCounts; rates: CoverageRates }[];
}

export interface CoverageMap {
  center: { lng: number; lat: number };
  points: NodeCoverage[];
}

export type WorklistAction = 'form_branch' | 'join_joint_branch' | 'assign_liaison';

export interface JointBranchSuggestion {
  id: number;
  name: string;
  room: number;
  sameArea: boolean;
  sameIndustry: boolean;
  distanceMetres: number | null;
}

export interface WorklistItem {
  unitId: number;
  name: string;
  creditCode: string;
  industry: Industry;
  employeeCount: number;
  territoryId: number;
  territoryName: string;
  coverage: CoverageState;
  memberCount: number;
  memberCountSource: 'survey' | 'registry';
  action: WorklistAction;
  suggestions: JointBranchSuggestion[];
}

export type LiaisonKind = 'instructor' | 'liaison';

export interface Liaison {
  id: number;
  unitId: number;
  personId: number;
  personName: string;
  kind: LiaisonKind;
  sinceOn: string;
  untilOn: string | null;
}

export interface UnitCoverage {
  unitId: number;
  coverage: CoverageState;
  org: { id: number; name: string; kind: OrgKind; formationMode: FormationMode; sinceOn: string } | null;
  liaisons: Liaison[];
  history: { orgId: number; orgName: string; sinceOn: string; untilOn: string | null }[];
}

/* ---- party organizations (src/modules/orgs/schemas.ts) ---- */

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: { 'zh-CN': string; en: string };
  sources: SourceName[];
}

export interface OrgPost {
  id: number;
  post: Post;
  personId: number;
  personName: string;
  startedOn: string;
  approvedOn: string | null;
  crossAppointed: boolean;
  unitPosition: string | null;
}

export interface Org {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  kind: OrgKind;
  name: string;
  formationMode: FormationMode;
  territoryId: number;
  territoryName: string;
  foundedOn: string;
  approvedOn: string | null;
  lastElectedOn: string | null;
  termYears: number | null;
  electionDueOn: string | null;
  demoSite: { level: DemoSiteLevel; designatedOn: string | null } | null;
  status: 'active' | 'closed';
  closedOn: string | null;
  closedReason: string | null;
  memberCount: { value: number; source: 'survey' | 'registry' };
  coveredUnitCount: number;
  posts: OrgPost[];
  findings: Finding[];
}

export interface CoveredUnit {
  linkId: number;
  unitId: number;
  name: string;
  creditCode: string;
  industry: Industry;
  employeeCount: number;
  surveyedMemberCount: number;
  territoryName: string;
  sinceOn: string;
  untilOn: string | null;
}

export interface OrgDetail {
  org: Org;
  parent: { id: number; name: string; kind: OrgKind } | null;
  children: { id: number; name: string; kind: OrgKind; status: string }[];
  units: CoveredUnit[];
}

export interface OrgTreeItem {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  name: string;
  status: string;
  depth: number;
}

/* ---- people (src/modules/people/schemas.ts) ---- */

export interface Person {
  id: number;
  territoryId: number;
  name: string;
  gender: 'male' | 'female' | null;
  phone: string | null;
  employerUnitId: number | null;
  employerUnitName: string | null;
  unitPosition: string | null;
  inUnitManagement: boolean;
  fullMemberSince: string | null;
}

export interface PersonInput {
  territoryId: number;
  name: string;
  gender?: 'male' | 'female' | null;
  phone?: string | null;
  employerUnitId?: number | null;
  unitPosition?: string | null;
  inUnitManagement?: boolean;
  fullMemberSince?: string | null;
}

/* ---- standardization (src/modules/standardization/schemas.ts) ---- */

export interface Evidence {
  uploadId: number;
  name: string;
  mime: string;
  size: number;
}

export interface ChecklistItem {
  item: string;
  done: boolean;
  doneOn: string | null;
  note: string | null;
  evidence: Evidence | null;
}

export interface Checklist {
  checklist: ChecklistName;
  items: ChecklistItem[];
  /** Share of the items done, 0–1. */
  completion: number;
}

export interface OrgChecklists {
  orgId: number;
  checklists: Checklist[];
}

export interface Upload {
  id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

type PerChecklist<T> = Record<ChecklistName, T>;

export interface StandardizationSummary {
  node: { territoryId: number; name: string; kind: TerritoryKind };
  organizations: number;
  checklists: {
    checklist: ChecklistName;
    organizations: number;
    complete: number;
    partial: number;
    none: number;
    averageCompletion: number | null;
    items: { item: string; done: number }[];
  }[];
  children: { territoryId: number; name: string; kind: TerritoryKind; organizations: number; averageCompletion: PerChecklist<number | null> }[];
  direct: { organizations: number; averageCompletion: PerChecklist<number | null> };
}

export interface StandardizationOrg {
  id: number;
  name: string;
  kind: OrgKind;
  territoryId: number;
  territoryName: string;
  demoSite: DemoSiteLevel | null;
  done: PerChecklist<number>;
  completion: PerChecklist<number>;
}

/* ---- rule settings (src/modules/settings/schemas.ts) ---- */

export interface RuleSection {
  version: string;
  values: Record<string, number>;
  defaults: Record<string, number>;
  overridden: string[];
}

export type RuleSettings = Record<string, RuleSection>;
