import { CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { List, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { tKey } from '../../lib/i18n.ts';
import { sourceTitle, useLabels } from '../../lib/labels.ts';
import type { Finding, Severity } from '../../lib/types.ts';

export const SEVERITY_COLORS: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };
const ICONS: Record<Severity, ReactNode> = {
  error: <CloseCircleFilled style={{ color: '#cf1322' }} />,
  warning: <ExclamationCircleFilled style={{ color: '#d46b08' }} />,
  info: <InfoCircleFilled style={{ color: '#1677ff' }} />,
};

/** A short name for a rule (`org.secretary.missing` → 未配书记), or the severity when there is none. */
function useRuleName() {
  const { l } = useLabels();
  return (f: Finding) => tKey(`findings.${f.ruleId.replaceAll('.', '_')}`, l('severity', f.severity));
}

function Sources({ names }: { names: readonly string[] }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  if (!names.length) return null;
  return (
    <span>
      {t('orgs.sources')}：{names.map((n) => sourceTitle(n, lang)).join('；')}
    </span>
  );
}

/** One tag per finding — red breach, orange warning, blue note — with the message and its sources on hover. */
export function FindingBadges({ findings, max = 3 }: { findings: readonly Finding[]; max?: number }) {
  const { lang } = useLabels();
  const name = useRuleName();
  if (!findings.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = findings.slice(0, max);
  const rest = findings.slice(max);
  const tip = (f: Finding) => (
    <div>
      <div>{f.message[lang]}</div>
      <div style={{ opacity: 0.75, fontSize: 12, marginTop: 4 }}>
        <Sources names={f.sources} />
      </div>
    </div>
  );
  return (
    <Space size={[4, 4]} wrap={false}>
      {shown.map((f, i) => (
        <Tooltip key={`${f.ruleId}-${i}`} title={tip(f)}>
          <Tag color={SEVERITY_COLORS[f.severity]} style={{ marginInlineEnd: 0, cursor: 'help' }} data-testid={`finding-${f.ruleId}`} data-severity={f.severity}>
            {name(f)}
          </Tag>
        </Tooltip>
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.map((f, i) => <div key={i} style={{ marginBottom: 4 }}>{tip(f)}</div>)}>
          <Tag style={{ cursor: 'help' }}>+{rest.length}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** The findings in full, for the organization's page: message, severity and the regulations they come from. */
export function FindingList({ findings }: { findings: readonly Finding[] }) {
  const { t } = useTranslation();
  const { lang, l } = useLabels();
  const name = useRuleName();
  if (!findings.length) return <Typography.Text type="success">{t('orgs.noFindings')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={[...findings]}
      data-testid="org-findings"
      renderItem={(f) => (
        <List.Item data-testid={`org-finding-${f.ruleId}`} data-severity={f.severity} style={{ paddingInline: 0 }}>
          <List.Item.Meta
            avatar={ICONS[f.severity]}
            title={
              <Space size={6} wrap>
                <Tag color={SEVERITY_COLORS[f.severity]}>{l('severity', f.severity)}</Tag>
                <span>{name(f)}</span>
              </Space>
            }
            description={
              <>
                <div style={{ color: 'rgba(0,0,0,.75)', whiteSpace: 'normal' }}>{f.message[lang]}</div>
                <div style={{ fontSize: 12, whiteSpace: 'normal' }}>
                  <Sources names={f.sources} />
                </div>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
