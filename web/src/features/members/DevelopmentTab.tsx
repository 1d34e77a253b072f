import { CheckCircleOutlined, ClockCircleOutlined, EditOutlined, ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, List, Row, Skeleton, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAGES, stepDef } from '../../../../src/domain/pipeline.ts';
import { errorText } from '../../lib/forms.ts';
import { dateTime } from '../../lib/format.ts';
import { labelOf, useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { SEVERITY_COLORS } from '../orgs/Findings.tsx';
import { useDevelopment } from './api.ts';
import { SourceList, StageTag } from './common.tsx';
import { CorrectModal, StepModal } from './StepModal.tsx';
import type { Development, HistoryItem, MemberDetail, RecordKind } from './types.ts';

const STAGE_DATE: Record<(typeof STAGES)[number], keyof Development['stageDates']> = {
  applicant: 'appliedOn',
  activist: 'activistOn',
  candidate: 'candidateOn',
  probationary: 'admittedOn',
  full: 'fullOn',
};

/** A member's development: where they stand, what may come next and when, what is due, and the history with its corrections. */
export function DevelopmentTab({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const dev = useDevelopment(member.id);
  const [recording, setRecording] = useState<RecordKind | null>(null);
  const [correcting, setCorrecting] = useState<HistoryItem | null>(null);
  const d = dev.data;
  if (dev.isError) return <Alert type="error" showIcon title={errorText(dev.error)} />;
  if (!d) return <Skeleton active />;
  const canWrite = can('development.write') && d.memberStatus !== 'closed';

  const stageIndex = d.status && (STAGES as readonly string[]).includes(d.status) ? STAGES.indexOf(d.status as (typeof STAGES)[number]) : -1;
  const numbered = d.nextSteps.filter((n) => n.order !== null);
  const events = d.nextSteps.filter((n) => n.order === null);
  const errors = d.findings.filter((f) => f.severity !== 'info');

  return (
    <div data-testid="development-tab">
      <Steps
        size="small"
        current={stageIndex}
        type={isMobile ? 'inline' : 'default'}
        style={{ marginBottom: 16 }}
        items={STAGES.map((s, i) => ({
          title: t(`members.dev.stageSteps.${s}`),
          content: d.stageDates[STAGE_DATE[s]] ?? undefined,
          status: i < stageIndex ? 'finish' : i === stageIndex ? (d.status === 'full' ? 'finish' : 'process') : 'wait',
        }))}
      />
      <Space wrap size={8} style={{ marginBottom: 12 }}>
        <span>{t('members.dev.status')}{t('members.colon')}</span>
        {d.status ? <StageTag stage={d.status} testId="dev-status" /> : '—'}
        {d.probationEndsOn && (
          <Typography.Text type="secondary">
            {t('members.dev.probationEndsOn')}{t('members.colon')}{d.probationEndsOn}
          </Typography.Text>
        )}
        {d.extensionMonths > 0 && <Tag color="orange">{t('members.dev.extension', { months: d.extensionMonths })}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('members.dev.rulesVersion', { version: d.rules.version })}
        </Typography.Text>
      </Space>
      {d.fromRegistry && <Alert type="info" showIcon title={t('members.dev.fromRegistry')} style={{ marginBottom: 12 }} />}
      {errors.length > 0 && (
        <Alert
          type={errors.some((f) => f.severity === 'error') ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={t('members.dev.findings')}
          data-testid="dev-findings"
          description={
            <Space orientation="vertical" size={4}>
              {errors.map((f, i) => (
                <div key={i}>
                  <div>{f.message[lang]}</div>
                  <SourceList names={f.sources} />
                </div>
              ))}
            </Space>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('members.dev.next')} data-testid="dev-next">
            {numbered.length === 0 && events.length === 0 ? (
              <Typography.Text type="secondary">{t('members.dev.nextNone')}</Typography.Text>
            ) : (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {numbered.map((n) => (
                  <div key={n.step} style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
                    <Button
                      type={n === numbered[0] ? 'primary' : 'default'}
                      icon={<PlusOutlined />}
                      disabled={!canWrite}
                      onClick={() => setRecording(n.step)}
                      data-testid={`next-step-${n.step}`}
                    >
                      {n.order}. {n.label[lang]}
                    </Button>
                    {n.earliestOn && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        <ClockCircleOutlined /> {t('members.dev.earliest', { on: n.earliestOn })}
                      </Typography.Text>
                    )}
                  </div>
                ))}
                {events.length > 0 && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>
                      {t('members.dev.events')}{t('members.colon')}
                    </Typography.Text>
                    <Space size={[4, 4]} wrap>
                      {events.map((n) => (
                        <Button key={n.step} size="small" disabled={!canWrite} onClick={() => setRecording(n.step)} data-testid={`next-step-${n.step}`}>
                          {n.label[lang]}
                          {n.earliestOn ? ` (${t('members.dev.earliest', { on: n.earliestOn })})` : ''}
                        </Button>
                      ))}
                    </Space>
                  </div>
                )}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('members.dev.deadlines')} data-testid="dev-deadlines">
            {d.deadlines.length === 0 ? (
              <Typography.Text type="secondary">{t('members.dev.deadlinesNone')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={d.deadlines}
                renderItem={(x) => (
                  <List.Item style={{ paddingInline: 0 }} data-testid={`deadline-${x.kind}`}>
                    <div style={{ width: '100%' }}>
                      <Space size={6} wrap>
                        <strong>{x.dueOn}</strong>
                        <Tag color={x.overdue ? 'red' : SEVERITY_COLORS[x.severity]}>{labelOf('developmentDeadline', x.kind, lang)}</Tag>
                        {x.overdue && <Tag color="red">{t('members.dev.overdue')}</Tag>}
                      </Space>
                      <div style={{ marginTop: 2 }}>{x.message[lang]}</div>
                      <SourceList names={x.sources} />
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('members.dev.history')}
      </Typography.Title>
      {d.history.length === 0 ? (
        <Empty description={t('members.dev.historyEmpty')} />
      ) : (
        <Timeline
          data-testid="dev-history"
          items={d.history.map((h) => ({
            key: h.id,
            color: h.voided ? 'gray' : h.findings.some((f) => f.severity === 'error') ? 'red' : h.findings.length ? 'orange' : 'green',
            icon: h.findings.length ? <ExclamationCircleOutlined /> : <CheckCircleOutlined />,
            content: <HistoryEntry dev={d} item={h} canWrite={canWrite} onCorrect={() => setCorrecting(h)} />,
          }))}
        />
      )}
      {recording && <StepModal dev={d} step={recording} onClose={() => setRecording(null)} />}
      {correcting && <CorrectModal dev={d} item={correcting} onClose={() => setCorrecting(null)} />}
    </div>
  );
}


function HistoryEntry({ dev, item: h, canWrite, onCorrect }: { dev: Development; item: HistoryItem; canWrite: boolean; onCorrect(): void }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const summary = dataSummary(dev, h.step, h.data, lang, t as unknown as T);
  return (
    <div data-testid={`history-${h.step}`} style={{ opacity: h.voided ? 0.6 : 1 }}>
      <Space size={6} wrap>
        <Typography.Text strong delete={h.voided}>
          {h.order !== null ? `${h.order}. ` : ''}
          {h.label[lang]}
        </Typography.Text>
        <Typography.Text>{h.doneOn}</Typography.Text>
        {h.corrections.length > 0 && !h.voided && <Tag color="blue">{t('members.dev.corrected')}</Tag>}
        {h.voided && <Tag>{t('members.dev.voided')}</Tag>}
        {canWrite && !h.voided && (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={onCorrect} style={{ padding: 0 }} data-testid={`correct-${h.id}`}>
            {t('members.dev.correct')}
          </Button>
        )}
      </Space>
      {summary && <div style={{ marginTop: 2 }}>{summary}</div>}
      {h.original && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('members.dev.original', { on: h.original.doneOn })}
          {h.corrections.map((c) => (c.reason ? ` · ${c.reason}` : '')).join('')}
        </Typography.Text>
      )}
      {h.findings.map((f, i) => (
        <div key={i} style={{ marginTop: 2 }}>
          <Tag color={SEVERITY_COLORS[f.severity]} style={{ whiteSpace: 'normal' }}>
            {f.message[lang]}
          </Tag>
          <SourceList names={f.sources} />
        </div>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {t('members.dev.recordedBy', { by: h.recordedBy ?? '—', at: dateTime(h.recordedAt) })}
      </Typography.Text>
    </div>
  );
}

/** A plain string lookup (the typed `t` is too deep to pass around). */
type T = (key: string) => string;

/** The step's data in words: 赞成票 7 · 反对票 5; people by name. */
function dataSummary(dev: Development, step: RecordKind, data: Record<string, unknown>, lang: 'zh-CN' | 'en', t: T): string {
  const specs = stepDef(step).data;
  const names = new Map(dev.people.map((p) => [p.id, p.name]));
  const parts: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined || v === '') continue;
    const spec = specs[k];
    const label = spec ? spec.label[lang] : k === 'note' ? t('members.field.note') : k;
    let text: string;
    if (Array.isArray(v)) text = v.map((id) => names.get(Number(id)) ?? `#${id}`).join('、');
    else if (typeof v === 'boolean') text = v ? t('members.dev.yes') : t('members.dev.no');
    else if (k === 'for') text = t(`members.dev.noticeOf.${String(v)}`);
    else if (k === 'method') text = t(`members.dev.methodOf.${String(v)}`);
    else text = String(v);
    parts.push(`${label}${t('members.colon')}${text}`);
  }
  return parts.join(lang === 'en' ? ' · ' : '；');
}
