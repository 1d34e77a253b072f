import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from './api.ts';

/**
 * A GET whose parameters change as the user pages, sorts and filters: keyed
 * by `key` and the parameters, it keeps showing the previous answer while the
 * next one loads, so a table does not blank out between pages.
 */
export function useListQuery<T>(key: readonly unknown[], path: string, params: object, enabled = true) {
  return useQuery({
    queryKey: [...key, params],
    queryFn: ({ signal }) => api.get<T>(path, params as Query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
