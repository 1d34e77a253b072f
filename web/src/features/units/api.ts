import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { Page, Unit, UnitInput } from '../../lib/types.ts';
import { TREE_KEY } from '../territory/api.ts';
import { useListQuery } from '../../lib/useListQuery.ts';

/** The filter and paging parameters of GET /api/v1/units (and its export, without paging). */
export interface UnitListParams {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  q?: string | undefined;
  territoryId?: number | undefined;
  kind?: string | undefined;
  ownership?: string | undefined;
  industry?: string | undefined;
  sizeBand?: string | undefined;
  status?: string | undefined;
  coverage?: string | undefined;
}

export function useUnits(params: UnitListParams) {
  return useListQuery<Page<Unit>>(['units', 'list'], '/units', params);
}

export function useUnitMutations() {
  const qc = useQueryClient();
  const settle = async (unit: Unit) => {
    qc.setQueryData(['units', 'one', unit.id], unit);
    // Unit counts per territory node change too.
    await Promise.all([qc.invalidateQueries({ queryKey: ['units', 'list'] }), qc.invalidateQueries({ queryKey: [TREE_KEY] })]);
    return unit;
  };
  return {
    create: useMutation({ mutationFn: (input: UnitInput) => api.post<Unit>('/units', input), onSuccess: settle }),
    update: useMutation({
      mutationFn: ({ id, input }: { id: number; input: Partial<UnitInput> }) => api.patch<Unit>(`/units/${id}`, input),
      onSuccess: settle,
    }),
    close: useMutation({
      mutationFn: ({ id, reason, closedOn }: { id: number; reason: string; closedOn?: string }) =>
        api.post<Unit>(`/units/${id}/close`, { reason, ...(closedOn && { closedOn }) }),
      onSuccess: settle,
    }),
  };
}
