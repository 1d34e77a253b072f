import { App, Col, DatePicker, Form, Input, Row, Select, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { canNestOrg, FORMATION_MODES, POSTS } from '../../../../src/domain/orgs.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { foldArrayErrors } from '../../lib/forms.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { FormationMode, Org, Post } from '../../lib/types.ts';
import { PersonSelect } from '../people/PersonSelect.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { streetOf } from '../territory/tree.ts';
import { UnitPicker, type KnownUnit } from '../units/UnitPicker.tsx';
import { useOrgMutations, useOrgTree } from './api.ts';
import { indexOrgTree, orgSubtreeIds, selectOrgTree } from './tree.ts';

const date = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const notFuture = (d: Dayjs) => d.isAfter(dayjs(districtToday()), 'day');
const asDay = (s: string | null) => (s ? dayjs(s) : null);

interface EditValues {
  name: string;
  formationMode: FormationMode;
  foundedOn: Dayjs | null;
  approvedOn: Dayjs | null;
  lastElectedOn: Dayjs | null;
}

/** Name, mode and dates; only what changed is sent. */
export function EditOrgModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { update } = useOrgMutations();
  const f = (k: string) => t(`orgs.field.${k}` as 'orgs.field.name');
  return (
    <FormModal<EditValues>
      title={t('orgs.editTitle', { name: org.name })}
      fields={['name', 'formationMode', 'foundedOn', 'approvedOn', 'lastElectedOn']}
      testId="org-edit-modal"
      initialValues={{
        name: org.name,
        formationMode: org.formationMode,
        foundedOn: asDay(org.foundedOn),
        approvedOn: asDay(org.approvedOn),
        lastElectedOn: asDay(org.lastElectedOn),
      }}
      onClose={onClose}
      onSubmit={async (v) => {
        const after = { name: v.name.trim(), formationMode: v.formationMode, foundedOn: date(v.foundedOn), approvedOn: date(v.approvedOn), lastElectedOn: date(v.lastElectedOn) };
        const before = { name: org.name, formationMode: org.formationMode, foundedOn: org.foundedOn, approvedOn: org.approvedOn, lastElectedOn: org.lastElectedOn };
        const input = Object.fromEntries(Object.entries(after).filter(([k, val]) => before[k as keyof typeof before] !== val));
        if (!Object.keys(input).length) {
          message.info(t('common.noChanges'));
          return;
        }
        await update.mutateAsync({ id: org.id, input });
        message.success(t('orgs.updated'));
      }}
    >
      <Form.Item name="name" label={f('name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="formationMode" label={f('formationMode')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={options('formationMode', FORMATION_MODES)} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="foundedOn" label={f('foundedOn')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
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
      </Row>
    </FormModal>
  );
}

/** Moves an organization (and everything under it) under another parent that may hold its kind. */
export function MoveOrgModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { move } = useOrgMutations();
  const tree = useOrgTree(false);
  const data = useMemo(() => {
    const index = indexOrgTree(tree.data?.items ?? []);
    const own = orgSubtreeIds(index, org.id);
    return { index, nodes: selectOrgTree(index, (n) => !own.has(n.id) && n.id !== org.parentId && canNestOrg(org.kind, n.kind)) };
  }, [tree.data, org]);
  return (
    <FormModal<{ parentId?: number }>
      title={t('orgs.moveTitle', { name: org.name })}
      hint={t('orgs.moveHint')}
      fields={['parentId']}
      testId="org-move-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        await move.mutateAsync({ id: org.id, parentId: v.parentId! });
        message.success(t('orgs.moved'));
      }}
    >
      <Form.Item name="parentId" label={t('orgs.field.parentId')} rules={[{ required: true, message: t('common.required') }]}>
        <TreeSelect
          treeData={data.nodes}
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeDefaultExpandedKeys={data.index.roots.map((r) => r.id)}
          styles={{ popup: { root: { maxHeight: 360, overflow: 'auto' } } }}
        />
      </Form.Item>
    </FormModal>
  );
}

/** Closes an organization with a reason; its unit links and posts end the same day. */
export function CloseOrgModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { close } = useOrgMutations();
  return (
    <FormModal<{ reason: string; closedOn?: Dayjs | null }>
      title={t('orgs.closeTitle', { name: org.name })}
      hint={t('orgs.closeHint')}
      fields={['reason', 'closedOn']}
      okText={t('orgs.close')}
      danger
      testId="org-close-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        await close.mutateAsync({ id: org.id, reason: v.reason.trim(), ...(v.closedOn && { closedOn: v.closedOn.format('YYYY-MM-DD') }) });
        message.success(t('orgs.closed'));
      }}
    >
      <Form.Item name="reason" label={t('orgs.field.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="org-close-reason" />
      </Form.Item>
      <Form.Item name="closedOn" label={t('orgs.field.closedOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
      </Form.Item>
    </FormModal>
  );
}

/** More units for an organization to cover (operating, not covered by another). */
export function AddUnitsModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { linkUnits } = useOrgMutations();
  const picked = useRef<KnownUnit[]>([]);
  return (
    <FormModal<{ unitIds?: number[]; sinceOn?: Dayjs | null }>
      title={t('orgs.addUnitsTitle', { name: org.name })}
      hint={t('orgs.addUnitsHint')}
      fields={['unitIds', 'sinceOn']}
      testId="org-units-modal"
      initialValues={{ sinceOn: dayjs(districtToday()) }}
      onClose={onClose}
      onSubmit={async (v) => {
        const unitIds = v.unitIds ?? [];
        try {
          await linkUnits.mutateAsync({ id: org.id, unitIds, ...(v.sinceOn && { sinceOn: v.sinceOn.format('YYYY-MM-DD') }) });
        } catch (err) {
          throw foldArrayErrors(err, 'unitIds', unitIds.map((id) => picked.current.find((u) => u.id === id)?.name ?? String(id)));
        }
        message.success(t('orgs.unitsAdded'));
      }}
    >
      <Form.Item name="unitIds" label={t('orgs.field.unitIds')} rules={[{ required: true, message: t('common.required') }]}>
        <UnitPicker testId="org-add-units" onPicked={(u) => (picked.current = u)} />
      </Form.Item>
      <Form.Item name="sinceOn" label={t('orgs.sinceOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
      </Form.Item>
    </FormModal>
  );
}

interface AppointValues {
  post?: Post;
  personId?: number;
  startedOn?: Dayjs | null;
  approvedOn?: Dayjs | null;
}

/** Appoints a person (picked, or recorded on the spot) to a post. */
export function AppointModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { addPost } = useOrgMutations();
  const { index } = useTerritoryTree(false);
  // Post holders are usually recorded at the street (the committee's people) or in the area itself.
  const peopleTerritory = streetOf(index, org.territoryId)?.id ?? org.territoryId;
  const posts = POSTS.filter((p) => (org.kind === 'party_group' ? p === 'organizer' : p !== 'organizer'));
  const taken = new Set(org.posts.filter((p) => p.post !== 'committee_member').map((p) => p.post));
  const free = posts.find((p) => !taken.has(p));
  return (
    <FormModal<AppointValues>
      title={t('orgs.appointTitle', { name: org.name })}
      fields={['post', 'personId', 'startedOn', 'approvedOn']}
      testId="org-appoint-modal"
      initialValues={{ ...(free && { post: free }), startedOn: dayjs(districtToday()) }}
      onClose={onClose}
      onSubmit={async (v) => {
        await addPost.mutateAsync({ id: org.id, personId: v.personId!, post: v.post!, startedOn: date(v.startedOn)!, approvedOn: date(v.approvedOn) });
        message.success(t('orgs.appointed'));
      }}
    >
      <Form.Item name="post" label={t('orgs.post')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={options('post', posts)} data-testid="appoint-post" />
      </Form.Item>
      <Form.Item name="personId" label={t('orgs.person')} rules={[{ required: true, message: t('common.required') }]}>
        <PersonSelect territoryId={peopleTerritory} testId="appoint-person" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="startedOn" label={t('orgs.startedOn')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="approvedOn" label={t('orgs.approvedOn')}>
            <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
