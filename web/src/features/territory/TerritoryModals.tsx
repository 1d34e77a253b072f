import { Col, Form, Input, InputNumber, Row, Select, TreeSelect } from 'antd';
import { App } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { canNest, TERRITORY_KINDS } from '../../../../src/domain/territory.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { useLabels } from '../../lib/labels.ts';
import type { Territory, TerritoryKind } from '../../lib/types.ts';
import { useTerritoryMutations, type UpdateTerritoryInput } from './api.ts';
import { selectTree, subtreeIds, type TreeIndex } from './tree.ts';

interface ModalProps {
  node: Territory;
  onClose(): void;
}

/** Kinds that may sit directly under a node of `parentKind` (src/domain/territory.ts canNest). */
export function childKinds(parentKind: TerritoryKind): TerritoryKind[] {
  return TERRITORY_KINDS.filter((k) => canNest(k, parentKind));
}

interface DetailValues {
  name: string;
  code?: string | null;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
}

const DETAIL_FIELDS = ['name', 'code', 'address', 'lng', 'lat'] as const;

/** Empty text means "none" for the optional fields. */
function textOrNull(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s ? s : null;
}
function numOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function DetailFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('territory.field.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input maxLength={100} data-testid="territory-name" />
      </Form.Item>
      <Form.Item name="code" label={t('territory.field.code')}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="address" label={t('territory.field.address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="lng" label={t('territory.field.lng')}>
            <InputNumber style={{ width: '100%' }} step={0.000001} placeholder="121.473" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="lat" label={t('territory.field.lat')}>
            <InputNumber style={{ width: '100%' }} step={0.000001} placeholder="31.230" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

export function AddChildModal({ node, onClose, onCreated }: ModalProps & { onCreated(id: number): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const { create } = useTerritoryMutations();
  const kinds = childKinds(node.kind);
  return (
    <FormModal<DetailValues & { kind: TerritoryKind }>
      title={t('territory.addChildTitle', { name: node.name })}
      fields={['kind', ...DETAIL_FIELDS]}
      initialValues={kinds.length === 1 ? { kind: kinds[0]! } : {}}
      testId="territory-child-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        const created = await create.mutateAsync({
          parentId: node.id,
          kind: v.kind,
          name: v.name.trim(),
          code: textOrNull(v.code),
          address: textOrNull(v.address),
          lng: numOrNull(v.lng),
          lat: numOrNull(v.lat),
        });
        message.success(t('territory.created'));
        onCreated(created.id);
      }}
    >
      <Form.Item name="kind" label={t('territory.field.kind')} rules={[{ required: true, message: t('common.required') }]}>
        <Select
          placeholder={t('common.select')}
          options={kinds.map((k) => ({ value: k, label: l('territoryKind', k) }))}
          data-testid="territory-kind"
        />
      </Form.Item>
      <DetailFields />
    </FormModal>
  );
}

export function EditModal({ node, onClose }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { update } = useTerritoryMutations();
  return (
    <FormModal<DetailValues>
      title={t('territory.editTitle', { name: node.name })}
      fields={DETAIL_FIELDS}
      initialValues={{ name: node.name, code: node.code, address: node.address, lng: node.lng, lat: node.lat }}
      testId="territory-edit-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        const next = { name: v.name.trim(), code: textOrNull(v.code), address: textOrNull(v.address), lng: numOrNull(v.lng), lat: numOrNull(v.lat) };
        const input: UpdateTerritoryInput = {};
        for (const k of DETAIL_FIELDS) if (next[k] !== node[k]) (input as Record<string, unknown>)[k] = next[k];
        if (Object.keys(input).length === 0) {
          message.info(t('common.noChanges'));
          return;
        }
        await update.mutateAsync({ id: node.id, input });
        message.success(t('common.saved'));
      }}
    >
      <DetailFields />
    </FormModal>
  );
}

export function MoveModal({ node, onClose, index }: ModalProps & { index: TreeIndex }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { move } = useTerritoryMutations();
  const treeData = useMemo(() => {
    const inside = subtreeIds(index, node.id);
    return selectTree(
      index,
      (p) => p.status === 'active' && !inside.has(p.id) && p.id !== node.parentId && canNest(node.kind, p.kind),
    );
  }, [index, node]);
  return (
    <FormModal<{ parentId: number }>
      title={t('territory.moveTitle', { name: node.name })}
      fields={['parentId']}
      hint={t('territory.moveHint')}
      testId="territory-move-modal"
      okText={t('territory.move')}
      onClose={onClose}
      onSubmit={async (v) => {
        await move.mutateAsync({ id: node.id, parentId: v.parentId });
        message.success(t('territory.moved'));
      }}
    >
      <Form.Item name="parentId" label={t('territory.field.parent')} rules={[{ required: true, message: t('common.required') }]}>
        <TreeSelect
          treeData={treeData}
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeDefaultExpandAll
          placeholder={t('common.select')}
          styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
        />
      </Form.Item>
    </FormModal>
  );
}

export function CloseModal({ node, onClose }: ModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { close } = useTerritoryMutations();
  return (
    <FormModal<{ reason: string }>
      title={t('territory.closeTitle', { name: node.name })}
      fields={['reason']}
      hint={t('territory.closeHint')}
      testId="territory-close-modal"
      okText={t('territory.close')}
      danger
      onClose={onClose}
      onSubmit={async (v) => {
        await close.mutateAsync({ id: node.id, reason: v.reason.trim() });
        message.success(t('territory.closed'));
      }}
    >
      <Form.Item name="reason" label={t('territory.field.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}
