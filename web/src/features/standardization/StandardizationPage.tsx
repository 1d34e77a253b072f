import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Input, Progress, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CHECKLISTS } from '../../../../src/domain/coverage.ts';
import { apiUrl } from '../../lib/api.ts';
import { EChart, type ChartOption } from '../../lib/EChart.tsx';
import { errorText } from '../../lib/forms.ts';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { ChecklistName, StandardizationOrg, StandardizationSummary } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { ScopePicker, useScopeParam } from '../coverage/ScopePicker.tsx';
import { useStandardizationOrgs, useStandardizationSummary, type StandardizationListParams } from './api.ts';

const NAMES = Object.keys(CHECKLISTS) as ChecklistName[];

function itemsOption(list: StandardizationSummary['checklists'][number], itemLabel: (i: string) => string): ChartOption {
  const items = [...list.items].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: Math.max(1, list.organizations), minInterval: 1 },
    yAxis: { type: 'category', data: items.map((i) => itemLabel(i.item)), axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'bar',
        data: items.map((i) => i.done),
        barMaxWidth: 18,
        itemStyle: { color: '#c8161d', borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', fontSize: 11 },
      },
    ],
  };
}

function Completion({ value, testId }: { value: number | null; testId?: string }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div style={{ minWidth: 120 }} data-testid={testId}>
      <Progress percent={Math.round(value * 1000) / 10} size="small" strokeColor={value >= 1 ? '#389e0d' : value >= 0.6 ? '#faad14' : '#cf1322'} />
    </div>
  );
}

/** Checklist completion across the organizations of a node: per checklist, per item, per sub-area, per organization. */
export function StandardizationPage() {
  const { t } = useTranslation();
  const { l, lang } = useLabels();
  const isMobile = useIsMobile();
  const { territoryId, setTerritoryId } = useScopeParam();
  const summary = useStandardizationSummary(territoryId);
  const [checklist, setChecklist] = useState<ChecklistName | undefined>();
  const [complete, setComplete] = useState<boolean | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [sort, setSort] = useState<string>('completion');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const params: StandardizationListParams = { territoryId, checklist, complete, q, sort, page, pageSize };
  const orgs = useStandardizationOrgs(params);
  const exportHref = apiUrl('/standardization/orgs/export', { territoryId, checklist, complete, q, sort, lang });
  const data = summary.data;
  const options = useMemo(() => (data ? data.checklists.map((c) => itemsOption(c, (i) => l('checklistItem', i))) : []), [data, l]);

  const childColumns: TableProps<StandardizationSummary['children'][number]>['columns'] = [
    {
      key: 'name',
      title: t('coverage.area'),
      render: (_: unknown, r) => <Typography.Link onClick={() => setTerritoryId(r.territoryId)}>{r.name}</Typography.Link>,
    },
    { key: 'kind', title: t('coverage.kind'), render: (_: unknown, r) => l('territoryKind', r.kind) },
    { key: 'organizations', dataIndex: 'organizations', title: t('standardization.organizations'), align: 'right' },
    ...NAMES.map((c) => ({
      key: c,
      title: l('checklist', c),
      render: (_: unknown, r: StandardizationSummary['children'][number]) => <Completion value={r.averageCompletion[c]} />,
    })),
  ];

  const orgColumns: TableProps<StandardizationOrg>['columns'] = [
    {
      key: 'name',
      title: t('orgs.field.name'),
      fixed: 'left',
      render: (_: unknown, o) => (
        <Space size={4} style={{ whiteSpace: 'normal', minWidth: isMobile ? 140 : 200, maxWidth: 320 }}>
          <Link to={`/orgs/${o.id}?tab=checklist`}>{o.name}</Link>
          {o.demoSite && <Tag color="gold">{l('demoSiteLevel', o.demoSite)}</Tag>}
        </Space>
      ),
    },
    { key: 'kind', title: t('orgs.field.kind'), render: (_: unknown, o) => l('orgKind', o.kind) },
    { key: 'territoryName', dataIndex: 'territoryName', title: t('orgs.field.territoryName') },
    ...NAMES.map((c) => ({
      key: c,
      title: l('checklist', c),
      render: (_: unknown, o: StandardizationOrg) => (
        <Space size={8}>
          <Completion value={o.completion[c]} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('standardization.done', { done: o.done[c], total: CHECKLISTS[c].length })}
          </Typography.Text>
        </Space>
      ),
    })),
  ];

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
          {t('standardization.title')}
        </Typography.Title>
        <ScopePicker value={territoryId} onChange={setTerritoryId} width={isMobile ? '100%' : 240} />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
        {t('standardization.subtitle')}
      </Typography.Paragraph>
      {summary.isError && <Alert type="error" showIcon title={errorText(summary.error)} style={{ marginBottom: 16 }} />}
      {!data ? (
        <Skeleton active />
      ) : (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {data.checklists.map((c, i) => (
            <Col key={c.checklist} xs={24} xl={12}>
              <Card size="small" title={l('checklist', c.checklist)} data-testid={`std-${c.checklist}`}>
                <Row gutter={[8, 8]} style={{ marginBottom: 8 }}>
                  <Col xs={12} sm={6}>
                    <Statistic title={t('standardization.organizations')} value={c.organizations} />
                  </Col>
                  <Col xs={12} sm={6}>
                    <Statistic title={t('standardization.complete')} value={c.complete} styles={{ content: { color: '#389e0d' } }} />
                  </Col>
                  <Col xs={12} sm={6}>
                    <Statistic title={t('standardization.partial')} value={c.partial} styles={{ content: { color: '#d48806' } }} />
                  </Col>
                  <Col xs={12} sm={6}>
                    <Statistic title={t('standardization.average')} value={pct(c.averageCompletion)} />
                  </Col>
                </Row>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('standardization.itemsDone')}
                </Typography.Text>
                {options[i] && <EChart option={options[i]} height={40 + c.items.length * 30} testId={`std-items-${c.checklist}`} />}
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {data && data.children.length > 0 && (
        <Card size="small" title={t('standardization.byChild')} style={{ marginBottom: 16 }}>
          <Table rowKey="territoryId" size="small" columns={childColumns} dataSource={data.children} pagination={false} scroll={{ x: 'max-content' }} data-testid="std-children" />
        </Card>
      )}
      <Card
        size="small"
        title={t('standardization.orgList')}
        extra={
          <Button size="small" icon={<DownloadOutlined />} href={exportHref} data-testid="std-export">
            {t('common.export')}
          </Button>
        }
      >
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
          <Select<ChecklistName>
            allowClear
            style={{ width: isMobile ? '100%' : 160 }}
            placeholder={t('standardization.allChecklists')}
            value={checklist}
            onChange={(v) => {
              setChecklist(v);
              setPage(1);
            }}
            options={NAMES.map((c) => ({ value: c, label: l('checklist', c) }))}
          />
          <Select<'true' | 'false'>
            allowClear
            style={{ width: isMobile ? '100%' : 160 }}
            placeholder={t('standardization.allStates')}
            value={complete === undefined ? undefined : complete ? 'true' : 'false'}
            onChange={(v) => {
              setComplete(v === undefined ? undefined : v === 'true');
              setPage(1);
            }}
            options={[
              { value: 'true', label: t('standardization.onlyComplete') },
              { value: 'false', label: t('standardization.onlyIncomplete') },
            ]}
          />
          <Select
            style={{ width: isMobile ? '100%' : 160 }}
            value={sort}
            onChange={(v: string) => setSort(v)}
            options={[
              { value: 'completion', label: t('standardization.sortLeast') },
              { value: 'name', label: t('standardization.sortName') },
            ]}
          />
          <Input.Search
            allowClear
            style={{ width: isMobile ? '100%' : 220 }}
            placeholder={t('standardization.searchPlaceholder')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
          />
        </div>
        {orgs.isError && <Alert type="error" showIcon title={errorText(orgs.error)} style={{ marginBottom: 12 }} />}
        <Table<StandardizationOrg>
          rowKey="id"
          size="small"
          columns={orgColumns}
          dataSource={orgs.data?.items ?? []}
          loading={orgs.isFetching}
          scroll={{ x: 'max-content' }}
          onChange={(p) => {
            setPage(p.current ?? 1);
            if (p.pageSize) setPageSize(p.pageSize);
          }}
          pagination={{
            current: page,
            pageSize,
            total: orgs.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            simple: isMobile,
          }}
          data-testid="std-orgs"
        />
      </Card>
    </>
  );
}
