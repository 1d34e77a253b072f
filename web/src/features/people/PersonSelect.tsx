import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Col, DatePicker, Divider, Form, Input, Row, Select, Space, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../lib/FormModal.tsx';
import type { Person, PersonInput } from '../../lib/types.ts';
import { useSession } from '../auth/session.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { selectTree } from '../territory/tree.ts';
import { useCreatePerson, usePeople } from './api.ts';

const PERSON_FIELDS = ['name', 'gender', 'phone', 'territoryId', 'unitPosition', 'inUnitManagement', 'fullMemberSince'] as const;

interface PersonFormValues {
  name: string;
  gender?: 'male' | 'female';
  phone?: string;
  territoryId: number;
  unitPosition?: string;
  inUnitManagement?: boolean;
  fullMemberSince?: Dayjs | null;
}

/** Records a new person (a post holder or a liaison) and hands them back. */
export function PersonFormModal({ territoryId, initialName, onClose, onCreated }: { territoryId?: number | undefined; initialName?: string; onClose(): void; onCreated(p: Person): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreatePerson();
  const { index } = useTerritoryTree(false);
  const tree = useMemo(() => selectTree(index, (n) => n.status === 'active'), [index]);
  return (
    <FormModal<PersonFormValues>
      title={t('people.newTitle')}
      fields={PERSON_FIELDS}
      testId="person-modal"
      initialValues={{ ...(territoryId !== undefined && { territoryId }), ...(initialName && { name: initialName }) }}
      onClose={onClose}
      onSubmit={async (v) => {
        const input: PersonInput = {
          territoryId: v.territoryId,
          name: v.name.trim(),
          gender: v.gender ?? null,
          phone: v.phone?.trim() || null,
          unitPosition: v.unitPosition?.trim() || null,
          inUnitManagement: v.inUnitManagement ?? false,
          fullMemberSince: v.fullMemberSince ? v.fullMemberSince.format('YYYY-MM-DD') : null,
        };
        const p = await create.mutateAsync(input);
        message.success(t('people.created', { name: p.name }));
        onCreated(p);
      }}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={50} data-testid="person-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="gender" label={t('people.gender')}>
            <Select
              allowClear
              options={[
                { value: 'male', label: t('people.male') },
                { value: 'female', label: t('people.female') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="phone" label={t('people.phone')}>
            <Input maxLength={20} inputMode="tel" data-testid="person-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="fullMemberSince" label={t('people.fullMemberSince')} extra={t('people.notMember')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="territoryId" label={t('people.territoryId')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeData={tree} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll styles={{ popup: { root: { maxHeight: 360, overflow: 'auto' } } }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="unitPosition" label={t('people.unitPosition')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="inUnitManagement" label=" " valuePropName="checked">
            <Checkbox>{t('people.inUnitManagement')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

interface PersonSelectProps {
  value?: number;
  onChange?: (id: number | undefined) => void;
  /** People of this territory's subtree (e.g. the unit's street). */
  territoryId?: number | undefined;
  testId?: string;
  id?: string;
}

/**
 * Picks a person by name from the caller's scope, with "new person" at the
 * bottom of the list for someone not recorded yet (for users who may record people).
 */
export function PersonSelect({ value, onChange, territoryId, testId = 'person-select', id }: PersonSelectProps) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [added, setAdded] = useState<Person[]>([]);
  const people = usePeople({ territoryId, q: q.trim() || undefined });
  const options = useMemo(() => {
    const all = new Map<number, Person>();
    for (const p of [...added, ...(people.data?.items ?? [])]) all.set(p.id, p);
    return [...all.values()].map((p) => ({
      value: p.id,
      label: p.name,
      desc: [p.employerUnitName, p.unitPosition].filter(Boolean).join(' · '),
    }));
  }, [added, people.data]);

  return (
    <>
      <Select<number>
        id={id}
        showSearch={{ filterOption: false, onSearch: setQ }}
        value={value}
        onChange={(v) => onChange?.(v)}
        allowClear
        placeholder={t('people.searchPlaceholder')}
        loading={people.isFetching}
        options={options}
        optionRender={(o) => (
          <Space size={8}>
            <span>{o.data.label}</span>
            {o.data.desc && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.data.desc}</Typography.Text>}
          </Space>
        )}
        popupRender={(menu) => (
          <>
            {menu}
            {can('people.write') && (
              <>
                <Divider style={{ margin: '4px 0' }} />
                <Button type="link" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={`${testId}-new`}>
                  {t('people.newPerson')}
                </Button>
              </>
            )}
          </>
        )}
        data-testid={testId}
      />
      {creating && (
        <PersonFormModal
          territoryId={territoryId}
          initialName={q.trim() || undefined}
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            setAdded((a) => [p, ...a]);
            onChange?.(p.id);
          }}
        />
      )}
    </>
  );
}
