import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { Page, Person, PersonInput } from '../../lib/types.ts';

export function usePeople(params: { territoryId?: number | undefined; q?: string | undefined; pageSize?: number }, enabled = true) {
  return useQuery({
    queryKey: ['people', 'list', params],
    queryFn: ({ signal }) => api.get<Page<Person>>('/people', { pageSize: 50, ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreatePerson() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PersonInput) => api.post<Person>('/people', input),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['people'] });
    },
  });
}
