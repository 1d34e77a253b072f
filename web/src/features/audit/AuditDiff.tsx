import { Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../lib/format.ts';
import { tKey } from '../../lib/i18n.ts';
import { useLabels, type Vocabulary } from '../../lib/labels.ts';
import type { AuditEntry } from '../../lib/types.ts';

interface Row {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Fields whose values are vocabulary codes, shown with their labels. */
function vocabularyOf(entityType: string, key: string): Vocabulary | null {
  switch (key) {
    case 'kind':
      return entityType === 'territory' ? 'territoryKind' : 'unitKind';
    case 'status':
      return entityType === 'territory' ? 'territoryStatus' : 'unitStatus';
    case 'territoryKind':
      return 'territoryKind';
    case 'ownership':
    case 'industry':
    case 'sizeBand':
      return key;
    default:
      return null;
  }
}

/** Rows of the fields in before/after, changed ones first-class (marked). */
export function diffRows(before: unknown, after: unknown): Row[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === null && after === null) return [];
    return [{ key: '', before, after, changed: JSON.stringify(before) !== JSON.stringify(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => ({
    key,
    before: isRecord(before) ? b[key] : undefined,
    after: isRecord(after) ? a[key] : undefined,
    changed: JSON.stringify(b[key]) !== JSON.stringify(a[key]),
  }));
}

/** The before/after of one audit entry as a field-by-field table; changed fields are highlighted. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const [showAll, setShowAll] = useState(false);
  const all = diffRows(entry.before, entry.after);
  if (!all.length) return <Typography.Text type="secondary">{t('audit.noDiff')}</Typography.Text>;
  const hasBefore = entry.before !== null && entry.before !== undefined;
  const hasAfter = entry.after !== null && entry.after !== undefined;
  // An edit records the whole record twice: show what changed unless asked for everything.
  const canFilter = hasBefore && hasAfter && all.some((r) => r.changed) && all.some((r) => !r.changed);
  const rows = canFilter && !showAll ? all.filter((r) => r.changed) : all;
  const value = (key: string, v: unknown) => {
    const vocabulary = vocabularyOf(entry.entityType, key);
    if (vocabulary && typeof v === 'string') return l(vocabulary, v);
    // Timestamps (createdAt, updatedAt, closedAt, lockedUntil...) in the district's time.
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return dateTime(v);
    return show(v);
  };
  const fieldLabel = (key: string) => {
    if (!key) return '';
    if (entry.entityType === 'territory') return tKey(`territory.field.${key}`, key);
    const unitLabel = l('unitField', key);
    return unitLabel !== key ? unitLabel : tKey(`territory.field.${key}`, key);
  };
  return (
    <>
      {canFilter && (
        <Space size={6} style={{ marginBottom: 8 }}>
          <Switch size="small" checked={showAll} onChange={setShowAll} data-testid={`audit-diff-all-${entry.id}`} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('audit.showAllFields')}
          </Typography.Text>
        </Space>
      )}
    <Table<Row>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 560 }}
      data-testid={`audit-diff-${entry.id}`}
      rowClassName={(r) => (hasBefore && hasAfter && r.changed ? 'audit-changed' : '')}
      columns={[
        {
          key: 'field',
          title: t('audit.field'),
          width: 180,
          render: (_, r) => (
            <span>
              {fieldLabel(r.key)}
              {r.key && fieldLabel(r.key) !== r.key && (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {r.key}
                </Typography.Text>
              )}
            </span>
          ),
        },
        ...(hasBefore
          ? [
              {
                key: 'before',
                title: t('audit.before'),
                render: (_: unknown, r: Row) => (
                  <span style={{ wordBreak: 'break-all', ...(hasAfter && r.changed && { color: '#cf1322', textDecoration: 'line-through' }) }}>
                    {value(r.key, r.before)}
                  </span>
                ),
              },
            ]
          : []),
        ...(hasAfter
          ? [
              {
                key: 'after',
                title: t('audit.after'),
                render: (_: unknown, r: Row) => (
                  <span style={{ wordBreak: 'break-all', ...(hasBefore && r.changed && { color: '#389e0d', fontWeight: 600 }) }}>
                    {value(r.key, r.after)}
                  </span>
                ),
              },
            ]
          : []),
      ]}
    />
    </>
  );
}
