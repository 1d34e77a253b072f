/**
 * Shapes of the member answers the web app reads. The source of truth is the
 * server's schemas (src/modules/{members,development,transfers,mobile,
 * lost-contact,me}/schemas.ts) and /api/v1/openapi.json.
 */
import type { CloseReason, EducationLevel, MemberStage, MemberStatus, MobileMode, Occupation, TransferStatus } from '../../../../src/domain/members.ts';
import type { DeadlineKind, PipelineStatus, RecordKind } from '../../../../src/domain/pipeline.ts';
import type { Severity, SourceName } from '../../../../src/domain/sources.ts';

export type { CloseReason, DeadlineKind, EducationLevel, MemberStage, MemberStatus, MobileMode, Occupation, PipelineStatus, RecordKind, TransferStatus };

export type Bilingual = { 'zh-CN': string; en: string };
export type Gender = 'male' | 'female';

export interface StageDates {
  appliedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  admittedOn: string | null;
  fullOn: string | null;
  probationUntil: string | null;
}

export interface MemberFlags {
  keyPost: boolean;
  technicalBackbone: boolean;
  middleManagement: boolean;
  decisionLevel: boolean;
}

export interface Member {
  id: number;
  personId: number;
  name: string;
  gender: Gender | null;
  ethnicity: string | null;
  age: number | null;
  /** Always masked (1101**********002X). */
  residentId: string | null;
  /** Always masked (138****5678). */
  phone: string | null;
  education: EducationLevel | null;
  occupation: Occupation | null;
  orgId: number;
  orgName: string;
  stage: MemberStage;
  stageDates: StageDates;
  employerUnitId: number | null;
  employerUnitName: string | null;
  position: string | null;
  inUnitManagement: boolean;
  flags: MemberFlags;
  isMobile: boolean;
  lastContactOn: string | null;
  status: MemberStatus;
  closedOn: string | null;
  closedReason: CloseReason | null;
}

export interface MemberDetail extends Member {
  lostContactSince: string | null;
  openTransferId: number | null;
  openMobileRecordId: number | null;
  openLostContactCaseId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemberInput {
  name: string;
  gender: Gender;
  residentId: string;
  ethnicity?: string | null;
  education?: EducationLevel | null;
  phone?: string | null;
  employerUnitId?: number | null;
  position?: string | null;
  inUnitManagement?: boolean;
  occupation?: Occupation | null;
  keyPost?: boolean;
  technicalBackbone?: boolean;
  middleManagement?: boolean;
  decisionLevel?: boolean;
}

export interface CreateMemberInput extends MemberInput {
  orgId: number;
  stage: 'probationary' | 'full';
  admittedOn?: string | null;
  fullOn?: string | null;
}

/* ---- development ---- */

export interface DevFinding {
  ruleId: string;
  severity: Severity;
  message: Bilingual;
  sources: SourceName[];
  field: string;
}

export interface Deadline {
  kind: DeadlineKind;
  dueOn: string;
  overdue: boolean;
  severity: Severity;
  message: Bilingual;
  sources: SourceName[];
}

export interface HistoryItem {
  id: number;
  step: RecordKind;
  label: Bilingual;
  order: number | null;
  phase: number | null;
  doneOn: string;
  data: Record<string, unknown>;
  voided: boolean;
  original: { doneOn: string; data: Record<string, unknown> } | null;
  corrections: { id: number; doneOn: string; data: Record<string, unknown>; reason: string | null; void: boolean; recordedAt: string; recordedBy: string | null }[];
  recordedAt: string;
  recordedBy: string | null;
  findings: DevFinding[];
}

export interface NextStep {
  step: RecordKind;
  label: Bilingual;
  order: number | null;
  earliestOn: string | null;
}

export interface Development {
  memberId: number;
  personId: number;
  name: string;
  orgId: number;
  orgName: string;
  status: PipelineStatus | null;
  memberStatus: string;
  stageDates: Omit<StageDates, never>;
  admissionVoteOn: string | null;
  probationEndsOn: string | null;
  extensionMonths: number;
  fromRegistry: boolean;
  history: HistoryItem[];
  nextSteps: NextStep[];
  deadlines: Deadline[];
  findings: DevFinding[];
  people: { id: number; name: string }[];
  rules: { version: string };
}

export interface Recorded extends Development {
  warnings: DevFinding[];
}

export interface ApplicationInput {
  orgId: number;
  name: string;
  gender: Gender;
  residentId: string;
  phone?: string | null;
  employerUnitId?: number | null;
  appliedOn: string;
}

export interface ReminderItem extends Deadline {
  memberId: number;
  name: string;
  status: PipelineStatus;
}

export interface Reminders {
  today: string;
  within: number;
  items: { orgId: number; orgName: string; deadlines: ReminderItem[] }[];
  total: number;
}

export interface PipelineCounts {
  counts: Record<'applicant' | 'activist' | 'candidate' | 'probationary' | 'full', number>;
  inDevelopment: number;
}

/** A refusal detail: the usual field error plus the rule and its sources. */
export interface RefusalDetail {
  field: string;
  code: string;
  message: string;
  ruleId?: string;
  severity?: string;
  sources?: { name: string; title: string }[];
}

/* ---- transfers ---- */

export interface OrgRef {
  id: number;
  name: string;
}

export interface Transfer {
  id: number;
  memberId: number;
  memberName: string;
  memberStage: MemberStage;
  fromOrg: OrgRef;
  toOrg: OrgRef | null;
  destination: string | null;
  withinDistrict: boolean;
  letterNo: string | null;
  validUntil: string | null;
  expired: boolean;
  reason: string;
  status: TransferStatus;
  requestedOn: string;
  sentOn: string | null;
  receivedOn: string | null;
  returnedOn: string | null;
  returnReason: string | null;
  withdrawnOn: string | null;
  createdAt: string;
}

/* ---- mobile ---- */

export interface MobileReport {
  id: number;
  reportedOn: string;
  location: string | null;
  content: string;
  createdAt: string;
}

export interface MobileRecord {
  id: number;
  memberId: number;
  memberName: string;
  gender: Gender | null;
  phone: string | null;
  homeOrg: OrgRef;
  destination: string;
  reason: string;
  leftOn: string;
  expectedUntil: string | null;
  certificateNo: string | null;
  hostOrg: OrgRef | null;
  mode: MobileMode | null;
  reportEveryMonths: number;
  returnedOn: string | null;
  lastReportOn: string | null;
  reportCount: number;
  nextReportDue: string | null;
  overdue: boolean;
  shouldTransfer: boolean;
}

export interface MobileRecordDetail extends MobileRecord {
  reports: MobileReport[];
}

export interface HostedMember {
  id: number;
  memberId: number;
  memberName: string;
  gender: Gender | null;
  phone: string | null;
  homeOrg: OrgRef;
  hostOrg: OrgRef;
  mode: MobileMode | null;
  leftOn: string;
  expectedUntil: string | null;
  votesAtHost: false;
  note: Bilingual;
}

/* ---- lost contact ---- */

export type LostContactDecision = 'found' | 'keep_searching' | 'suspend_membership' | 'remove';
export type SearchMethod = 'phone' | 'visit' | 'letter' | 'relatives' | 'employer' | 'public_notice' | 'other';

export interface LostContactCase {
  id: number;
  memberId: number;
  memberName: string;
  status: 'open' | 'suspended' | 'closed';
  openedOn: string;
  decision: LostContactDecision | null;
  decidedOn: string | null;
  decisionNote: string | null;
  efforts: { id: number; triedOn: string; method: SearchMethod; outcome: string; recordedBy: number | null }[];
  suspendableFrom: string | null;
  removableFrom: string | null;
  allowedDecisions: LostContactDecision[];
}

export interface LostContactItem {
  memberId: number;
  name: string;
  gender: Gender | null;
  phone: string | null;
  orgId: number;
  orgName: string;
  stage: MemberStage;
  status: MemberStatus;
  isMobile: boolean;
  lastContactOn: string | null;
  lostContactSince: string | null;
  case: LostContactCase | null;
}

/* ---- members to find, talent ---- */

export interface ToFindItem {
  unitId: number;
  unitName: string;
  territoryId: number;
  territoryName: string;
  surveyed: number;
  registered: number;
  gap: number;
}

export interface Talent {
  unit: { id: number; name: string; employeeCount: number; surveyedMemberCount: number };
  organizations: { id: number; name: string; kind: string }[];
  steps: {
    employees: number;
    backbones: { total: number; technical: number; middleManagement: number; notYetMembers: number };
    members: { total: number; full: number; probationary: number; backbones: number };
    decisionLevel: { total: number };
  };
  pipeline: { applicant: number; activist: number; candidate: number };
  crossAppointments: { personId: number; name: string; post: string; orgId: number; orgName: string; unitPosition: string | null }[];
  toFind: { surveyed: number; registered: number; gap: number };
}

/* ---- me ---- */

export interface MeMember {
  member: Member;
  organization: { id: number; name: string; kind: string; secretaryName: string | null };
  nextSteps: { step: string; label: Bilingual; earliestOn: string | null }[];
  deadlines: { kind: string; on: string; overdue: boolean; message: Bilingual | null }[];
  lostContactSince: string | null;
  openTransfer: Transfer | null;
  mobile: { recordId: number; nextReportDue: string | null; overdue: boolean } | null;
}

/* ---- roster import ---- */

export interface RowError {
  row: number;
  field: string;
  column: string;
  code: string;
  message: string;
}

export interface ImportSummary {
  format: 'xlsx' | 'csv';
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errorCount: number;
  errors: RowError[];
}

export interface ImportResult extends ImportSummary {
  dryRun: boolean;
  jobId: number | null;
}

export interface ImportJob {
  id: number;
  kind: string;
  status: 'running' | 'done' | 'failed';
  phase: 'validating' | 'writing';
  done: number;
  total: number;
  result: ImportSummary | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}
