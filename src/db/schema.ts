/**
 * Kysely table types. Conventions (docs/decisions/0002-schema-conventions.md):
 * every table carries district_id; ids are integers; times are ISO-8601 UTC
 * text and dates YYYY-MM-DD text in both dialects; flags are integers 0/1;
 * money is integer fen; trees carry a materialized `path`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;

export interface DistrictTable {
  id: Id;
  name: string;
  time_zone: string;
  /** District overrides of rule numbers (src/domain/rulesets.ts), JSON. */
  settings_json: ColumnType<string, string | undefined, string>;
  created_at: string;
}

export interface TerritoryTable {
  id: Id;
  district_id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  code: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  /** Materialized path, '/1/7/42/'; set right after insert, once the id is known. */
  path: string;
  depth: number;
  status: string;
  closed_at: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitTable {
  id: Id;
  district_id: number;
  territory_id: number;
  /** Copy of the territory's path so that subtree filters need no join. */
  territory_path: string;
  name: string;
  credit_code: string;
  kind: string;
  ownership: string;
  industry: string;
  employee_count: number;
  surveyed_member_count: number;
  address: string | null;
  lng: number | null;
  lat: number | null;
  registered_on: string | null;
  status: string;
  closed_on: string | null;
  closed_reason: string | null;
  /** own | joint | work | none — kept current by the coverage module. */
  coverage: ColumnType<string, string | undefined, string>;
  /** Registered active members employed here (any stage), and the full members among them: kept by triggers (migration 0011). */
  registry_members: ColumnType<number, never, never>;
  registry_full: ColumnType<number, never, never>;
  created_at: string;
  updated_at: string;
}

export interface PartyOrgTable {
  id: Id;
  district_id: number;
  parent_id: number | null;
  path: string;
  depth: number;
  kind: string;
  name: string;
  formation_mode: string;
  territory_id: number;
  territory_path: string;
  founded_on: string;
  approved_on: string | null;
  last_elected_on: string | null;
  demo_site_level: string | null;
  demo_site_on: string | null;
  status: string;
  closed_on: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface PartyOrgUnitTable {
  id: Id;
  district_id: number;
  party_org_id: number;
  unit_id: number;
  since_on: string;
  until_on: string | null;
  created_at: string;
}

export interface PersonTable {
  id: Id;
  district_id: number;
  territory_id: number;
  territory_path: string;
  name: string;
  gender: string | null;
  phone: string | null;
  employer_unit_id: number | null;
  unit_position: string | null;
  in_unit_management: number;
  full_member_since: string | null;
  /** AES-256-GCM ciphertext of the resident ID (src/server/crypto.ts). */
  resident_id_enc: ColumnType<string | null, string | null | undefined, string | null>;
  /** Keyed hash of the resident ID: finds duplicates without decrypting. */
  resident_id_hash: ColumnType<string | null, string | null | undefined, string | null>;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  ethnicity: ColumnType<string | null, string | null | undefined, string | null>;
  education: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
}

export interface MemberTable {
  id: Id;
  district_id: number;
  person_id: number;
  party_org_id: number;
  org_path: string;
  territory_path: string;
  stage: string;
  status: ColumnType<string, string | undefined, string>;
  closed_on: string | null;
  closed_reason: string | null;
  occupation: string | null;
  position: string | null;
  is_key_post: ColumnType<number, number | undefined, number>;
  is_technical_backbone: ColumnType<number, number | undefined, number>;
  is_middle_management: ColumnType<number, number | undefined, number>;
  is_decision_level: ColumnType<number, number | undefined, number>;
  applied_on: string | null;
  activist_on: string | null;
  candidate_on: string | null;
  admitted_on: string | null;
  full_on: string | null;
  probation_until: string | null;
  is_mobile: ColumnType<number, number | undefined, number>;
  last_contact_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface DevelopmentStepTable {
  id: Id;
  district_id: number;
  member_id: number;
  step: string;
  done_on: string;
  data_json: ColumnType<string, string | undefined, never>;
  corrects_id: number | null;
  recorded_by: number | null;
  created_at: string;
}

export interface TransferTable {
  id: Id;
  district_id: number;
  member_id: number;
  from_org_id: number;
  to_org_id: number | null;
  destination: string | null;
  cross_province: ColumnType<number, number | undefined, number>;
  letter_no: string | null;
  valid_until: string | null;
  reason: string;
  status: string;
  requested_on: string;
  sent_on: string | null;
  received_on: string | null;
  returned_on: string | null;
  return_reason: string | null;
  withdrawn_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface MobileRecordTable {
  id: Id;
  district_id: number;
  member_id: number;
  destination: string;
  reason: string;
  left_on: string;
  expected_until: string | null;
  certificate_no: string | null;
  host_org_id: number | null;
  mode: string | null;
  report_every_months: ColumnType<number, number | undefined, number>;
  returned_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface MobileReportTable {
  id: Id;
  district_id: number;
  mobile_record_id: number;
  member_id: number;
  reported_on: string;
  location: string | null;
  content: string;
  created_at: string;
}

export interface ContactEventTable {
  id: Id;
  district_id: number;
  member_id: number;
  kind: string;
  happened_on: string;
  note: string | null;
  source_id: number | null;
  created_at: string;
}

export interface LostContactCaseTable {
  id: Id;
  district_id: number;
  member_id: number;
  opened_on: string;
  status: ColumnType<string, string | undefined, string>;
  decision: string | null;
  decided_on: string | null;
  decision_note: string | null;
  created_at: string;
  updated_at: string;
}

export interface LostContactEffortTable {
  id: Id;
  district_id: number;
  case_id: number;
  tried_on: string;
  method: string;
  outcome: string;
  recorded_by: number | null;
  created_at: string;
}

export interface CalendarDayTable {
  id: Id;
  district_id: number;
  day: string;
  is_working: number;
  note: string | null;
}

export interface OrgPostTable {
  id: Id;
  district_id: number;
  party_org_id: number;
  person_id: number;
  post: string;
  started_on: string;
  ended_on: string | null;
  approved_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface LiaisonAssignmentTable {
  id: Id;
  district_id: number;
  unit_id: number;
  person_id: number;
  kind: string;
  since_on: string;
  until_on: string | null;
  created_at: string;
}

export interface UploadTable {
  id: Id;
  district_id: number;
  party_org_id: number | null;
  sha256: string;
  original_name: string;
  mime: string;
  size: number;
  uploaded_by: number | null;
  created_at: string;
}

export interface ChecklistItemTable {
  id: Id;
  district_id: number;
  party_org_id: number;
  checklist: string;
  item: string;
  done_on: string | null;
  upload_id: number | null;
  note: string | null;
  updated_at: string;
}

export interface AppUserTable {
  id: Id;
  district_id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  scope_territory_id: number | null;
  scope_party_org_id: number | null;
  person_id: ColumnType<number | null, number | null | undefined, number | null>;
  locale: string;
  status: string;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not yield live sessions. */
  id: string;
  district_id: number;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Id;
  district_id: number;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  /** Territory path of the entity, so that a street admin sees their street's history. */
  scope_path: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface Database {
  district: DistrictTable;
  territory: TerritoryTable;
  unit: UnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  party_org: PartyOrgTable;
  party_org_unit: PartyOrgUnitTable;
  person: PersonTable;
  org_post: OrgPostTable;
  liaison_assignment: LiaisonAssignmentTable;
  upload: UploadTable;
  checklist_item: ChecklistItemTable;
  member: MemberTable;
  development_step: DevelopmentStepTable;
  transfer: TransferTable;
  mobile_record: MobileRecordTable;
  mobile_report: MobileReportTable;
  contact_event: ContactEventTable;
  lost_contact_case: LostContactCaseTable;
  lost_contact_effort: LostContactEffortTable;
  calendar_day: CalendarDayTable;
  job: JobTable;
  activity_position: ActivityPositionTable;
  meeting: MeetingTable;
  meeting_invitee: MeetingInviteeTable;
  attendance: AttendanceTable;
  minutes: MinutesTable;
  minutes_amendment: MinutesAmendmentTable;
  meeting_attachment: MeetingAttachmentTable;
  training_session: TrainingSessionTable;
  training_hours: TrainingHoursTable;
  position_booking: PositionBookingTable;
  ics_feed: IcsFeedTable;
  life_compliance: LifeComplianceTable;
  coverage_count: CoverageCountTable;
  coverage_rollup: CoverageRollupTable;
  org_member_rollup: OrgMemberRollupTable;
  member_count: MemberCountTable;
  member_delta: MemberDeltaTable;
  coverage_history: CoverageHistoryTable;
  coverage_snapshot: CoverageSnapshotTable;
}

export type Territory = Selectable<TerritoryTable>;
export type NewTerritory = Insertable<TerritoryTable>;
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type AppUser = Selectable<AppUserTable>;
export type AuditLog = Selectable<AuditLogTable>;
export type PartyOrg = Selectable<PartyOrgTable>;
export type Person = Selectable<PersonTable>;
export type OrgPost = Selectable<OrgPostTable>;
export type Member = Selectable<MemberTable>;
export type DevelopmentStep = Selectable<DevelopmentStepTable>;
export type Transfer = Selectable<TransferTable>;
export type MobileRecord = Selectable<MobileRecordTable>;
export type { ColumnType };

/** A background job (the survey import): progress for a progress bar, and its outcome. */
export interface JobTable {
  id: Id;
  district_id: number;
  kind: string;
  /** 'running' | 'done' | 'failed' */
  status: string;
  /** 'validating' | 'writing' */
  phase: string;
  done: number;
  total: number;
  result_json: string | null;
  error_json: string | null;
  created_by: number;
  created_at: string;
  finished_at: string | null;
}
export type Job = Selectable<JobTable>;

// --- Organizational life (migration 0005_life) ---------------------------------

export interface ActivityPositionTable {
  id: Id;
  district_id: number;
  /** service_center | service_point | activity_room */
  kind: string;
  name: string;
  address: string | null;
  territory_id: number;
  territory_path: string;
  party_org_id: number | null;
  org_path: string | null;
  lng: number | null;
  lat: number | null;
  area_m2: number | null;
  capacity: number | null;
  checklist_json: ColumnType<string, string | undefined, string>;
  status: ColumnType<string, string | undefined, string>;
  closed_on: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingTable {
  id: Id;
  district_id: number;
  party_org_id: number;
  org_path: string;
  territory_path: string;
  kind: string;
  title: string;
  starts_at: string;
  ends_at: string;
  place: string | null;
  activity_position_id: number | null;
  host_person_id: number | null;
  host_name: string | null;
  topic: string | null;
  /** org | committee | party_group | chosen */
  audience: string;
  audience_org_id: number | null;
  /** planned | held | cancelled */
  status: string;
  cancelled_reason: string | null;
  sequence: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingInviteeTable {
  id: Id;
  district_id: number;
  meeting_id: number;
  member_id: number;
  /** chosen | mobile_guest */
  reason: string;
  created_at: string;
}

export interface AttendanceTable {
  id: Id;
  district_id: number;
  meeting_id: number;
  member_id: number;
  /** present | leave | absent */
  status: string;
  reason: string | null;
  checked_in_at: string | null;
  /** qr | roll_call */
  method: string;
  /** The member's home organization (a mobile member at a host counts for home). */
  counts_for_org_id: number;
  recorded_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface MinutesTable {
  id: Id;
  district_id: number;
  meeting_id: number;
  body_html: string;
  resolutions_json: ColumnType<string, string | undefined, string>;
  updated_by: number | null;
  updated_at: string;
  locked_at: string | null;
  locked_by: number | null;
  committee_size: number | null;
  committee_present: number | null;
  created_at: string;
}

export interface MinutesAmendmentTable {
  id: Id;
  district_id: number;
  meeting_id: number;
  body_html: string;
  reason: string;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
}

export interface MeetingAttachmentTable {
  id: Id;
  district_id: number;
  meeting_id: number;
  upload_id: number;
  created_at: string;
}

export interface TrainingSessionTable {
  id: Id;
  district_id: number;
  party_org_id: number;
  org_path: string;
  territory_path: string;
  kind: string;
  title: string;
  provider: string | null;
  starts_on: string;
  ends_on: string;
  hours: number;
  meeting_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface TrainingHoursTable {
  id: Id;
  district_id: number;
  session_id: number;
  member_id: number;
  hours: number;
  on_date: string;
  created_at: string;
  updated_at: string;
}

export interface PositionBookingTable {
  id: Id;
  district_id: number;
  position_id: number;
  party_org_id: number | null;
  meeting_id: number | null;
  starts_at: string;
  ends_at: string;
  purpose: string;
  /** active | cancelled */
  status: string;
  created_by: number | null;
  created_at: string;
  cancelled_at: string | null;
}

export interface IcsFeedTable {
  id: Id;
  district_id: number;
  user_id: number;
  token_hash: string;
  created_at: string;
}

/**
 * Per-organization life compliance, kept by src/modules/life/rollup.ts
 * (docs/decisions/0008-life-compliance-rollup.md).
 */
export interface LifeComplianceTable {
  party_org_id: number;
  district_id: number;
  territory_path: string;
  org_path: string;
  /** The district's today the row was evaluated for; '' once invalidated. */
  as_of: string;
  rules_version: string;
  status: string;
  /** RequirementResult[] without `sources`. */
  requirements_json: string;
  computed_at: string;
  /** Raised by every invalidation: an evaluation only stores over the generation it read. */
  generation: ColumnType<number, number | undefined, number>;
}

/**
 * Units per territory node, status and coverage, kept by triggers on `unit`
 * (migration 0009, docs/decisions/0010-counts-by-node.md).
 */
export interface CoverageCountTable {
  district_id: number;
  territory_path: string;
  status: string;
  coverage: string;
  n: number;
}

/** Units in each territory node's whole subtree, by status and coverage, kept by triggers on `unit` (migration 0014). */
export interface CoverageRollupTable {
  district_id: number;
  territory_id: number;
  status: string;
  coverage: string;
  /** 1 if the unit counts any party member (the worklist's member count), else 0. */
  has_members: number;
  n: number;
}

/** Members in each organization's whole subtree, by status and stage, kept by triggers on `member` (migration 0012). */
export interface OrgMemberRollupTable {
  district_id: number;
  party_org_id: number;
  status: string;
  stage: string;
  n: number;
}

/** Members per territory node, status and stage, kept by triggers on `member` (migration 0009). */
export interface MemberCountTable {
  district_id: number;
  territory_path: string;
  status: string;
  stage: string;
  n: number;
}

/**
 * Members written while a transaction defers the member counts (migration
 * 0016), each with its delta: folded into the counts and deleted before that
 * transaction commits, so empty for everyone else.
 */
export interface MemberDeltaTable {
  district_id: number;
  org_path: string;
  territory_path: string;
  status: string;
  stage: string;
  employer_unit_id: number | null;
  d: number;
}

/** Per district, a version that writes reaching back into past months bump (migration 0017). */
export interface CoverageHistoryTable {
  district_id: number;
  v: number;
  bumped_in: number | null;
}

/** A territory node's coverage counts on a past month end, valid while `v` is its district's coverage_history.v (migration 0017). */
export interface CoverageSnapshotTable {
  district_id: number;
  territory_id: number;
  on_date: string;
  v: number;
  operating: number;
  own: number;
  joint: number;
  work: number;
  none: number;
}

export type Meeting = Selectable<MeetingTable>;
export type ActivityPosition = Selectable<ActivityPositionTable>;
export type TrainingSession = Selectable<TrainingSessionTable>;
