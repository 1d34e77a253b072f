import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import type { CoverageState, Page, Unit } from '../../lib/types.ts';
import { CoverageTag } from '../coverage/common.tsx';

export interface KnownUnit {
  id: number;
  name: string;
  coverage?: CoverageState;
  territoryName?: string;
}

interface UnitPickerProps {
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** Units to show by name before any search (e.g. those chosen in the worklist). */
  known?: readonly KnownUnit[];
  /** Search within this territory subtree. */
  territoryId?: number | undefined;
  id?: string;
  testId?: string;
  /** Told the picked units by name (for naming them in the server's errors). */
  onPicked?: (units: KnownUnit[]) => void;
}

/**
 * Picks operating units by name for an organization to cover. Units already
 * covered by an organization are shown but cannot be picked (the server says
 * so too, naming the unit's position: unitIds.N).
 */
export function UnitPicker({ value, onChange, known = [], territoryId, id, testId = 'unit-picker', onPicked }: UnitPickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['units', 'list', 'picker', territoryId ?? null, q.trim()],
    queryFn: ({ signal }) => api.get<Page<Unit>>('/units', { q: q.trim() || undefined, territoryId, status: 'operating', pageSize: 30 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(() => {
    const all = new Map<number, KnownUnit>();
    for (const u of known) all.set(u.id, u);
    for (const u of search.data?.items ?? []) all.set(u.id, { id: u.id, name: u.name, coverage: u.coverage, territoryName: u.territoryName });
    return [...all.values()].map((u) => ({
      value: u.id,
      label: u.name,
      unit: u,
      disabled: !value?.includes(u.id) && (u.coverage === 'own' || u.coverage === 'joint'),
    }));
  }, [known, search.data, value]);

  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v) => {
        onChange?.(v);
        onPicked?.(v.map((i) => options.find((o) => o.value === i)?.unit ?? { id: i, name: String(i) }));
      }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={search.isFetching}
      placeholder={t('worklist.searchPlaceholder')}
      options={options}
      optionRender={(o) => (
        <Space size={8} wrap={false}>
          <span>{o.data.label}</span>
          {o.data.unit.territoryName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.unit.territoryName}
            </Typography.Text>
          )}
          {o.data.unit.coverage && <CoverageTag value={o.data.unit.coverage} />}
        </Space>
      )}
      data-testid={testId}
    />
  );
}
