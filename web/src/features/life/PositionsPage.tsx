/**
 * /life/positions — activity positions (service centers, service points,
 * activity rooms): address, area, capacity, their checklist; and each
 * position's booking calendar. Bookings never overlap: the server answers 409
 * booking_overlap with the clashing booking, shown on the time fields.
 */
import { CalendarOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Calendar, Card, Checkbox, Col, DatePicker, Drawer, Empty, Form, Input, InputNumber, List, Popconfirm, Popover, Row, Select, Space, Table, Tag, TimePicker, TreeSelect, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { POSITION_CHECKLIST, POSITION_KINDS } from '../../../../src/domain/life.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { applyServerErrors, clearErrors, errorText } from '../../lib/forms.ts';
import { districtToday, orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession, useUser } from '../auth/session.tsx';
import { ScopePicker } from '../coverage/ScopePicker.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { selectTree } from '../territory/tree.ts';
import { useBookings, usePositionMutations, usePositions, type Booking, type Position, type PositionChecklistItem, type PositionInput, type PositionKind } from './api.ts';
import { districtDate, localInstant, OrgPicker, timeRange } from './common.tsx';

const POSITION_FIELDS = ['kind', 'name', 'address', 'territoryId', 'orgId', 'lng', 'lat', 'areaM2', 'capacity', 'checklist'] as const;

interface PositionValues {
  kind: PositionKind;
  name: string;
  address?: string;
  territoryId?: number;
  orgId?: number;
  lng?: number | null;
  lat?: number | null;
  areaM2?: number | null;
  capacity?: number | null;
  checklist?: PositionChecklistItem[];
}

function TerritoryField() {
  const { index } = useTerritoryTree(false);
  const data = useMemo(() => selectTree(index, (n) => n.status === 'active'), [index]);
  return <TreeSelect treeData={data} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandedKeys={index.roots.map((r) => r.id)} style={{ width: '100%' }} />;
}

function PositionModal({ position, onClose }: { position?: Position; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const user = useUser();
  const { create, update } = usePositionMutations();
  const staff = user.scope.partyOrgId === null;
  const init: Partial<PositionValues> = position
    ? {
        kind: position.kind,
        name: position.name,
        address: position.address ?? '',
        lng: position.lng,
        lat: position.lat,
        areaM2: position.areaM2,
        capacity: position.capacity,
        checklist: position.checklist.filter((c) => c.done).map((c) => c.item),
      }
    : { kind: 'activity_room', checklist: [], ...(user.scope.partyOrgId !== null && { orgId: user.scope.partyOrgId }) };
  return (
    <FormModal<PositionValues>
      title={position ? t('life.positions.edit') : t('life.positions.create')}
      fields={POSITION_FIELDS}
      initialValues={init}
      testId="position-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        const input: PositionInput = {
          kind: v.kind,
          name: v.name.trim(),
          address: v.address?.trim() || null,
          lng: v.lng ?? null,
          lat: v.lat ?? null,
          areaM2: v.areaM2 ?? null,
          capacity: v.capacity ?? null,
          checklist: POSITION_CHECKLIST.map((item) => ({ item, done: (v.checklist ?? []).includes(item), note: position?.checklist.find((c) => c.item === item)?.note ?? null })),
        };
        if (position) await update.mutateAsync({ id: position.id, input });
        else await create.mutateAsync({ ...input, ...(v.territoryId && { territoryId: v.territoryId }), ...(v.orgId && { orgId: v.orgId }) });
        message.success(t('common.saved'));
      }}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={t('life.positions.kind')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={options('positionKind', POSITION_KINDS)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('life.positions.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={200} data-testid="position-name" />
          </Form.Item>
        </Col>
        {!position && staff && (
          <Col xs={24} md={12}>
            <Form.Item name="territoryId" label={t('life.positions.territory')} rules={[{ required: true, message: t('common.required') }]}>
              <TerritoryField />
            </Form.Item>
          </Col>
        )}
        {!position && (
          <Col xs={24} md={staff ? 12 : 24}>
            <Form.Item name="orgId" label={t('life.positions.org')} rules={staff ? [] : [{ required: true, message: t('common.required') }]} extra={staff ? t('life.positions.orgHint') : undefined}>
              <OrgPicker width="100%" allowAll={staff} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24}>
          <Form.Item name="address" label={t('life.positions.address')}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="areaM2" label={t('life.positions.area')}>
            <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="capacity" label={t('life.positions.capacity')}>
            <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="lng" label={t('life.positions.lng')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="lat" label={t('life.positions.lat')}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="checklist" label={t('life.positions.checklist')}>
            <Checkbox.Group options={options('positionChecklistItem', POSITION_CHECKLIST)} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

function CloseModal({ position, onClose }: { position: Position; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { close } = usePositionMutations();
  return (
    <FormModal<{ reason: string }>
      title={t('life.positions.closeTitle', { name: position.name })}
      fields={['reason']}
      danger
      okText={t('life.positions.close')}
      onClose={onClose}
      onSubmit={async (v) => {
        await close.mutateAsync({ id: position.id, reason: v.reason.trim() });
        message.success(t('life.positions.closed'));
      }}
    >
      <Form.Item name="reason" label={t('life.cancelReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

interface BookingValues {
  date: Dayjs;
  start: Dayjs;
  end: Dayjs;
  purpose: string;
}

/** A position's calendar: the month's bookings, and booking a time (409 shown on the time fields). */
function BookingsDrawer({ position, onClose }: { position: Position; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const [month, setMonth] = useState(() => dayjs(districtToday()).startOf('month'));
  const [day, setDay] = useState(() => districtToday());
  const from = month.format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const q = useBookings(position.id, from, to);
  const { book, cancelBooking } = usePositionMutations();
  const [form] = Form.useForm<BookingValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const canWrite = can('life.write') && position.status === 'active';
  const byDay = useMemo(() => {
    const m = new Map<string, Booking[]>();
    for (const b of q.data?.items ?? []) {
      const d = districtDate(b.startsAt);
      m.set(d, [...(m.get(d) ?? []), b]);
    }
    return m;
  }, [q.data]);

  async function onBook(v: BookingValues) {
    setProblems([]);
    clearErrors(form, ['date', 'start', 'end', 'purpose']);
    const d = v.date.format('YYYY-MM-DD');
    try {
      await book.mutateAsync({ id: position.id, startsAt: localInstant(d, v.start.format('HH:mm')), endsAt: localInstant(d, v.end.format('HH:mm')), purpose: v.purpose.trim() });
      message.success(t('life.positions.booked'));
      form.resetFields(['purpose']);
      setDay(d);
    } catch (err) {
      setProblems(applyServerErrors(form, err, ['date', 'start', 'end', 'purpose'], { startsAt: 'start', endsAt: 'end' }));
    }
  }

  return (
    <Drawer open title={t('life.positions.bookingsTitle', { name: position.name })} onClose={onClose} size={isMobile ? '100%' : 640} data-testid="bookings-drawer">
      <Calendar
        fullscreen={false}
        value={dayjs(day)}
        onPanelChange={(d: Dayjs) => setMonth(d.startOf('month'))}
        onSelect={(d: Dayjs, info) => {
          if (info.source === 'date' || info.source === 'customize') setDay(d.format('YYYY-MM-DD'));
          if (!d.isSame(month, 'month')) setMonth(d.startOf('month'));
        }}
        cellRender={(d: Dayjs, info) => {
          if (info.type !== 'date') return info.originNode;
          const n = byDay.get(d.format('YYYY-MM-DD'))?.length ?? 0;
          return n ? <div style={{ display: 'flex', justifyContent: 'center' }}><span style={{ width: 6, height: 6, borderRadius: 3, background: '#c8161d' }} /></div> : null;
        }}
      />
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('life.positions.monthBookings', { month: month.format('YYYY-MM') })}
      </Typography.Title>
      <List
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('life.positions.noBookings') }}
        data-testid="bookings-list"
        renderItem={(b) => (
          <List.Item
            key={b.id}
            style={{ background: districtDate(b.startsAt) === day ? '#fff1f0' : undefined }}
            actions={
              canWrite && b.meetingId === null
                ? [
                    <Popconfirm key="c" title={t('life.positions.cancelBooking')} onConfirm={() => cancelBooking.mutateAsync(b.id).catch((err: unknown) => message.error(errorText(err)))}>
                      <Button size="small" type="link" danger>
                        {t('common.cancel')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <div>
              <div>{timeRange(b.startsAt, b.endsAt)}</div>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
                {b.meetingId ? <Link to={`/life/meetings/${b.meetingId}`}>{b.purpose}</Link> : b.purpose}
                {b.orgName ? ` · ${b.orgName}` : ''}
              </div>
            </div>
          </List.Item>
        )}
      />
      {canWrite && (
        <Card size="small" title={t('life.positions.book')} style={{ marginTop: 12 }}>
          {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 12 }} data-testid="booking-error" />}
          <Form<BookingValues> form={form} layout="vertical" onFinish={onBook} initialValues={{ date: dayjs(day), start: dayjs('09:00', 'HH:mm'), end: dayjs('11:00', 'HH:mm') }}>
            <Row gutter={8}>
              <Col xs={24} md={10}>
                <Form.Item name="date" label={t('life.field.date')} rules={[{ required: true, message: t('common.required') }]}>
                  <DatePicker style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={12} md={7}>
                <Form.Item name="start" label={t('life.field.startTime')} rules={[{ required: true, message: t('common.required') }]}>
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={7}>
                <Form.Item name="end" label={t('life.field.endTime')} rules={[{ required: true, message: t('common.required') }]}>
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="purpose" label={t('life.positions.purpose')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                  <Input maxLength={200} data-testid="booking-purpose" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={book.isPending} data-testid="booking-submit">
              {t('life.positions.book')}
            </Button>
          </Form>
        </Card>
      )}
    </Drawer>
  );
}

export function PositionsPage() {
  const { t } = useTranslation();
  const { l, options } = useLabels();
  const { can } = useSession();
  const user = useUser();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const territoryId = Number(sp.get('territoryId')) || undefined;
  const kind = (sp.get('kind') as PositionKind | null) ?? undefined;
  const status = sp.get('status') === 'closed' ? 'closed' : 'active';
  const qText = sp.get('q') ?? '';
  const page = Number(sp.get('page')) || 1;
  const [modal, setModal] = useState<{ kind: 'create' } | { kind: 'edit' | 'close' | 'bookings'; position: Position } | null>(null);
  const q = usePositions({ territoryId, kind, status, q: qText || undefined, page, pageSize: 20 });
  const canWrite = can('life.write');
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setSp(next, { replace: true });
  };
  const columns: TableProps<Position>['columns'] = [
    { key: 'name', title: t('life.positions.name'), fixed: isMobile ? undefined : 'left', render: (_, p) => <Typography.Link onClick={() => setModal({ kind: 'bookings', position: p })}>{p.name}</Typography.Link> },
    { key: 'kind', title: t('life.positions.kind'), render: (_, p) => l('positionKind', p.kind) },
    { key: 'territory', title: t('life.positions.territory'), dataIndex: 'territoryName' },
    { key: 'org', title: t('life.positions.org'), render: (_, p) => orDash(p.orgName) },
    { key: 'address', title: t('life.positions.address'), render: (_, p) => orDash(p.address) },
    { key: 'area', title: t('life.positions.area'), align: 'right', render: (_, p) => orDash(p.areaM2) },
    { key: 'capacity', title: t('life.positions.capacity'), align: 'right', render: (_, p) => orDash(p.capacity) },
    {
      key: 'checklist',
      title: t('life.positions.checklist'),
      render: (_, p) => (
        <Popover
          content={
            <div>
              {POSITION_CHECKLIST.map((item) => {
                const done = p.checklist.find((c) => c.item === item)?.done;
                return (
                  <div key={item}>
                    <Tag color={done ? 'success' : 'default'}>{done ? '✓' : '–'}</Tag>
                    {l('positionChecklistItem', item)}
                  </div>
                );
              })}
            </div>
          }
        >
          <Tag color={p.checklistDone === POSITION_CHECKLIST.length ? 'success' : p.checklistDone ? 'warning' : 'default'} style={{ cursor: 'pointer' }}>
            {p.checklistDone}/{POSITION_CHECKLIST.length}
          </Tag>
        </Popover>
      ),
    },
    ...(status === 'closed' ? [{ key: 'closed', title: t('life.positions.closedOn'), render: (_: unknown, p: Position) => `${p.closedOn ?? ''} ${p.closedReason ?? ''}` }] : []),
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, p) => (
        <Space size={0} wrap>
          <Button size="small" type="link" icon={<CalendarOutlined />} onClick={() => setModal({ kind: 'bookings', position: p })} data-testid={`position-bookings-${p.id}`}>
            {t('life.positions.bookings')}
          </Button>
          {canWrite && p.status === 'active' && (
            <>
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setModal({ kind: 'edit', position: p })}>
                {t('common.edit')}
              </Button>
              <Button size="small" type="link" danger icon={<StopOutlined />} onClick={() => setModal({ kind: 'close', position: p })}>
                {t('life.positions.close')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];
  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('life.positions.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('life.positions.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          {user.scope.partyOrgId === null && <ScopePicker value={territoryId} onChange={(id) => set({ territoryId: id ? String(id) : undefined })} width={isMobile ? '100%' : 200} />}
          <Select allowClear placeholder={t('life.positions.allKinds')} value={kind} onChange={(v: PositionKind | undefined) => set({ kind: v })} options={options('positionKind', POSITION_KINDS)} style={{ width: 150 }} />
          <Select
            value={status}
            onChange={(v: string) => set({ status: v === 'closed' ? 'closed' : undefined })}
            options={[
              { value: 'active', label: t('life.positions.active') },
              { value: 'closed', label: t('life.positions.closedList') },
            ]}
            style={{ width: 110 }}
          />
          <Input.Search allowClear defaultValue={qText} placeholder={t('life.positions.search')} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 200 }} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ kind: 'create' })} data-testid="position-create">
              {t('life.positions.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small">
        <Table<Position>
          rowKey="id"
          size="small"
          loading={q.isFetching}
          columns={columns}
          dataSource={q.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('life.positions.none')} /> }}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: (p) => set({ page: String(p) }), showTotal: (total) => t('common.total', { total }) }}
          data-testid="positions-table"
        />
      </Card>
      {modal?.kind === 'create' && <PositionModal onClose={() => setModal(null)} />}
      {modal?.kind === 'edit' && <PositionModal position={modal.position} onClose={() => setModal(null)} />}
      {modal?.kind === 'close' && <CloseModal position={modal.position} onClose={() => setModal(null)} />}
      {modal?.kind === 'bookings' && <BookingsDrawer position={modal.position} onClose={() => setModal(null)} />}
    </div>
  );
}
