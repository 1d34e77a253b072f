import { App, Col, DatePicker, Form, Input, Row, Select, Skeleton, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { canNestOrg, FORMATION_MODES, ORG_KINDS } from '../../../../src/domain/orgs.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { foldArrayErrors } from '../../lib/forms.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { FormationMode, Org, OrgKind } from '../../lib/types.ts';
import { useTerritoryTree } from '../territory/api.ts';
import { selectTree } from '../territory/tree.ts';
import { UnitPicker, type KnownUnit } from '../units/UnitPicker.tsx';
import { useOrgMutations, useOrgTree } from './api.ts';
import { indexOrgTree, selectOrgTree } from './tree.ts';

export const ORG_FIELDS = ['parentId', 'kind', 'name', 'formationMode', 'territoryId', 'foundedOn', 'approvedOn', 'lastElectedOn', 'unitIds'] as const;

export interface OrgFormValues {
  parentId?: number | null;
  kind?: OrgKind;
  name?: string;
  formationMode?: FormationMode;
  territoryId?: number;
  foundedOn?: Dayjs | null;
  approvedOn?: Dayjs | null;
  lastElectedOn?: Dayjs | null;
  unitIds?: number[];
}

interface OrgFormModalProps {
  title: ReactNode;
  hint?: ReactNode;
  initialValues: OrgFormValues;
  /** Units to show by name (those chosen before the form opened). */
  knownUnits?: readonly KnownUnit[];
  testId?: string;
  onClose(): void;
  onCreated?(org: Org): void;
}

const date = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const notFuture = (d: Dayjs) => d.isAfter(dayjs(districtToday()), 'day');

/**
 * Forms a party organization: a joint branch over several units, a unit's
 * own branch, or any organization under a parent. Founded today unless said otherwise.
 */
export function OrgFormModal({ title, hint, initialValues, knownUnits = [], testId = 'org-form', onClose, onCreated }: OrgFormModalProps) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { create } = useOrgMutations();
  const orgTree = useOrgTree(false);
  const orgIndex = useMemo(() => indexOrgTree(orgTree.data?.items ?? []), [orgTree.data]);
  const territoryTree = useTerritoryTree(false);
  const { index } = territoryTree;
  const territories = useMemo(() => selectTree(index, (n) => n.status === 'active' && n.kind !== 'district' && n.kind !== 'county_city'), [index]);
  const parents = useMemo(() => selectOrgTree(orgIndex, (n) => n.kind !== 'party_group'), [orgIndex]);
  const f = (k: string) => t(`orgs.field.${k}` as 'orgs.field.name');
  const required = [{ required: true, message: t('common.required') }];

  return (
    <FormModal<OrgFormValues>
      title={title}
      hint={hint}
      fields={ORG_FIELDS}
      testId={testId}
      initialValues={{ foundedOn: dayjs(districtToday()), ...initialValues }}
      okText={t('common.submit')}
      onClose={onClose}
      onSubmit={async (v) => {
        const unitIds = v.unitIds ?? [];
        const names = unitIds.map((id) => knownUnits.find((u) => u.id === id)?.name ?? String(id));
        try {
          const org = await create.mutateAsync({
            parentId: v.parentId ?? null,
            kind: v.kind!,
            name: (v.name ?? '').trim(),
            formationMode: v.formationMode!,
            territoryId: v.territoryId!,
            foundedOn: date(v.foundedOn)!,
            approvedOn: date(v.approvedOn),
            lastElectedOn: date(v.lastElectedOn),
            ...(unitIds.length > 0 && { unitIds }),
          });
          // The message lives outside the router (antd's App holder): navigate from here.
          message.success({
            content: (
              <span>
                {t('formOrg.created', { name: org.name })}{' '}
                <Typography.Link onClick={() => navigate(`/orgs/${org.id}`)} data-testid="open-new-org">
                  {t('formOrg.open')}
                </Typography.Link>
              </span>
            ),
            duration: 6,
          });
          onCreated?.(org);
        } catch (err) {
          throw foldArrayErrors(err, 'unitIds', names);
        }
      }}
    >
      {(form) =>
        // Kinds and parents are offered from the organization tree: wait for it (and the territories) before showing the fields.
        !orgTree.data || !territoryTree.data ? (
          <Skeleton active paragraph={{ rows: 6 }} data-testid="org-form-loading" />
        ) : (
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="name" label={f('name')} rules={[...required, { whitespace: true, message: t('common.required') }]}>
              <Input maxLength={200} data-testid="org-name" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="parentId" label={f('parentId')}>
              <TreeSelect
                allowClear
                treeData={parents}
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeDefaultExpandedKeys={orgIndex.roots.map((r) => r.id)}
                styles={{ popup: { root: { maxHeight: 360, overflow: 'auto' } } }}
                onChange={(id: number | undefined) => {
                  const parentKind = id ? (orgIndex.byId.get(id)?.kind ?? null) : null;
                  const kind = form.getFieldValue('kind') as OrgKind | undefined;
                  if (kind && !canNestOrg(kind, parentKind)) form.setFieldValue('kind', undefined);
                }}
                data-testid="org-parentId"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item noStyle dependencies={['parentId']}>
              {() => {
                const pid = form.getFieldValue('parentId') as number | null | undefined;
                const parentKind = pid ? (orgIndex.byId.get(pid)?.kind ?? null) : null;
                const kinds = ORG_KINDS.filter((k) => canNestOrg(k, parentKind));
                return (
                  <Form.Item name="kind" label={f('kind')} rules={required}>
                    <Select options={options('orgKind', kinds)} placeholder={t('common.select')} data-testid="org-kind" />
                  </Form.Item>
                );
              }}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="formationMode" label={f('formationMode')} rules={required}>
              <Select options={options('formationMode', FORMATION_MODES)} placeholder={t('common.select')} data-testid="org-formationMode" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="territoryId" label={f('territoryId')} rules={required}>
              <TreeSelect
                treeData={territories}
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeDefaultExpandAll
                styles={{ popup: { root: { maxHeight: 360, overflow: 'auto' } } }}
                data-testid="org-territoryId"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="foundedOn" label={f('foundedOn')} rules={required}>
              <DatePicker style={{ width: '100%' }} disabledDate={notFuture} data-testid="org-foundedOn" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="approvedOn" label={f('approvedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="lastElectedOn" label={f('lastElectedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item noStyle dependencies={['kind']}>
              {() =>
                form.getFieldValue('kind') === 'party_group' ? null : (
                  <Form.Item name="unitIds" label={f('unitIds')}>
                    <UnitPicker known={knownUnits} testId="org-unitIds" />
                  </Form.Item>
                )
              }
            </Form.Item>
          </Col>
        </Row>
        )
      }
    </FormModal>
  );
}

/** How a new organization's name is usually made: the area's (or the unit's) name and the kind. Names are Chinese in both UI languages. */
export function suggestedName(base: string, kind: OrgKind): string {
  return `${base}${kind === 'joint_branch' ? '联合党支部' : kind === 'branch' ? '党支部' : ''}`;
}
