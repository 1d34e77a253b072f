import { UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { tKey } from '../../lib/i18n.ts';
import type { RuleSettings } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';

interface Row {
  section: string;
  key: string;
  defaultValue: number;
  value: number;
  overridden: boolean;
}

type Values = Record<string, Record<string, number | null | undefined>>;
type Patch = Record<string, Record<string, number | null>>;

/** What the form should send: per section, the numbers whose override changes (null: back to the default). */
function patchOf(settings: RuleSettings, values: Values): Patch {
  const patch: Patch = {};
  for (const [section, s] of Object.entries(settings)) {
    for (const key of Object.keys(s.defaults)) {
      const v = values[section]?.[key];
      const def = s.defaults[key]!;
      // Empty or equal to the default: no override. Otherwise the district's own number.
      const next = v === null || v === undefined || v === def ? null : v;
      const current = s.overridden.includes(key) ? s.values[key]! : null;
      if (next !== current) (patch[section] ??= {})[key] = next;
    }
  }
  return patch;
}

/**
 * Every versioned rule set's numbers in force for the district: the rule
 * set's default and the district's own value. The district admin may change
 * a number (an empty field, or "back to default", returns it to the default);
 * the other roles read.
 */
export function RuleSettingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  const canWrite = can('settings.write');
  const settings = useQuery({ queryKey: ['rule-settings'], queryFn: ({ signal }) => api.get<RuleSettings>('/rule-settings', undefined, signal) });
  const save = useMutation({
    mutationFn: (patch: Patch) => api.patch<RuleSettings>('/rule-settings', patch),
    onSuccess: async (data) => {
      qc.setQueryData(['rule-settings'], data);
      // Findings, suggestions, the worklist and everything else computed from the rules follow the new numbers.
      await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' && q.queryKey[0] !== 'rule-settings' });
    },
  });
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const data = settings.data;

  useEffect(() => {
    if (data) form.setFieldsValue(Object.fromEntries(Object.entries(data).map(([name, s]) => [name, s.values])));
  }, [data, form]);

  if (settings.isPending) return <Skeleton active />;
  if (settings.isError || !data) return <Alert type="error" showIcon title={errorText(settings.error)} />;

  async function onFinish(values: Values) {
    if (!data) return;
    setProblems([]);
    const patch = patchOf(data, values);
    if (!Object.keys(patch).length) {
      message.info(t('common.noChanges'));
      return;
    }
    try {
      await save.mutateAsync(patch);
      message.success(t('settings.saved'));
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setProblems([errorText(err)]);
        return;
      }
      // Fields are named `<section>.<key>`, the form's names [section, key].
      const known = (field: string) => {
        const [section, key] = field.split('.');
        return section && key && data[section]?.defaults[key] !== undefined ? ([section, key] as [string, string]) : null;
      };
      const onFields = err.details.filter((d) => known(d.field));
      form.setFields(onFields.map((d) => ({ name: known(d.field)!, errors: [d.message] })));
      const rest = err.details.filter((d) => !known(d.field)).map((d) => d.message);
      if (!onFields.length && !rest.length) rest.push(err.message);
      setProblems(rest);
    }
  }

  const columns: TableProps<Row>['columns'] = [
    {
      key: 'rule',
      title: t('settings.rule'),
      render: (_: unknown, r) => (
        <div style={{ whiteSpace: 'normal', minWidth: isMobile ? 150 : 220, maxWidth: isMobile ? 190 : 480 }}>
          <div>{tKey(`settings.${r.section}.${r.key}`, r.key)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {r.key}
          </Typography.Text>
          {isMobile && (
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>
              {t('settings.defaultValue')}: {r.defaultValue}
            </div>
          )}
        </div>
      ),
    },
    ...(isMobile ? [] : [{ key: 'default', title: t('settings.defaultValue'), dataIndex: 'defaultValue', align: 'right' as const, width: 100 }]),
    {
      key: 'value',
      title: t('settings.value'),
      width: isMobile ? 110 : 220,
      render: (_: unknown, r) =>
        canWrite ? (
          <Form.Item name={[r.section, r.key]} style={{ margin: 0 }}>
            <InputNumber min={0} precision={0} style={{ width: isMobile ? 90 : 120 }} placeholder={String(r.defaultValue)} data-testid={`rule-${r.section}-${r.key}`} />
          </Form.Item>
        ) : (
          <span data-testid={`rule-${r.section}-${r.key}`}>{r.value}</span>
        ),
    },
    {
      key: 'state',
      width: 180,
      render: (_: unknown, r) =>
        r.overridden ? (
          <span>
            <Tag color="orange">{t('settings.overridden')}</Tag>
            {canWrite && (
              <Typography.Link onClick={() => form.setFieldValue([r.section, r.key], r.defaultValue)}>
                <UndoOutlined /> {t('settings.reset')}
              </Typography.Link>
            )}
          </span>
        ) : null,
    },
  ];

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
          {t('settings.title')}
        </Typography.Title>
        {canWrite && (
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="rules-save">
            {t('settings.save')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('settings.subtitle')}</Typography.Paragraph>
      {!canWrite && <Alert type="info" showIcon title={t('settings.readOnly')} style={{ marginBottom: 16 }} />}
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} onFinish={onFinish} component={false}>
        {Object.entries(data).map(([section, s]) => {
          const rows: Row[] = Object.keys(s.defaults).map((key) => ({
            section,
            key,
            defaultValue: s.defaults[key]!,
            value: s.values[key]!,
            overridden: s.overridden.includes(key),
          }));
          return (
            <Card
              key={section}
              size="small"
              style={{ marginBottom: 16 }}
              title={tKey(`settings.sections.${section}`, section)}
              extra={<Typography.Text type="secondary">{t('settings.version', { version: s.version })}</Typography.Text>}
              data-testid={`rules-${section}`}
            >
              <Table<Row> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
            </Card>
          );
        })}
      </Form>
    </>
  );
}
