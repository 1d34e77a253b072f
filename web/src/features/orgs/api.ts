import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { FormationMode, Org, OrgDetail, OrgKind, OrgTreeItem, Page, Post } from '../../lib/types.ts';
import { invalidateCoverage } from '../coverage/api.ts';
import { useListQuery } from '../../lib/useListQuery.ts';

/** Filters and paging of GET /api/v1/party-orgs (and its export, without paging). */
export interface OrgListParams {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  q?: string | undefined;
  territoryId?: number | undefined;
  within?: number | undefined;
  parentId?: number | undefined;
  kind?: OrgKind | undefined;
  formationMode?: FormationMode | undefined;
  status?: 'active' | 'closed' | undefined;
  demoSite?: boolean | undefined;
  severity?: 'error' | 'warning' | undefined;
}

export function useOrgs(params: OrgListParams, enabled = true) {
  return useListQuery<Page<Org>>(['orgs', 'list'], '/party-orgs', params, enabled);
}

export function useOrgTree(includeClosed = false) {
  return useQuery({
    queryKey: ['orgs', 'tree', includeClosed],
    queryFn: ({ signal }) => api.get<{ items: OrgTreeItem[] }>('/party-orgs/tree', includeClosed ? { includeClosed: true } : {}, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useOrg(id: number | null) {
  return useQuery({
    queryKey: ['orgs', 'one', id],
    queryFn: ({ signal }) => api.get<OrgDetail>(`/party-orgs/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

/**
 * The street's comprehensive economic committee: the usual parent of a new
 * branch or joint branch in that street (the committee sitting on the street node itself).
 */
export async function fetchStreetCommittee(streetId: number, signal?: AbortSignal): Promise<Org | null> {
  const res = await api.get<Page<Org>>('/party-orgs', { kind: 'committee', territoryId: streetId, status: 'active', pageSize: 50, sort: 'path' }, signal);
  return res.items.find((o) => o.territoryId === streetId) ?? res.items[0] ?? null;
}

export function streetCommitteeQuery(streetId: number) {
  return { queryKey: ['orgs', 'street-committee', streetId], queryFn: ({ signal }: { signal: AbortSignal }) => fetchStreetCommittee(streetId, signal), staleTime: 60_000 };
}

export interface CreateOrgInput {
  parentId: number | null;
  kind: OrgKind;
  name: string;
  formationMode: FormationMode;
  territoryId: number;
  foundedOn: string;
  approvedOn?: string | null;
  lastElectedOn?: string | null;
  unitIds?: number[];
}

export type UpdateOrgInput = Partial<Pick<CreateOrgInput, 'name' | 'formationMode' | 'foundedOn' | 'approvedOn' | 'lastElectedOn'>>;

/** Every change to an organization: the lists, the tree, the page and the coverage numbers are stale afterwards. */
export function useOrgMutations() {
  const qc = useQueryClient();
  const settle = async (org: Org) => {
    await invalidateCoverage(qc);
    return org;
  };
  return {
    create: useMutation({ mutationFn: (input: CreateOrgInput) => api.post<Org>('/party-orgs', input), onSuccess: settle }),
    update: useMutation({
      mutationFn: ({ id, input }: { id: number; input: UpdateOrgInput }) => api.patch<Org>(`/party-orgs/${id}`, input),
      onSuccess: settle,
    }),
    move: useMutation({
      mutationFn: ({ id, parentId }: { id: number; parentId: number }) => api.post<Org>(`/party-orgs/${id}/move`, { parentId }),
      onSuccess: settle,
    }),
    close: useMutation({
      mutationFn: ({ id, reason, closedOn }: { id: number; reason: string; closedOn?: string }) =>
        api.post<Org>(`/party-orgs/${id}/close`, { reason, ...(closedOn && { closedOn }) }),
      onSuccess: settle,
    }),
    linkUnits: useMutation({
      mutationFn: ({ id, unitIds, sinceOn }: { id: number; unitIds: number[]; sinceOn?: string }) =>
        api.post<Org>(`/party-orgs/${id}/units`, { unitIds, ...(sinceOn && { sinceOn }) }),
      onSuccess: settle,
    }),
    release: useMutation({
      mutationFn: ({ id, unitId, untilOn }: { id: number; unitId: number; untilOn?: string }) =>
        api.post<Org>(`/party-orgs/${id}/units/${unitId}/release`, untilOn ? { untilOn } : {}),
      onSuccess: settle,
    }),
    addPost: useMutation({
      mutationFn: ({ id, ...body }: { id: number; personId: number; post: Post; startedOn: string; approvedOn?: string | null }) =>
        api.post<Org>(`/party-orgs/${id}/posts`, body),
      onSuccess: settle,
    }),
    endPost: useMutation({
      mutationFn: ({ id, postId, endedOn }: { id: number; postId: number; endedOn?: string }) =>
        api.post<Org>(`/party-orgs/${id}/posts/${postId}/end`, endedOn ? { endedOn } : {}),
      onSuccess: settle,
    }),
  };
}
