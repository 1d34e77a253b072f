import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Input, Row, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { apiUrl } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { dateTime, districtDate, districtDayStart, orDash } from '../../lib/format.ts';
import { tKey } from '../../lib/i18n.ts';
import { useLabels } from '../../lib/labels.ts';
import type { AuditEntry, Page } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { AuditDiff } from './AuditDiff.tsx';
import { useListQuery } from '../../lib/useListQuery.ts';

/** The actions the server records today (src/modules/*: recordAudit calls). */
const ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.locked',
  'unit.create',
  'unit.update',
  'unit.close',
  'territory.create',
  'territory.update',
  'territory.move',
  'territory.close',
] as const;
const ENTITY_TYPES = ['unit', 'territory', 'app_user'] as const;
const PAGE_SIZES = [10, 20, 50, 100];
const FILTERS = ['action', 'entityType', 'actor', 'from', 'to'] as const;

const ACTION_COLORS: Record<string, string> = { auth: 'default', unit: 'blue', territory: 'purple' };

export function actionLabel(action: string): string {
  return tKey(`audit.actions.${action}`, action);
}

export function AuditPage() {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const params = {
    page: Math.max(1, Number(sp.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(Number(sp.get('pageSize'))) ? Number(sp.get('pageSize')) : 20,
    sort: sp.get('sort') === 'at' ? 'at' : '-at',
    action: sp.get('action') ?? undefined,
    entityType: sp.get('entityType') ?? undefined,
    actor: sp.get('actor') ?? undefined,
    from: sp.get('from') ?? undefined,
    to: sp.get('to') ?? undefined,
  };
  const [actorText, setActorText] = useState(params.actor ?? '');

  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (Object.keys(patch).some((k) => (FILTERS as readonly string[]).includes(k))) next.delete('page');
    setSp(next, { replace: true });
  };

  const list = useListQuery<Page<AuditEntry>>(['audit'], '/audit-log', params);

  const { page: _p, pageSize: _s, sort: _o, ...filters } = params;
  const exportHref = apiUrl('/audit-log/export', { ...filters, lang });

  const columns: TableProps<AuditEntry>['columns'] = [
    {
      key: 'at',
      dataIndex: 'at',
      title: t('audit.at'),
      width: 180,
      sorter: true,
      sortOrder: params.sort === 'at' ? 'ascend' : 'descend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (v: string) => dateTime(v),
    },
    { key: 'actorName', dataIndex: 'actorName', title: t('audit.actor'), width: 130 },
    {
      key: 'action',
      dataIndex: 'action',
      title: t('audit.action'),
      width: 150,
      render: (v: string) => <Tag color={ACTION_COLORS[v.split('.')[0] ?? ''] ?? 'default'}>{actionLabel(v)}</Tag>,
    },
    {
      key: 'entityType',
      dataIndex: 'entityType',
      title: t('audit.entityType'),
      width: 110,
      render: (v: string) => tKey(`audit.entityTypes.${v}`, v),
    },
    { key: 'entityId', dataIndex: 'entityId', title: t('audit.entityId'), width: 100, render: (v: string | null) => orDash(v) },
    { key: 'ip', dataIndex: 'ip', title: t('audit.ip'), width: 140, render: (v: string | null) => orDash(v) },
  ];

  // The range is of district calendar days: from the start of the first to the start of the day after the last.
  const range = params.from && params.to ? ([dayjs(districtDate(params.from)), dayjs(districtDate(params.to)).subtract(1, 'day')] as const) : null;
  const col = { xs: 24, sm: 12, lg: 6 };

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={exportHref} data-testid="audit-export">
          {t('common.export')}
        </Button>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]}>
          <Col {...col}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              placeholder={t('audit.action')}
              value={params.action}
              onChange={(v: string | undefined) => set({ action: v })}
              options={ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a)} (${a})` }))}
              data-testid="filter-action"
            />
          </Col>
          <Col {...col}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('audit.entityType')}
              value={params.entityType}
              onChange={(v: string | undefined) => set({ entityType: v })}
              options={ENTITY_TYPES.map((e) => ({ value: e, label: tKey(`audit.entityTypes.${e}`, e) }))}
              data-testid="filter-entityType"
            />
          </Col>
          <Col {...col}>
            <Input.Search
              allowClear
              placeholder={t('audit.actorPlaceholder')}
              value={actorText}
              onChange={(e) => {
                setActorText(e.target.value);
                if (!e.target.value) set({ actor: undefined });
              }}
              onSearch={(v) => set({ actor: v.trim() || undefined })}
              data-testid="filter-actor"
            />
          </Col>
          <Col {...col}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              value={range ? [range[0], range[1]] : null}
              onChange={(v) => {
                const [a, b] = v ?? [];
                set(
                  a && b
                    ? { from: districtDayStart(a.format('YYYY-MM-DD')), to: districtDayStart(b.add(1, 'day').format('YYYY-MM-DD')) }
                    : { from: undefined, to: undefined },
                );
              }}
              data-testid="filter-dates"
            />
          </Col>
        </Row>
      </Card>
      {list.isError && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
          <Alert type="error" showIcon title={errorText(list.error)} />
        </Space>
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 860 }}
        expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} />, rowExpandable: (e) => e.before != null || e.after != null }}
        onChange={(pagination, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          set({
            page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
            pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
            sort: s?.order === 'ascend' ? 'at' : undefined,
          });
        }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: !isMobile,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('common.total', { total }),
          simple: isMobile,
        }}
        data-testid="audit-table"
      />
    </>
  );
}
