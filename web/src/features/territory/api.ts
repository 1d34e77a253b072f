import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api.ts';
import type { Territory, TerritoryKind, TreeNode } from '../../lib/types.ts';
import { indexTree } from './tree.ts';

export const TREE_KEY = 'territory-tree';

/** The caller's territory tree (flat from the server), indexed for nesting. */
export function useTerritoryTree(includeClosed = false) {
  const query = useQuery({
    queryKey: [TREE_KEY, includeClosed],
    queryFn: ({ signal }) => api.get<{ items: TreeNode[] }>('/territories/tree', includeClosed ? { includeClosed: true } : {}, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const index = useMemo(() => indexTree(query.data?.items ?? []), [query.data]);
  return { ...query, index };
}

export function useTerritory(id: number | null) {
  return useQuery({
    queryKey: ['territory', id],
    queryFn: ({ signal }) => api.get<Territory>(`/territories/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

export interface CreateTerritoryInput {
  parentId: number;
  kind: TerritoryKind;
  name: string;
  code?: string | null;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
}
export type UpdateTerritoryInput = Partial<Pick<CreateTerritoryInput, 'name' | 'code' | 'address' | 'lng' | 'lat'>>;

/** Every change to the tree: afterwards the tree, the node and the unit lists (street names, paths) are stale. */
export function useTerritoryMutations() {
  const qc = useQueryClient();
  const settle = async (node: Territory) => {
    qc.setQueryData(['territory', node.id], node);
    await Promise.all([
      qc.invalidateQueries({ queryKey: [TREE_KEY] }),
      qc.invalidateQueries({ queryKey: ['territory'] }),
      qc.invalidateQueries({ queryKey: ['units'] }),
    ]);
    return node;
  };
  return {
    create: useMutation({ mutationFn: (input: CreateTerritoryInput) => api.post<Territory>('/territories', input), onSuccess: settle }),
    update: useMutation({
      mutationFn: ({ id, input }: { id: number; input: UpdateTerritoryInput }) => api.patch<Territory>(`/territories/${id}`, input),
      onSuccess: settle,
    }),
    move: useMutation({
      mutationFn: ({ id, parentId }: { id: number; parentId: number }) => api.post<Territory>(`/territories/${id}/move`, { parentId }),
      onSuccess: settle,
    }),
    close: useMutation({
      mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<Territory>(`/territories/${id}/close`, { reason }),
      onSuccess: settle,
    }),
  };
}
