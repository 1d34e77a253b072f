import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api.ts';
import { sourceTitle, useLabels } from '../../lib/labels.ts';
import type { Page, Unit } from '../../lib/types.ts';
import { useSession } from '../auth/session.tsx';
import { useOrg, useOrgTree } from '../orgs/api.ts';
import { indexOrgTree, selectOrgTree } from '../orgs/tree.ts';
import type { zh } from './i18n.ts';
import type { Member, MemberStage, PipelineStatus, RefusalDetail, StageDates } from './types.ts';

export const STAGE_COLORS: Record<PipelineStatus, string> = {
  applicant: 'default',
  activist: 'blue',
  candidate: 'geekblue',
  probationary: 'orange',
  full: 'red',
  withdrawn: 'default',
  probation_cancelled: 'default',
};

/** The date a member entered their stage. */
export function stageDateOf(stage: MemberStage, d: StageDates): string | null {
  switch (stage) {
    case 'applicant':
      return d.appliedOn;
    case 'activist':
      return d.activistOn;
    case 'candidate':
      return d.candidateOn;
    case 'probationary':
      return d.admittedOn;
    case 'full':
      return d.fullOn;
  }
}

export function StageTag({ stage, testId }: { stage: PipelineStatus; testId?: string }) {
  const { l } = useLabels();
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-testid={testId} data-stage={stage}>
      {l('developmentStage', stage)}
    </Tag>
  );
}

/** Stage tag with the date the member entered it (入党 2015-07-01). */
export function StageWithDate({ member, testId }: { member: Pick<Member, 'stage' | 'stageDates'>; testId?: string }) {
  const { t } = useTranslation();
  const on = stageDateOf(member.stage, member.stageDates);
  return (
    <Space size={6} wrap={false}>
      <StageTag stage={member.stage} testId={testId} />
      {on && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`members.stageDates.${member.stage}`, { on })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** Where the rules come from, by full title (中国共产党发展党员工作细则). */
export function SourceList({ names }: { names: readonly string[] }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  if (!names.length) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="rule-sources">
      {t('members.dev.sources')}{t('members.colon')}{names.map((n) => sourceTitle(n, lang)).join(lang === 'en' ? '; ' : '；')}
    </Typography.Text>
  );
}

/** The details of a refusal by the development rules (each with its rule and sources), or null for any other error. */
export function refusalDetails(err: unknown): RefusalDetail[] | null {
  if (!(err instanceof ApiError) || err.code !== 'development_refused') return null;
  return err.details as RefusalDetail[];
}

/**
 * A refused step: the server's message for each rule (which already ends with
 * the regulation's title) and the sources as tags.
 */
export function RefusalAlert({ err, title }: { err: unknown; title?: ReactNode }) {
  const { t } = useTranslation();
  const details = refusalDetails(err);
  if (!details) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="step-refusal"
      title={title ?? t('members.dev.refused')}
      description={
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {details.map((d, i) => (
            <div key={i} data-testid={`refusal-${d.ruleId ?? d.code}`}>
              <div>{withoutSources(d)}</div>
              {d.sources && d.sources.length > 0 && (
                <Space size={4} wrap style={{ marginTop: 2 }}>
                  {d.sources.map((s) => (
                    <Tag key={s.name} color="volcano" style={{ whiteSpace: 'normal' }} data-testid="refusal-source">
                      {s.title}
                    </Tag>
                  ))}
                </Space>
              )}
            </div>
          ))}
        </Space>
      }
    />
  );
}

/** The server ends a refusal's message with its sources in brackets; they show as tags here instead. */
function withoutSources(d: RefusalDetail): string {
  if (!d.sources?.length) return d.message;
  const titles = d.sources.map((s) => s.title);
  for (const suffix of [`（${titles.join('；')}）`, ` (${titles.join('; ')})`]) if (d.message.endsWith(suffix)) return d.message.slice(0, -suffix.length);
  return d.message;
}

/** The organizations of the caller's scope as TreeSelect data (active ones selectable). */
export function useOrgSelectTree(onlyActive = true) {
  const tree = useOrgTree(false);
  return useMemo(() => {
    const index = indexOrgTree(tree.data?.items ?? []);
    return { index, treeData: selectOrgTree(index, (n) => !onlyActive || n.status === 'active'), loading: tree.isPending };
  }, [tree.data, tree.isPending, onlyActive]);
}

interface OrgSelectProps {
  value?: number | undefined;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  testId?: string;
  id?: string;
  style?: CSSProperties;
}

export function OrgTreeSelect({ value, onChange, placeholder, allowClear = true, testId = 'org-select', id, style }: OrgSelectProps) {
  const { t } = useTranslation();
  const { treeData, index } = useOrgSelectTree();
  return (
    <TreeSelect
      id={id}
      allowClear={allowClear}
      style={{ width: '100%', ...style }}
      placeholder={placeholder ?? t('common.select')}
      treeData={treeData}
      value={value}
      onChange={(v: number | undefined) => onChange?.(v)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={index.roots.map((r) => r.id)}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      data-testid={testId}
    />
  );
}

interface PickerProps {
  value?: number[];
  onChange?: (ids: number[]) => void;
  max?: number;
  /** People named already (their names, before any search). */
  known?: readonly { id: number; name: string }[];
  exclude?: number;
  testId?: string;
  id?: string;
}

/** Picks full members (by person id) from the caller's scope: mentors and sponsors. */
export function FullMemberPicker({ value, onChange, max, known = [], exclude, testId = 'member-picker', id }: PickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['members', 'list', 'picker', q.trim()],
    queryFn: ({ signal }) => api.get<Page<Member>>('/members', { stage: 'full', status: 'active', q: q.trim() || undefined, pageSize: 30 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(() => {
    const all = new Map<number, { value: number; label: string; desc: string }>();
    for (const p of known) all.set(p.id, { value: p.id, label: p.name, desc: '' });
    for (const m of search.data?.items ?? []) {
      if (m.personId === exclude) continue;
      all.set(m.personId, { value: m.personId, label: m.name, desc: m.orgName });
    }
    return [...all.values()];
  }, [known, search.data, exclude]);
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v) => onChange?.(v)}
      maxCount={max}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={search.isFetching}
      placeholder={t('members.dev.pickMembers')}
      options={options}
      optionRender={(o) => (
        <Space size={8}>
          <span>{o.data.label}</span>
          {o.data.desc && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.desc}
            </Typography.Text>
          )}
        </Space>
      )}
      data-testid={testId}
    />
  );
}

interface EmployerProps {
  value?: number | null;
  onChange?: (id: number | null) => void;
  known?: { id: number; name: string } | null;
  testId?: string;
  id?: string;
}

/**
 * The employer unit: territory staff search the units of their scope;
 * secretaries (who do not read the units list) pick among the units their
 * organization covers — the units the server lets them name.
 */
export function EmployerSelect({ value, onChange, known, testId = 'employer-select', id }: EmployerProps) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const byUnits = can('units.read');
  const [q, setQ] = useState('');
  const units = useQuery({
    queryKey: ['units', 'list', 'employer', q.trim()],
    queryFn: ({ signal }) => api.get<Page<Unit>>('/units', { q: q.trim() || undefined, status: 'operating', pageSize: 30 }, signal),
    placeholderData: keepPreviousData,
    enabled: byUnits,
  });
  const org = useOrg(!byUnits && user?.scope.partyOrgId ? user.scope.partyOrgId : null);
  const options = useMemo(() => {
    const all = new Map<number, string>();
    if (known) all.set(known.id, known.name);
    if (byUnits) for (const u of units.data?.items ?? []) all.set(u.id, u.name);
    else for (const u of org.data?.units ?? []) if (u.untilOn === null) all.set(u.unitId, u.name);
    return [...all].map(([v, label]) => ({ value: v, label }));
  }, [known, byUnits, units.data, org.data]);
  return (
    <Select<number>
      id={id}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      showSearch={byUnits ? { filterOption: false, onSearch: setQ } : { optionFilterProp: 'label' }}
      loading={byUnits ? units.isFetching : org.isFetching}
      placeholder={byUnits ? t('members.form.employerSearch') : t('members.form.noEmployer')}
      options={options}
      data-testid={testId}
    />
  );
}

/** YYYY-MM-DD of a dayjs value (or undefined). */
export function ymd(d: { format(f: string): string } | null | undefined): string | undefined {
  return d ? d.format('YYYY-MM-DD') : undefined;
}

/** The i18n key of a member field's label: t(fieldKey('residentId')). */
export function fieldKey<K extends keyof typeof zh.field>(k: K) {
  return `members.field.${k}` as const;
}
