import { EditOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Tag,
  TreeSelect,
  type DescriptionsProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INDUSTRIES, OWNERSHIPS, UNIT_KINDS } from '../../../../src/domain/units.ts';
import { applyServerErrors } from '../../lib/forms.ts';
import { dateTime, orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { Industry, Ownership, Unit, UnitInput, UnitKind } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { UnitCoverageSection } from '../coverage/UnitCoverage.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { canHoldUnitsNode, selectTree } from '../territory/tree.ts';
import { useUnitMutations } from './api.ts';
import { UnitTalentSection } from '../members/Talent.tsx';

export type DrawerMode = 'create' | 'edit' | 'view';

/** The form's fields: exactly the API's field names, so server errors land on them. */
export const UNIT_FIELDS = [
  'territoryId',
  'name',
  'creditCode',
  'kind',
  'ownership',
  'industry',
  'employeeCount',
  'surveyedMemberCount',
  'address',
  'lng',
  'lat',
  'registeredOn',
] as const;

/** Which ownership forms go with which kind of unit (GLOSSARY: non-public enterprise / social organization). */
const OWNERSHIP_BY_KIND: Record<UnitKind, readonly Ownership[]> = {
  enterprise: ['private', 'foreign', 'hk_macao_taiwan', 'individual', 'restructured'],
  social_org: ['social_group', 'private_non_enterprise', 'foundation'],
};

interface UnitFormValues {
  territoryId?: number;
  name?: string;
  creditCode?: string;
  kind?: UnitKind;
  ownership?: Ownership;
  industry?: Industry;
  employeeCount?: number | null;
  surveyedMemberCount?: number | null;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  registeredOn?: Dayjs | null;
}

function numOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** What the form holds, as the API wants it (required fields are checked by the form rules first). */
function toInput(v: UnitFormValues): UnitInput {
  const address = (v.address ?? '').trim();
  return {
    territoryId: v.territoryId!,
    name: (v.name ?? '').trim(),
    creditCode: (v.creditCode ?? '').trim().toUpperCase(),
    kind: v.kind!,
    ownership: v.ownership!,
    industry: v.industry!,
    employeeCount: v.employeeCount ?? 0,
    surveyedMemberCount: v.surveyedMemberCount ?? 0,
    address: address || null,
    lng: numOrNull(v.lng),
    lat: numOrNull(v.lat),
    registeredOn: v.registeredOn ? v.registeredOn.format('YYYY-MM-DD') : null,
  };
}

function toFormValues(u: Unit): UnitFormValues {
  return {
    territoryId: u.territoryId,
    name: u.name,
    creditCode: u.creditCode,
    kind: u.kind,
    ownership: u.ownership,
    industry: u.industry,
    employeeCount: u.employeeCount,
    surveyedMemberCount: u.surveyedMemberCount,
    address: u.address,
    lng: u.lng,
    lat: u.lat,
    registeredOn: u.registeredOn ? dayjs(u.registeredOn) : null,
  };
}

/** Only what changed, for PATCH. */
function changes(before: Unit, after: UnitInput): Partial<UnitInput> {
  const out: Record<string, unknown> = {};
  for (const k of UNIT_FIELDS) {
    const a = (after as unknown as Record<string, unknown>)[k] ?? null;
    const b = (before as unknown as Record<string, unknown>)[k] ?? null;
    if (a !== b) out[k] = a;
  }
  return out as Partial<UnitInput>;
}

function UnitForm({ form, unit }: { form: ReturnType<typeof Form.useForm<UnitFormValues>>[0]; unit?: Unit | undefined }) {
  const { t } = useTranslation();
  const { l, options } = useLabels();
  const { index } = useTerritoryTree(false);
  const territories = useMemo(() => selectTree(index, canHoldUnitsNode), [index]);
  const kind = Form.useWatch('kind', form);
  const required = [{ required: true, message: t('common.required') }];
  const ownerships = useMemo(() => {
    const allowed: readonly string[] = kind ? OWNERSHIP_BY_KIND[kind] : OWNERSHIPS;
    // Keep a unit's current value selectable even if it does not fit the usual pairing.
    return options('ownership', unit && !allowed.includes(unit.ownership) ? [...allowed, unit.ownership] : allowed);
  }, [kind, options, unit]);
  const col = { xs: 24, md: 12 };

  return (
    <>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t('units.sectionBasic')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24}>
          <Form.Item name="name" label={l('unitField', 'name')} rules={[...required, { whitespace: true, message: t('common.required') }]}>
            <Input maxLength={200} data-testid="unit-name" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name="creditCode"
            label={l('unitField', 'creditCode')}
            rules={required}
            extra={t('units.creditCodeHint')}
            normalize={(v: string | undefined) => v?.toUpperCase()}
          >
            <Input style={{ fontFamily: 'monospace' }} autoComplete="off" data-testid="unit-creditCode" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="kind" label={l('unitField', 'kind')} rules={required}>
            <Select
              options={options('unitKind', UNIT_KINDS)}
              onChange={(k: UnitKind) => {
                const current = form.getFieldValue('ownership') as Ownership | undefined;
                if (current && !OWNERSHIP_BY_KIND[k].includes(current)) form.setFieldValue('ownership', undefined);
              }}
              data-testid="unit-kind"
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="ownership" label={l('unitField', 'ownership')} rules={required}>
            <Select options={ownerships} placeholder={t('common.select')} data-testid="unit-ownership" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="industry" label={l('unitField', 'industry')} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('common.select')}
              options={INDUSTRIES.map((i) => ({ value: i, label: `${i} ${l('industry', i)}` }))}
              data-testid="unit-industry"
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="employeeCount" label={l('unitField', 'employeeCount')} rules={required}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="unit-employeeCount" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="surveyedMemberCount" label={l('unitField', 'surveyedMemberCount')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="unit-surveyedMemberCount" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="registeredOn" label={l('unitField', 'registeredOn')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="unit-registeredOn" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('units.sectionLocation')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24}>
          <Form.Item name="territoryId" label={l('unitField', 'territoryId')} rules={required} extra={t('units.territoryHint')}>
            <TreeSelect
              treeData={territories}
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandAll
              placeholder={t('common.select')}
              styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
              data-testid="unit-territoryId"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="address" label={l('unitField', 'address')}>
            <Input maxLength={300} data-testid="unit-address" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="lng" label={l('unitField', 'lng')}>
            <InputNumber style={{ width: '100%' }} step={0.000001} placeholder="121.473" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="lat" label={l('unitField', 'lat')}>
            <InputNumber style={{ width: '100%' }} step={0.000001} placeholder="31.230" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function UnitDetails({ unit }: { unit: Unit }) {
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const f = (k: string) => l('unitField', k);
  const items: DescriptionsProps['items'] = [
    { key: 'creditCode', label: f('creditCode'), children: <span style={{ fontFamily: 'monospace' }}>{unit.creditCode}</span> },
    {
      key: 'status',
      label: f('status'),
      children: <Tag color={unit.status === 'operating' ? 'green' : 'default'}>{l('unitStatus', unit.status)}</Tag>,
    },
    { key: 'kind', label: f('kind'), children: l('unitKind', unit.kind) },
    { key: 'ownership', label: f('ownership'), children: l('ownership', unit.ownership) },
    { key: 'industry', label: f('industry'), children: `${unit.industry} ${l('industry', unit.industry)}` },
    { key: 'sizeBand', label: f('sizeBand'), children: l('sizeBand', unit.sizeBand) },
    { key: 'employeeCount', label: f('employeeCount'), children: unit.employeeCount },
    { key: 'surveyedMemberCount', label: f('surveyedMemberCount'), children: unit.surveyedMemberCount },
    { key: 'streetName', label: f('streetName'), children: orDash(unit.streetName) },
    { key: 'territoryName', label: f('territoryName'), children: `${unit.territoryName}（${l('territoryKind', unit.territoryKind)}）` },
    { key: 'address', label: f('address'), children: orDash(unit.address), span: 'filled' as const },
    { key: 'lng', label: f('lng'), children: orDash(unit.lng) },
    { key: 'lat', label: f('lat'), children: orDash(unit.lat) },
    { key: 'registeredOn', label: f('registeredOn'), children: orDash(unit.registeredOn) },
    { key: 'updatedAt', label: f('updatedAt'), children: dateTime(unit.updatedAt) },
    ...(unit.status === 'closed'
      ? [
          { key: 'closedOn', label: f('closedOn'), children: orDash(unit.closedOn) },
          { key: 'closedReason', label: f('closedReason'), children: orDash(unit.closedReason) },
        ]
      : []),
  ];
  return <Descriptions items={items} column={isMobile ? 1 : 2} size="small" bordered data-testid="unit-details" />;
}

interface UnitDrawerProps {
  mode: DrawerMode;
  unit?: Unit | undefined;
  canWrite: boolean;
  /** Cancelling an edit goes back to the details (when the edit started there) instead of closing. */
  backToView?: boolean;
  onClose(): void;
  onMode(mode: DrawerMode, unit?: Unit): void;
  onCloseUnit(unit: Unit): void;
}

/** View, create or edit one unit in a side drawer (full width on a phone). */
export function UnitDrawer({ mode, unit, canWrite, backToView = false, onClose, onMode, onCloseUnit }: UnitDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<UnitFormValues>();
  const { create, update } = useUnitMutations();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const { can } = useSession();

  async function onFinish(values: UnitFormValues) {
    setBusy(true);
    setProblems([]);
    try {
      const input = toInput(values);
      if (mode === 'edit' && unit) {
        const diff = changes(unit, input);
        if (Object.keys(diff).length === 0) {
          message.info(t('common.noChanges'));
          onMode('view', unit);
          return;
        }
        const saved = await update.mutateAsync({ id: unit.id, input: diff });
        message.success(t('units.updated'));
        onMode('view', saved);
      } else {
        await create.mutateAsync(input);
        message.success(t('units.created'));
        onClose();
      }
    } catch (err) {
      setProblems(applyServerErrors(form, err, UNIT_FIELDS));
    } finally {
      setBusy(false);
    }
  }

  const editing = mode !== 'view';
  const title = mode === 'create' ? t('units.new') : mode === 'edit' ? t('units.edit') : (unit?.name ?? t('units.view'));
  const footer = editing ? (
    <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
      <Button onClick={() => (mode === 'edit' && unit && backToView ? onMode('view', unit) : onClose())} data-testid="unit-cancel">
        {t('common.cancel')}
      </Button>
      <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="unit-submit">
        {t('common.save')}
      </Button>
    </Space>
  ) : canWrite && unit ? (
    <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
      <Button icon={<StopOutlined />} danger disabled={unit.status === 'closed'} onClick={() => onCloseUnit(unit)}>
        {t('units.close')}
      </Button>
      <Button type="primary" icon={<EditOutlined />} onClick={() => onMode('edit', unit)} data-testid="unit-edit">
        {t('common.edit')}
      </Button>
    </Space>
  ) : null;

  return (
    <Drawer
      open
      title={title}
      onClose={onClose}
      size={isMobile ? '100%' : 720}
      footer={footer}
      mask={{ closable: !editing }}
      destroyOnHidden
      data-testid="unit-drawer"
    >
      {editing ? (
        <>
          {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} data-testid="unit-form-error" />}
          <Form<UnitFormValues>
            key={`${mode}-${unit?.id ?? 'new'}`}
            name="unit"
            form={form}
            layout="vertical"
            onFinish={onFinish}
            onFinishFailed={() => setProblems([])}
            initialValues={unit && mode === 'edit' ? toFormValues(unit) : { kind: 'enterprise', ownership: 'private', surveyedMemberCount: 0 }}
            scrollToFirstError
          >
            <UnitForm form={form} unit={mode === 'edit' ? unit : undefined} />
          </Form>
        </>
      ) : (
        unit && (
          <>
            <UnitDetails unit={unit} />
            {can('coverage.read') && <UnitCoverageSection unit={unit} />}
            {can('members.read') && <UnitTalentSection unitId={unit.id} />}
          </>
        )
      )}
    </Drawer>
  );
}
