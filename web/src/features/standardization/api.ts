import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../lib/api.ts';
import type { Checklist, ChecklistName, DemoSiteLevel, Org, OrgChecklists, Page, StandardizationOrg, StandardizationSummary, Upload } from '../../lib/types.ts';
import { useListQuery } from '../../lib/useListQuery.ts';

export function useChecklists(orgId: number, enabled = true) {
  return useQuery({
    queryKey: ['checklist', orgId],
    queryFn: ({ signal }) => api.get<OrgChecklists>(`/party-orgs/${orgId}/checklist`, undefined, signal),
    enabled,
  });
}

export function evidenceUrl(orgId: number, uploadId: number): string {
  return apiUrl(`/party-orgs/${orgId}/evidence/${uploadId}`);
}

export interface MarkInput {
  checklist: ChecklistName;
  item: string;
  doneOn: string | null;
  note?: string | null;
  uploadId?: number | null;
}

export function useChecklistMutations(orgId: number) {
  const qc = useQueryClient();
  const settle = async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: ['checklist', orgId] }), qc.invalidateQueries({ queryKey: ['standardization'] })]);
  };
  return {
    mark: useMutation({
      mutationFn: ({ checklist, item, ...body }: MarkInput) => api.put<Checklist>(`/party-orgs/${orgId}/checklist/${checklist}/${item}`, body),
      onSuccess: settle,
    }),
    upload: useMutation({ mutationFn: (file: File) => api.upload<Upload>(`/party-orgs/${orgId}/evidence`, file) }),
  };
}

export function useDemoSiteMutations(orgId: number) {
  const qc = useQueryClient();
  const settle = async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: ['orgs'] }), qc.invalidateQueries({ queryKey: ['standardization'] })]);
  };
  return {
    designate: useMutation({
      mutationFn: (body: { level: DemoSiteLevel; designatedOn: string }) => api.put<Org>(`/party-orgs/${orgId}/demonstration-site`, body),
      onSuccess: settle,
    }),
    revoke: useMutation({
      mutationFn: (reason: string) => api.post<Org>(`/party-orgs/${orgId}/demonstration-site/revoke`, { reason }),
      onSuccess: settle,
    }),
  };
}

export function useStandardizationSummary(territoryId: number | undefined) {
  return useQuery({
    queryKey: ['standardization', 'summary', territoryId ?? null],
    queryFn: ({ signal }) => api.get<StandardizationSummary>('/standardization', { territoryId }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface StandardizationListParams {
  territoryId?: number | undefined;
  checklist?: ChecklistName | undefined;
  complete?: boolean | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  page: number;
  pageSize: number;
}

export function useStandardizationOrgs(params: StandardizationListParams) {
  return useListQuery<Page<StandardizationOrg>>(['standardization', 'orgs'], '/standardization/orgs', params);
}
