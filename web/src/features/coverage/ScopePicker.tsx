import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTerritoryTree } from '../territory/api.ts';
import { selectTree } from '../territory/tree.ts';
import { territoryIdOf } from './api.ts';

/** The node a coverage page is about lives in the address (`?territoryId=`); none means the caller's scope root. */
export function useScopeParam() {
  const [sp, setSp] = useSearchParams();
  const territoryId = territoryIdOf(sp);
  const set = (id: number | undefined, extra: Record<string, string | undefined> = {}) => {
    const next = new URLSearchParams(sp);
    if (id === undefined) next.delete('territoryId');
    else next.set('territoryId', String(id));
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    next.delete('page');
    setSp(next, { replace: false });
  };
  return { territoryId, setTerritoryId: set, searchParams: sp, setSearchParams: setSp };
}

/** Territory tree picker for the node a dashboard shows (the scope root when empty). */
export function ScopePicker({ value, onChange, width = 240 }: { value: number | undefined; onChange(id: number | undefined): void; width?: number | string }) {
  const { t } = useTranslation();
  const { index } = useTerritoryTree(false);
  const data = useMemo(() => selectTree(index), [index]);
  const root = index.roots[0]?.id;
  return (
    <TreeSelect
      style={{ width, maxWidth: '100%' }}
      treeData={data}
      value={value ?? root}
      onChange={(v: number | undefined) => onChange(v === root ? undefined : v)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={index.roots.map((r) => r.id)}
      placeholder={t('coverage.scope')}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      aria-label={t('coverage.scope')}
      data-testid="coverage-scope"
    />
  );
}
