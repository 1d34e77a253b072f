/**
 * Organizational life over HTTP (src/modules/life/routes.ts; shapes in
 * src/modules/life/schemas.ts): meetings, attendance and check-in, minutes,
 * compliance, training hours, activity positions and bookings, my calendar.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Audience, AttendanceStatus, LifeStatus, MeetingKind, MeetingStatus, PeriodKind, PositionChecklistItem, PositionKind, TrainingKind } from '../../../../src/domain/life.ts';
import { api, type Query } from '../../lib/api.ts';
import type { OrgKind, Page } from '../../lib/types.ts';

export type { Audience, AttendanceStatus, LifeStatus, MeetingKind, MeetingStatus, PeriodKind, PositionChecklistItem, PositionKind, TrainingKind };

type Bilingual = { 'zh-CN': string; en: string };
export type NotCountedReason = 'cancelled' | 'no_attendance' | 'minutes_not_locked' | 'no_quorum';

export interface Meeting {
  id: number;
  orgId: number;
  orgName: string;
  orgKind: OrgKind;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  activityPositionId: number | null;
  positionName: string | null;
  hostPersonId: number | null;
  hostName: string | null;
  topic: string | null;
  audience: Audience;
  audienceGroupId: number | null;
  audienceGroupName: string | null;
  status: MeetingStatus;
  cancelledReason: string | null;
  presentCount: number;
  minutesLocked: boolean;
  counts: boolean;
  notCountedReason: NotCountedReason | null;
  sequence: number;
  createdAt: string;
  updatedAt: string;
}

export interface AttendanceMark {
  status: AttendanceStatus;
  reason: string | null;
  method: 'qr' | 'roll_call';
  checkedInAt: string | null;
}

export interface ExpectedMember {
  memberId: number;
  personId: number;
  name: string;
  orgId: number;
  orgName: string;
  stage: string;
  reason: 'audience' | 'chosen' | 'mobile_guest';
  attendance: AttendanceMark | null;
}

export interface Minutes {
  bodyHtml: string;
  resolutions: string[];
  updatedAt: string;
  lockedAt: string | null;
  lockedByName: string | null;
}

export interface Amendment {
  id: number;
  bodyHtml: string;
  reason: string;
  createdAt: string;
  createdByName: string;
}

export interface Attachment {
  id: number;
  name: string;
  mime: string;
  size: number;
  createdAt: string;
}

export interface MeetingDetail {
  meeting: Meeting;
  expected: ExpectedMember[];
  summary: { expected: number; present: number; leave: number; absent: number; unmarked: number };
  minutes: Minutes | null;
  amendments: Amendment[];
  attachments: Attachment[];
  quorum: { committeeSize: number; present: number; needed: number; met: boolean } | null;
  guests: { memberId: number; name: string; homeOrgName: string; invited: boolean }[];
}

export interface MeetingInput {
  orgId?: number;
  kind?: MeetingKind;
  title?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string | null;
  activityPositionId?: number | null;
  hostPersonId?: number | null;
  hostName?: string | null;
  topic?: string | null;
  audience?: Audience;
  audienceGroupId?: number | null;
  inviteeMemberIds?: number[];
}

export interface CheckInToken {
  token: string;
  url: string;
  expiresAt: string;
  ttlSeconds: number;
  refreshAfterSeconds: number;
}

export interface CheckInResult {
  meetingId: number;
  title: string;
  orgName: string;
  startsAt: string;
  endsAt: string;
  status: 'present';
  checkedInAt: string;
  alreadyCheckedIn: boolean;
}

export interface MyMeeting extends Meeting {
  expectedAs: 'audience' | 'committee' | 'chosen' | 'mobile_guest' | 'host';
  myAttendance: AttendanceMark | null;
}

export interface FeedToken {
  token: string;
  url: string;
  createdAt: string;
}

export interface StatusCounts {
  green: number;
  amber: number;
  red: number;
  open: number;
  not_applicable: number;
}

export interface PeriodResult {
  key: string;
  start: string;
  end: string;
  required: number;
  held: number;
  status: LifeStatus;
}

export interface RequirementResult extends PeriodResult {
  requirementId: string;
  meetingKind: MeetingKind;
  periodKind: PeriodKind;
  applies: boolean;
  daysLeft: number | null;
  parts: PeriodResult[];
  explanation: Bilingual;
  notApplicable: Bilingual | null;
  sources: { code: string; title: Bilingual }[];
  practice: boolean;
}

export interface OrgCompliance {
  orgId: number;
  orgName: string;
  orgKind: OrgKind;
  territoryId: number;
  territoryName: string;
  status: LifeStatus;
  requirements: RequirementResult[];
}

export interface Compliance {
  period: string | null;
  today: string;
  rulesVersion: string;
  summary: StatusCounts;
  nodes: { territoryId: number; name: string; kind: string; counts: StatusCounts }[];
  items: OrgCompliance[];
  total: number;
}

export interface Reminder {
  orgId: number;
  orgName: string;
  requirementId: string;
  meetingKind: MeetingKind;
  key: string;
  end: string;
  daysLeft: number;
  required: number;
  held: number;
  status: LifeStatus;
  explanation: Bilingual;
}

export interface Training {
  id: number;
  orgId: number;
  orgName: string;
  kind: TrainingKind;
  title: string;
  provider: string | null;
  startsOn: string;
  endsOn: string;
  hours: number;
  meetingId: number | null;
  attendeeCount: number;
  createdAt: string;
}

export interface TrainingDetail {
  session: Training;
  attendees: { memberId: number; name: string; orgName: string; stage: string; hours: number }[];
}

export interface TrainingInput {
  orgId: number;
  kind: TrainingKind;
  title: string;
  provider?: string | null;
  startsOn: string;
  endsOn: string;
  hours: number;
  meetingId?: number | null;
  attendees?: { memberId: number; hours?: number }[];
}

export interface MemberHours {
  memberId: number | null;
  name: string;
  stage: string | null;
  year: number;
  hours: number;
  days: number;
  totalHours: number;
  totalDays: number;
  admission: { minHours: number; minDays: number; met: boolean };
  sessions: { sessionId: number; title: string; kind: string; startsOn: string; endsOn: string; hours: number }[];
}

export interface ChecklistEntry {
  item: PositionChecklistItem;
  done: boolean;
  note: string | null;
}

export interface Position {
  id: number;
  kind: PositionKind;
  name: string;
  address: string | null;
  territoryId: number;
  territoryName: string;
  orgId: number | null;
  orgName: string | null;
  lng: number | null;
  lat: number | null;
  areaM2: number | null;
  capacity: number | null;
  checklist: ChecklistEntry[];
  checklistDone: number;
  status: string;
  closedOn: string | null;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PositionInput {
  kind?: PositionKind;
  name?: string;
  address?: string | null;
  territoryId?: number;
  orgId?: number | null;
  lng?: number | null;
  lat?: number | null;
  areaM2?: number | null;
  capacity?: number | null;
  checklist?: ChecklistEntry[];
}

export interface Booking {
  id: number;
  positionId: number;
  positionName: string;
  orgId: number | null;
  orgName: string | null;
  meetingId: number | null;
  startsAt: string;
  endsAt: string;
  purpose: string;
  status: 'active' | 'cancelled';
  createdAt: string;
  cancelledAt: string | null;
}

/** A member as the members list gives it (only what life pages use). */
export interface MemberLite {
  id: number;
  personId: number;
  name: string;
  orgId: number;
  orgName: string;
  stage: string;
}

// --- Queries -------------------------------------------------------------------------

export interface MeetingListParams {
  orgId?: number | undefined;
  territoryId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kind?: MeetingKind | undefined;
  status?: MeetingStatus | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  page?: number;
  pageSize?: number;
}

export function useMeetings(params: MeetingListParams, enabled = true) {
  return useQuery({
    queryKey: ['life', 'meetings', params],
    queryFn: ({ signal }) => api.get<Page<Meeting>>('/meetings', params as Query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One meeting; `live` polls while the check-in code is on the screen. */
export function useMeeting(id: number | null, live = false) {
  return useQuery({
    queryKey: ['life', 'meeting', id],
    queryFn: ({ signal }) => api.get<MeetingDetail>(`/meetings/${id}`, undefined, signal),
    enabled: id !== null,
    refetchInterval: live ? 4000 : false,
  });
}

/** The screen's check-in code: asked again every refreshAfterSeconds while shown. */
export function useCheckInToken(meetingId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['life', 'checkin-token', meetingId],
    queryFn: () => api.post<CheckInToken>(`/meetings/${meetingId}/check-in-token`),
    enabled,
    staleTime: 0,
    gcTime: 0,
    retry: false,
    refetchInterval: (q) => (q.state.data ? q.state.data.refreshAfterSeconds * 1000 : false),
    refetchIntervalInBackground: true,
  });
}

export function useMyMeetings(from?: string, to?: string) {
  return useQuery({
    queryKey: ['life', 'my-meetings', from, to],
    queryFn: ({ signal }) => api.get<Page<MyMeeting>>('/me/meetings', { from, to }, signal),
  });
}

export function useCompliance(params: { orgId?: number | undefined; territoryId?: number | undefined; period?: string | undefined; status?: LifeStatus | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['life', 'compliance', params],
    queryFn: ({ signal }) => api.get<Compliance>('/life/compliance', params as Query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReminders(params: { orgId?: number | undefined; territoryId?: number | undefined }) {
  return useQuery({
    queryKey: ['life', 'reminders', params],
    queryFn: ({ signal }) => api.get<{ today: string; items: Reminder[]; total: number }>('/life/reminders', { ...params, pageSize: 50 } as Query, signal),
  });
}

export function useTrainings(params: { orgId?: number | undefined; year?: number | undefined; kind?: TrainingKind | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['life', 'trainings', params],
    queryFn: ({ signal }) => api.get<Page<Training>>('/training-sessions', params as Query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTraining(id: number | null) {
  return useQuery({
    queryKey: ['life', 'training', id],
    queryFn: ({ signal }) => api.get<TrainingDetail>(`/training-sessions/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

export function useMemberHours(memberId: number | null, year: number) {
  return useQuery({
    queryKey: ['life', 'hours', memberId, year],
    queryFn: ({ signal }) => api.get<MemberHours>(`/members/${memberId}/training-hours`, { year }, signal),
    enabled: memberId !== null,
  });
}

export function useMyHours(year: number) {
  return useQuery({
    queryKey: ['life', 'my-hours', year],
    queryFn: ({ signal }) => api.get<MemberHours>('/me/training-hours', { year }, signal),
  });
}

export function usePositions(params: { territoryId?: number | undefined; kind?: PositionKind | undefined; status?: 'active' | 'closed' | undefined; q?: string | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['life', 'positions', params],
    queryFn: ({ signal }) => api.get<Page<Position>>('/activity-positions', params as Query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useBookings(positionId: number | null, from: string, to: string) {
  return useQuery({
    queryKey: ['life', 'bookings', positionId, from, to],
    queryFn: ({ signal }) => api.get<{ items: Booking[] }>(`/activity-positions/${positionId}/bookings`, { from, to }, signal),
    enabled: positionId !== null,
    placeholderData: keepPreviousData,
  });
}

/** Members of an organization (and those under it), for host, invitee and attendee pickers. Needs members.read. */
export function useOrgMembers(orgId: number | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['life', 'org-members', orgId],
    queryFn: ({ signal }) => api.get<Page<MemberLite>>('/members', { orgId: orgId ?? undefined, status: 'active', pageSize: 500, sort: 'name' }, signal),
    enabled: enabled && !!orgId,
    staleTime: 60_000,
  });
}

// --- Changes ------------------------------------------------------------------------

/** Everything of organizational life is stale after a change (calendars, compliance, reminders, hours). */
export function invalidateLife(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: ['life'] });
}

export function useMeetingMutations() {
  const qc = useQueryClient();
  const settle = async () => {
    await invalidateLife(qc);
  };
  return {
    create: useMutation({ mutationFn: (input: MeetingInput) => api.post<Meeting>('/meetings', input), onSuccess: settle }),
    update: useMutation({ mutationFn: ({ id, input }: { id: number; input: MeetingInput }) => api.patch<Meeting>(`/meetings/${id}`, input), onSuccess: settle }),
    cancel: useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<Meeting>(`/meetings/${id}/cancel`, { reason }), onSuccess: settle }),
    rollCall: useMutation({
      mutationFn: ({ id, entries }: { id: number; entries: { memberId: number; status: AttendanceStatus; reason?: string | null }[] }) =>
        api.put<MeetingDetail>(`/meetings/${id}/attendance`, entries),
      onSuccess: settle,
    }),
    saveMinutes: useMutation({
      mutationFn: ({ id, bodyHtml, resolutions }: { id: number; bodyHtml: string; resolutions: string[] }) => api.put<Minutes>(`/meetings/${id}/minutes`, { bodyHtml, resolutions }),
      onSuccess: settle,
    }),
    lock: useMutation({ mutationFn: (id: number) => api.post<MeetingDetail>(`/meetings/${id}/minutes/lock`), onSuccess: settle }),
    amend: useMutation({
      mutationFn: ({ id, bodyHtml, reason }: { id: number; bodyHtml: string; reason: string }) => api.post<Amendment>(`/meetings/${id}/minutes/amendments`, { bodyHtml, reason }),
      onSuccess: settle,
    }),
    upload: useMutation({ mutationFn: ({ id, file }: { id: number; file: File }) => api.upload<Attachment>(`/meetings/${id}/attachments`, file), onSuccess: settle }),
  };
}

export function useTrainingMutations() {
  const qc = useQueryClient();
  const settle = async () => {
    await invalidateLife(qc);
  };
  return {
    create: useMutation({ mutationFn: (input: TrainingInput) => api.post<TrainingDetail>('/training-sessions', input), onSuccess: settle }),
    setHours: useMutation({
      mutationFn: ({ id, hours }: { id: number; hours: { memberId: number; hours: number }[] }) => api.put<TrainingDetail>(`/training-sessions/${id}/hours`, hours),
      onSuccess: settle,
    }),
  };
}

export function usePositionMutations() {
  const qc = useQueryClient();
  const settle = async () => {
    await invalidateLife(qc);
  };
  return {
    create: useMutation({ mutationFn: (input: PositionInput) => api.post<Position>('/activity-positions', input), onSuccess: settle }),
    update: useMutation({ mutationFn: ({ id, input }: { id: number; input: PositionInput }) => api.patch<Position>(`/activity-positions/${id}`, input), onSuccess: settle }),
    close: useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<Position>(`/activity-positions/${id}/close`, { reason }), onSuccess: settle }),
    book: useMutation({
      mutationFn: ({ id, ...body }: { id: number; startsAt: string; endsAt: string; purpose: string; orgId?: number | null }) => api.post<Booking>(`/activity-positions/${id}/bookings`, body),
      onSuccess: settle,
    }),
    cancelBooking: useMutation({ mutationFn: (bookingId: number) => api.post<Booking>(`/position-bookings/${bookingId}/cancel`), onSuccess: settle }),
  };
}

export function useRotateFeed() {
  return useMutation({ mutationFn: () => api.post<FeedToken>('/me/ics-token') });
}

/** The printable minutes page, in the UI language. */
export function printUrl(meetingId: number, lang: string): string {
  return `/api/v1/meetings/${meetingId}/print?lang=${encodeURIComponent(lang)}`;
}

export function attachmentUrl(meetingId: number, uploadId: number): string {
  return `/api/v1/meetings/${meetingId}/attachments/${uploadId}`;
}
