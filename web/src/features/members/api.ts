import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';
import type {
  ApplicationInput,
  CreateMemberInput,
  Development,
  HostedMember,
  LostContactCase,
  LostContactItem,
  MemberDetail,
  MemberInput,
  Member,
  MobileRecord,
  MobileRecordDetail,
  PipelineCounts,
  Recorded,
  RecordKind,
  Reminders,
  Talent,
  ToFindItem,
  Transfer,
} from './types.ts';
import { useListQuery } from '../../lib/useListQuery.ts';

/** Filters, paging and sorting of GET /api/v1/members (and its export, without paging). */
export interface MemberListParams {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  q?: string | undefined;
  orgId?: number | undefined;
  stage?: string | undefined;
  status?: string | undefined;
  gender?: string | undefined;
  keyPost?: boolean | undefined;
  technicalBackbone?: boolean | undefined;
  middleManagement?: boolean | undefined;
  decisionLevel?: boolean | undefined;
  mobile?: boolean | undefined;
  employerUnitId?: number | undefined;
}

export function useMembers(params: MemberListParams, enabled = true) {
  return useQuery({
    queryKey: ['members', 'list', params],
    queryFn: ({ signal }) => api.get<Page<Member>>('/members', params as unknown as Query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMember(id: number | null) {
  return useQuery({
    queryKey: ['members', 'one', id],
    queryFn: ({ signal }) => api.get<MemberDetail>(`/members/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

export function useDevelopment(id: number | null, enabled = true) {
  return useQuery({
    queryKey: ['members', 'development', id],
    queryFn: ({ signal }) => api.get<Development>(`/members/${id}/development`, undefined, signal),
    enabled: id !== null && enabled,
  });
}

export function useMemberTransfers(id: number | null) {
  return useQuery({
    queryKey: ['members', 'transfers', id],
    queryFn: ({ signal }) => api.get<Page<Transfer>>(`/members/${id}/transfers`, undefined, signal),
    enabled: id !== null,
  });
}

export function useMobileRecord(id: number | null) {
  return useQuery({
    queryKey: ['members', 'mobile-record', id],
    queryFn: ({ signal }) => api.get<MobileRecordDetail>(`/mobile-records/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

export function useLostContactCase(id: number | null) {
  return useQuery({
    queryKey: ['members', 'lost-case', id],
    queryFn: ({ signal }) => api.get<LostContactCase>(`/lost-contact-cases/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

/** Full members entitled to vote in an organization (active full members of it and of those under it). */
export function useEntitledCount(orgId: number | null) {
  return useQuery({
    queryKey: ['members', 'list', 'entitled', orgId],
    queryFn: ({ signal }) => api.get<Page<Member>>('/members', { orgId: orgId ?? undefined, stage: 'full', status: 'active', pageSize: 1 }, signal),
    enabled: orgId !== null,
    select: (p) => p.total,
  });
}

/** Everything about members is read from many places (lists, the member page, the pipeline, me): refresh all. */
export async function invalidateMembers(qc: QueryClient): Promise<void> {
  await Promise.all([
    qc.invalidateQueries({ queryKey: ['members'] }),
    qc.invalidateQueries({ queryKey: ['development'] }),
    qc.invalidateQueries({ queryKey: ['transfers'] }),
    qc.invalidateQueries({ queryKey: ['mobile'] }),
    qc.invalidateQueries({ queryKey: ['lost-contact'] }),
    qc.invalidateQueries({ queryKey: ['me'] }),
  ]);
}

export function useMemberMutations() {
  const qc = useQueryClient();
  const settle = async <T,>(x: T) => {
    await invalidateMembers(qc);
    return x;
  };
  return {
    create: useMutation({ mutationFn: (input: CreateMemberInput) => api.post<MemberDetail>('/members', input), onSuccess: settle }),
    update: useMutation({
      mutationFn: ({ id, input }: { id: number; input: Partial<MemberInput> }) => api.patch<MemberDetail>(`/members/${id}`, input),
      onSuccess: settle,
    }),
    close: useMutation({
      mutationFn: ({ id, ...body }: { id: number; reason: string; closedOn?: string; note?: string }) => api.post<MemberDetail>(`/members/${id}/close`, body),
      onSuccess: settle,
    }),
    apply: useMutation({ mutationFn: (input: ApplicationInput) => api.post<Recorded>('/development/applications', input), onSuccess: settle }),
    step: useMutation({
      mutationFn: ({ id, ...body }: { id: number; step: RecordKind; doneOn: string; data?: Record<string, unknown> }) =>
        api.post<Recorded>(`/members/${id}/development-steps`, body),
      onSuccess: settle,
    }),
    correct: useMutation({
      mutationFn: ({ id, stepId, ...body }: { id: number; stepId: number; doneOn?: string; data?: Record<string, unknown>; void?: boolean; reason: string }) =>
        api.post<Recorded>(`/members/${id}/development-steps/${stepId}/correct`, body),
      onSuccess: settle,
    }),
    requestTransfer: useMutation({
      mutationFn: ({ id, ...body }: { id: number; toOrgId?: number; destination?: string; crossProvince?: boolean; reason: string; requestedOn?: string }) =>
        api.post<Transfer>(`/members/${id}/transfers`, body),
      onSuccess: settle,
    }),
    transferAction: useMutation({
      mutationFn: ({ id, action, body }: { id: number; action: 'send' | 'receive' | 'return' | 'withdraw'; body: Record<string, unknown> }) =>
        api.post<Transfer>(`/transfers/${id}/${action}`, body),
      onSuccess: settle,
    }),
    startMobile: useMutation({
      mutationFn: ({ id, ...body }: { id: number } & Record<string, unknown>) => api.post<MobileRecordDetail>(`/members/${id}/mobile`, body),
      onSuccess: settle,
    }),
    mobileReport: useMutation({
      mutationFn: ({ recordId, ...body }: { recordId: number; reportedOn?: string; location?: string | null; content: string }) =>
        api.post<MobileRecordDetail>(`/mobile-records/${recordId}/reports`, body),
      onSuccess: settle,
    }),
    mobileReturn: useMutation({
      mutationFn: ({ recordId, returnedOn }: { recordId: number; returnedOn?: string }) =>
        api.post<MobileRecordDetail>(`/mobile-records/${recordId}/return`, returnedOn ? { returnedOn } : {}),
      onSuccess: settle,
    }),
    contactLog: useMutation({
      mutationFn: ({ id, ...body }: { id: number; happenedOn?: string; note: string }) => api.post<unknown>(`/members/${id}/contact-log`, body),
      onSuccess: settle,
    }),
    openCase: useMutation({
      mutationFn: ({ id, openedOn }: { id: number; openedOn?: string }) => api.post<LostContactCase>(`/members/${id}/lost-contact-cases`, openedOn ? { openedOn } : {}),
      onSuccess: settle,
    }),
    addEffort: useMutation({
      mutationFn: ({ caseId, ...body }: { caseId: number; triedOn?: string; method: string; outcome: string }) =>
        api.post<LostContactCase>(`/lost-contact-cases/${caseId}/efforts`, body),
      onSuccess: settle,
    }),
    decide: useMutation({
      mutationFn: ({ caseId, ...body }: { caseId: number; decision: string; note: string; decidedOn?: string }) =>
        api.post<LostContactCase>(`/lost-contact-cases/${caseId}/decide`, body),
      onSuccess: settle,
    }),
  };
}

/* ---- lists of the other pages ---- */

export function usePipelineCounts(orgId?: number) {
  return useQuery({
    queryKey: ['development', 'pipeline', orgId ?? null],
    queryFn: ({ signal }) => api.get<PipelineCounts>('/development/pipeline', { orgId }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReminders(params: { orgId?: number | undefined; within: number }) {
  return useListQuery<Reminders>(['development', 'reminders'], '/development/reminders', params);
}

export function useTransfers(params: { direction: 'outgoing' | 'incoming'; status?: string | undefined; page: number; pageSize: number }) {
  return useListQuery<Page<Transfer>>(['transfers'], '/transfers', params);
}

export function useMobileList(params: { overdue?: boolean | undefined; orgId?: number | undefined; page: number; pageSize: number }) {
  return useListQuery<Page<MobileRecord>>(['mobile', 'list'], '/mobile', params);
}

export function useHosted(params: { orgId?: number | undefined; page: number; pageSize: number }) {
  return useListQuery<Page<HostedMember>>(['mobile', 'hosted'], '/mobile/hosted', params);
}

export function useLostContact(params: { orgId?: number | undefined; page: number; pageSize: number }) {
  return useListQuery<Page<LostContactItem>>(['lost-contact'], '/lost-contact', params);
}

export function useToFind(params: { orgId?: number | undefined; territoryId?: number | undefined; page: number; pageSize: number }) {
  return useListQuery<Page<ToFindItem>>(['members', 'to-find'], '/members/to-find', params);
}

export function useTalent(unitId: number | null) {
  return useQuery({
    queryKey: ['members', 'talent', unitId],
    queryFn: ({ signal }) => api.get<Talent>(`/units/${unitId}/talent`, undefined, signal),
    enabled: unitId !== null,
  });
}
