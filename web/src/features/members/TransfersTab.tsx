import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Popconfirm, Radio, Space, Table, Tag, Typography, type FormInstance, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isPartyMember } from '../../../../src/domain/members.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useSession } from '../auth/session.tsx';
import { useOrgTree } from '../orgs/api.ts';
import { useMemberMutations, useMemberTransfers } from './api.ts';
import { OrgTreeSelect, ymd } from './common.tsx';
import type { MemberDetail, Transfer, TransferStatus } from './types.ts';

export const TRANSFER_COLORS: Record<TransferStatus, string> = { requested: 'blue', sent: 'gold', received: 'green', returned: 'volcano', withdrawn: 'default' };

/** A member's transfers, newest first, with the request form and the actions each state allows. */
export function TransfersTab({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const transfers = useMemberTransfers(member.id);
  const [requesting, setRequesting] = useState(false);
  const canRequest = can('transfers.write') && member.status === 'active' && isPartyMember(member.stage) && member.openTransferId === null;
  return (
    <>
      {canRequest && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)} style={{ marginBottom: 12 }} data-testid="transfer-request">
          {t('members.transfer.request')}
        </Button>
      )}
      {transfers.isError && <Alert type="error" showIcon title={errorText(transfers.error)} />}
      <TransferTable items={transfers.data?.items ?? []} loading={transfers.isFetching} showMember={false} />
      {requesting && <RequestTransferModal member={member} onClose={() => setRequesting(false)} />}
    </>
  );
}

/** The table of transfers (member page, transfers page) with the actions the caller's side may take. */
export function TransferTable({ items, loading, showMember, pagination }: { items: Transfer[]; loading: boolean; showMember: boolean; pagination?: TableProps<Transfer>['pagination'] }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const columns: TableProps<Transfer>['columns'] = [
    ...(showMember
      ? [
          {
            key: 'member',
            title: t('members.transfer.member'),
            fixed: 'left' as const,
            render: (_: unknown, x: Transfer) => <MemberLink id={x.memberId} name={x.memberName} />,
          },
        ]
      : []),
    { key: 'status', title: t('members.transfer.status'), render: (_: unknown, x) => <Tag color={TRANSFER_COLORS[x.status]} data-testid={`transfer-status-${x.id}`}>{l('transferStatus', x.status)}</Tag> },
    { key: 'from', title: t('members.transfer.from'), render: (_: unknown, x) => x.fromOrg.name },
    { key: 'to', title: t('members.transfer.to'), render: (_: unknown, x) => x.toOrg?.name ?? x.destination ?? '—' },
    { key: 'reason', dataIndex: 'reason', title: t('members.transfer.reason'), render: (v: string) => <Typography.Text ellipsis style={{ maxWidth: 200 }}>{v}</Typography.Text> },
    { key: 'requestedOn', dataIndex: 'requestedOn', title: t('members.transfer.requestedOn') },
    { key: 'letterNo', dataIndex: 'letterNo', title: t('members.transfer.letterNo'), render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{orDash(v)}</span> },
    {
      key: 'validUntil',
      title: t('members.transfer.validUntil'),
      render: (_: unknown, x) => (
        <Space size={4}>
          {orDash(x.validUntil)}
          {x.expired && <Tag color="red">{t('members.transfer.expired')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'done',
      title: t('members.transfer.done'),
      render: (_: unknown, x) => orDash(x.receivedOn ?? x.returnedOn ?? x.withdrawnOn ?? x.sentOn) + (x.returnReason ? `（${x.returnReason}）` : ''),
    },
    { key: 'actions', title: t('common.actions'), render: (_: unknown, x) => <TransferActions transfer={x} /> },
  ];
  return (
    <Table<Transfer>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={pagination ?? false}
      locale={{ emptyText: t('members.transfer.none') }}
      data-testid="transfers-table"
    />
  );
}


function MemberLink({ id, name }: { id: number; name: string }) {
  return (
    <Link to={`/members/${id}?tab=transfers`} data-testid={`transfer-member-${id}`}>
      {name}
    </Link>
  );
}

type Action = 'send' | 'receive' | 'return' | 'withdraw';

/** The actions a transfer's state allows, on the caller's side: sending organization (send, withdraw) or receiving one (receive, return). */
export function TransferActions({ transfer: x }: { transfer: Transfer }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const tree = useOrgTree(false);
  const { transferAction } = useMemberMutations();
  const [open, setOpen] = useState<Action | null>(null);
  if (!can('transfers.write')) return null;
  const mine = new Set((tree.data?.items ?? []).map((o) => o.id));
  const sending = mine.has(x.fromOrg.id);
  const receiving = x.toOrg ? mine.has(x.toOrg.id) : sending;
  const actions: Action[] = [];
  if (x.status === 'requested' && sending) actions.push('send', 'withdraw');
  if (x.status === 'sent') {
    if (receiving) actions.push('receive', 'return');
    if (sending) actions.push('withdraw');
  }
  if (!actions.length) return <span>—</span>;
  return (
    <>
      <Space size={4} wrap={false}>
        {actions.map((a) =>
          a === 'withdraw' ? (
            <Popconfirm
              key={a}
              title={t('members.transfer.withdrawConfirm')}
              onConfirm={async () => {
                try {
                  await transferAction.mutateAsync({ id: x.id, action: 'withdraw', body: {} });
                  message.success(t('common.saved'));
                } catch (err) {
                  message.error(errorText(err));
                }
              }}
            >
              <Button size="small" danger data-testid={`transfer-${a}-${x.id}`}>
                {t('members.transfer.withdraw')}
              </Button>
            </Popconfirm>
          ) : (
            <Button key={a} size="small" type={a === 'return' ? 'default' : 'primary'} onClick={() => setOpen(a)} data-testid={`transfer-${a}-${x.id}`}>
              {t(`members.transfer.${a}`)}
            </Button>
          ),
        )}
      </Space>
      {open && open !== 'withdraw' && <TransferActionModal transfer={x} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function TransferActionModal({ transfer, action, onClose }: { transfer: Transfer; action: Exclude<Action, 'withdraw'>; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { transferAction } = useMemberMutations();
  type V = { on?: Dayjs | null; letterNo?: string; crossProvince?: boolean; reason?: string };
  const dateField = { send: 'sentOn', receive: 'receivedOn', return: 'returnedOn' }[action];
  return (
    <FormModal<V>
      title={t(`members.transfer.${action}Title`)}
      fields={['on', 'letterNo', 'crossProvince', 'reason']}
      initialValues={{ on: dayjs() }}
      testId="transfer-action-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        const body: Record<string, unknown> = {};
        if (v.on) body[dateField] = ymd(v.on);
        if (action === 'send') {
          if (v.letterNo?.trim()) body.letterNo = v.letterNo.trim();
          if (v.crossProvince) body.crossProvince = true;
        }
        if (action === 'return') body.reason = (v.reason ?? '').trim();
        await transferAction.mutateAsync({ id: transfer.id, action, body });
        message.success(t('common.saved'));
      }}
    >
      <Form.Item name="on" label={t(`members.transfer.${dateField as 'sentOn'}`)}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      {action === 'send' && (
        <>
          <Form.Item name="letterNo" label={t('members.transfer.letterNo')} extra={t('members.transfer.letterNoExtra')}>
            <Input maxLength={50} data-testid="transfer-letterNo" />
          </Form.Item>
          {!transfer.withinDistrict && (
            <Form.Item name="crossProvince" valuePropName="checked">
              <Checkbox>{t('members.transfer.crossProvince')}</Checkbox>
            </Form.Item>
          )}
        </>
      )}
      {action === 'return' && (
        <Form.Item name="reason" label={t('members.transfer.returnReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      )}
    </FormModal>
  );
}

function RequestTransferModal({ member, onClose }: { member: MemberDetail; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { requestTransfer } = useMemberMutations();
  type V = { where: 'within' | 'outside'; toOrgId?: number; destination?: string; crossProvince?: boolean; reason: string; requestedOn?: Dayjs | null };
  return (
    <FormModal<V>
      title={t('members.transfer.requestTitle')}
      hint={t('members.transfer.requestHint')}
      fields={['toOrgId', 'destination', 'crossProvince', 'reason', 'requestedOn']}
      initialValues={{ where: 'within', requestedOn: dayjs() }}
      testId="transfer-request-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        await requestTransfer.mutateAsync({
          id: member.id,
          reason: v.reason.trim(),
          ...(v.where === 'within' ? { toOrgId: v.toOrgId! } : { destination: (v.destination ?? '').trim(), crossProvince: v.crossProvince ?? false }),
          ...(v.requestedOn && { requestedOn: ymd(v.requestedOn) }),
        });
        message.success(t('common.saved'));
      }}
    >
      {(form) => <RequestFields form={form} />}
    </FormModal>
  );
}


function RequestFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const where = Form.useWatch('where', form) as 'within' | 'outside' | undefined;
  return (
    <>
      <Form.Item name="where">
        <Radio.Group
          options={[
            { value: 'within', label: t('members.transfer.within') },
            { value: 'outside', label: t('members.transfer.outside') },
          ]}
        />
      </Form.Item>
      {where !== 'outside' ? (
        <Form.Item name="toOrgId" label={t('members.transfer.toOrg')} rules={[{ required: true, message: t('common.required') }]}>
          <OrgTreeSelect testId="transfer-toOrg" />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="destination" label={t('members.transfer.destination')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="crossProvince" valuePropName="checked">
            <Checkbox>{t('members.transfer.crossProvince')}</Checkbox>
          </Form.Item>
        </>
      )}
      <Form.Item name="reason" label={t('members.transfer.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="transfer-reason" />
      </Form.Item>
      <Form.Item name="requestedOn" label={t('members.transfer.requestedOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
    </>
  );
}
