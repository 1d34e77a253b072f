import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, List, Popconfirm, Select, Skeleton, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEARCH_METHODS } from '../../../../src/domain/members.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useLostContactCase, useMemberMutations } from './api.ts';
import { ymd } from './common.tsx';
import type { LostContactCase, MemberDetail } from './types.ts';

export const CASE_COLORS: Record<LostContactCase['status'], string> = { open: 'orange', suspended: 'red', closed: 'default' };

/** Contact with the member: the last contact, the lost-contact flag, the contact log, and the search with its efforts and decision. */
export function LostContactTab({ member: m }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const { contactLog, openCase } = useMemberMutations();
  const lostCase = useLostContactCase(m.openLostContactCaseId);
  const [logging, setLogging] = useState(false);
  const canWrite = can('members.write') && m.status !== 'closed';
  const items: DescriptionsProps['items'] = [
    { key: 'last', label: t('members.lost.lastContact'), children: orDash(m.lastContactOn) },
    {
      key: 'since',
      label: t('members.lost.since'),
      children: m.lostContactSince ? <Tag color="red">{m.lostContactSince}</Tag> : <Tag color="green">{t('members.lost.notLost')}</Tag>,
    },
  ];
  return (
    <div data-testid="lost-contact-tab">
      <Descriptions items={items} column={isMobile ? 1 : 2} size="small" bordered />
      {canWrite && (
        <Space wrap style={{ marginTop: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setLogging(true)} data-testid="contact-log">
            {t('members.lost.log')}
          </Button>
          {m.lostContactSince && m.openLostContactCaseId === null && (
            <Popconfirm
              title={t('members.lost.openCaseConfirm')}
              onConfirm={async () => {
                try {
                  await openCase.mutateAsync({ id: m.id });
                  message.success(t('common.saved'));
                } catch (err) {
                  message.error(errorText(err));
                }
              }}
            >
              <Button type="primary" icon={<SearchOutlined />} data-testid="lost-open-case">
                {t('members.lost.openCase')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
      {m.openLostContactCaseId !== null && (
        <div style={{ marginTop: 16 }}>
          {lostCase.isError && <Alert type="error" showIcon title={errorText(lostCase.error)} />}
          {lostCase.data ? <CaseView c={lostCase.data} canWrite={canWrite} /> : !lostCase.isError && <Skeleton active />}
        </div>
      )}
      {logging && (
        <FormModal<{ happenedOn?: Dayjs | null; note: string }>
          title={t('members.lost.logTitle')}
          fields={['happenedOn', 'note']}
          initialValues={{ happenedOn: dayjs() }}
          onClose={() => setLogging(false)}
          testId="contact-log-modal"
          onSubmit={async (v) => {
            await contactLog.mutateAsync({ id: m.id, note: v.note.trim(), ...(v.happenedOn && { happenedOn: ymd(v.happenedOn) }) });
            message.success(t('members.lost.logged'));
          }}
        >
          <Form.Item name="happenedOn" label={t('members.lost.happenedOn')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="note" label={t('members.lost.logNote')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </FormModal>
      )}
    </div>
  );
}

/** One search: its efforts, when suspension or removal becomes possible, and the decisions it can take now. */
export function CaseView({ c, canWrite }: { c: LostContactCase; canWrite: boolean }) {
  const { t } = useTranslation();
  const { l, options } = useLabels();
  const { message } = App.useApp();
  const { addEffort, decide } = useMemberMutations();
  const [effort, setEffort] = useState(false);
  const [deciding, setDeciding] = useState(false);
  return (
    <div data-testid="lost-case">
      <Space size={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('members.lost.case')}</Typography.Text>
        <Tag color={CASE_COLORS[c.status]}>{l('lostContactCaseStatus', c.status)}</Tag>
        <Typography.Text type="secondary">
          {t('members.lost.openedOn')}{t('members.colon')}{c.openedOn}
        </Typography.Text>
        {c.suspendableFrom && (
          <Typography.Text type="secondary">
            {t('members.lost.suspendableFrom')}{t('members.colon')}{c.suspendableFrom}
          </Typography.Text>
        )}
        {c.removableFrom && (
          <Typography.Text type="secondary">
            {t('members.lost.removableFrom')}{t('members.colon')}{c.removableFrom}
          </Typography.Text>
        )}
      </Space>
      {c.decision && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`${l('lostContactDecision', c.decision)}（${c.decidedOn ?? ''}）`} description={c.decisionNote} />
      )}
      <List
        size="small"
        header={<strong>{t('members.lost.efforts')}</strong>}
        dataSource={c.efforts}
        locale={{ emptyText: t('members.lost.effortsNone') }}
        renderItem={(e) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Space size={6} wrap>
              <span>{e.triedOn}</span>
              <Tag>{l('searchMethod', e.method)}</Tag>
              <span>{e.outcome}</span>
            </Space>
          </List.Item>
        )}
      />
      {canWrite && c.status !== 'closed' && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setEffort(true)} data-testid="lost-effort">
            {t('members.lost.effort')}
          </Button>
          {c.allowedDecisions.length > 0 && (
            <Button type="primary" onClick={() => setDeciding(true)} data-testid="lost-decide">
              {t('members.lost.decide')}
            </Button>
          )}
        </Space>
      )}
      {effort && (
        <FormModal<{ triedOn?: Dayjs | null; method: string; outcome: string }>
          title={t('members.lost.effortTitle')}
          fields={['triedOn', 'method', 'outcome']}
          initialValues={{ triedOn: dayjs(), method: 'phone' }}
          onClose={() => setEffort(false)}
          onSubmit={async (v) => {
            await addEffort.mutateAsync({ caseId: c.id, method: v.method, outcome: v.outcome.trim(), ...(v.triedOn && { triedOn: ymd(v.triedOn) }) });
            message.success(t('common.saved'));
          }}
        >
          <Form.Item name="triedOn" label={t('members.lost.triedOn')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="method" label={t('members.lost.method')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={options('searchMethod', SEARCH_METHODS)} />
          </Form.Item>
          <Form.Item name="outcome" label={t('members.lost.outcome')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </FormModal>
      )}
      {deciding && (
        <FormModal<{ decision: string; note: string; decidedOn?: Dayjs | null }>
          title={t('members.lost.decideTitle')}
          hint={t('members.lost.decideHint')}
          fields={['decision', 'note', 'decidedOn']}
          initialValues={{ decidedOn: dayjs(), decision: c.allowedDecisions[0] }}
          onClose={() => setDeciding(false)}
          onSubmit={async (v) => {
            await decide.mutateAsync({ caseId: c.id, decision: v.decision, note: v.note.trim(), ...(v.decidedOn && { decidedOn: ymd(v.decidedOn) }) });
            message.success(t('common.saved'));
          }}
        >
          <Form.Item name="decision" label={t('members.lost.decision')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={options('lostContactDecision', c.allowedDecisions)} />
          </Form.Item>
          <Form.Item name="note" label={t('members.lost.decisionNote')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="decidedOn" label={t('members.lost.decidedOn')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </FormModal>
      )}
    </div>
  );
}
