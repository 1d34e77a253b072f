import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type {
  CoverageMap,
  CoverageSummary,
  CoverageTrend,
  LiaisonKind,
  NodeCoverage,
  Page,
  UnitCoverage,
  WorklistAction,
  WorklistItem,
} from '../../lib/types.ts';
import { useListQuery } from '../../lib/useListQuery.ts';

/** Everything that changes when a unit's coverage does (forming, joining, liaisons, releasing). */
export async function invalidateCoverage(qc: QueryClient): Promise<void> {
  await Promise.all([
    qc.invalidateQueries({ queryKey: ['coverage'] }),
    qc.invalidateQueries({ queryKey: ['units'] }),
    qc.invalidateQueries({ queryKey: ['orgs'] }),
  ]);
}

/** The node a coverage page is about, from its address (`?territoryId=`); none means the caller's scope root. */
export function territoryIdOf(search: URLSearchParams): number | undefined {
  return Number(search.get('territoryId')) || undefined;
}

const summaryQuery = (territoryId: number | undefined) =>
  queryOptions({
    queryKey: ['coverage', 'summary', territoryId ?? null],
    queryFn: ({ signal }) => api.get<CoverageSummary>('/coverage', { territoryId }, signal),
  });

export function useCoverageSummary(territoryId: number | undefined) {
  return useQuery({ ...summaryQuery(territoryId), placeholderData: keepPreviousData });
}

/** Fetches the summary into the cache before the page mounts (the app's boot does it for a first visit to /coverage). */
export function prefetchCoverageSummary(qc: QueryClient, territoryId: number | undefined): Promise<void> {
  return qc.prefetchQuery(summaryQuery(territoryId));
}

export function useCoverageTrend(territoryId: number | undefined, months = 12) {
  return useQuery({
    queryKey: ['coverage', 'trend', territoryId ?? null, months],
    queryFn: ({ signal }) => api.get<CoverageTrend>('/coverage/trend', { territoryId, months }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCoverageMap(territoryId: number | undefined) {
  return useQuery({
    queryKey: ['coverage', 'map', territoryId ?? null],
    queryFn: ({ signal }) => api.get<CoverageMap>('/coverage/map', { territoryId }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface ChildrenParams {
  territoryId?: number | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  page: number;
  pageSize: number;
}

export function useCoverageChildren(params: ChildrenParams) {
  return useListQuery<Page<NodeCoverage>>(['coverage', 'children'], '/coverage/children', params);
}

export interface WorklistParams {
  territoryId?: number | undefined;
  action?: WorklistAction | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export function useWorklist(params: WorklistParams) {
  return useListQuery<Page<WorklistItem>>(['coverage', 'worklist'], '/coverage/worklist', params);
}

export function useUnitCoverage(unitId: number | null) {
  return useQuery({
    queryKey: ['coverage', 'unit', unitId],
    queryFn: ({ signal }) => api.get<UnitCoverage>(`/units/${unitId}/coverage`, undefined, signal),
    enabled: unitId !== null,
  });
}

export function useLiaisonMutations() {
  const qc = useQueryClient();
  const settle = async () => invalidateCoverage(qc);
  return {
    assign: useMutation({
      mutationFn: ({ unitId, ...body }: { unitId: number; personId: number; kind: LiaisonKind; sinceOn?: string }) =>
        api.post<UnitCoverage>(`/units/${unitId}/liaisons`, body),
      onSuccess: settle,
    }),
    end: useMutation({
      mutationFn: ({ id, untilOn }: { id: number; untilOn?: string }) => api.post<UnitCoverage>(`/liaison-assignments/${id}/end`, untilOn ? { untilOn } : {}),
      onSuccess: settle,
    }),
  };
}
