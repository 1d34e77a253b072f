import { App, DatePicker, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../lib/FormModal.tsx';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { LiaisonKind } from '../../lib/types.ts';
import { PersonSelect } from '../people/PersonSelect.tsx';
import { useLiaisonMutations } from './api.ts';

interface Values {
  personId?: number;
  kind: LiaisonKind;
  sinceOn?: Dayjs | null;
}

/** Work coverage: an instructor or liaison is assigned to a unit that has no organization. */
export function AssignLiaisonModal({ unit, peopleTerritoryId, onClose }: { unit: { id: number; name: string }; peopleTerritoryId?: number | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { assign } = useLiaisonMutations();
  return (
    <FormModal<Values>
      title={t('liaison.title', { name: unit.name })}
      fields={['personId', 'kind', 'sinceOn']}
      testId="liaison-modal"
      initialValues={{ kind: 'liaison', sinceOn: dayjs(districtToday()) }}
      onClose={onClose}
      onSubmit={async (v) => {
        await assign.mutateAsync({ unitId: unit.id, personId: v.personId!, kind: v.kind, ...(v.sinceOn && { sinceOn: v.sinceOn.format('YYYY-MM-DD') }) });
        message.success(t('liaison.assigned'));
      }}
    >
      <Form.Item name="personId" label={t('liaison.person')} rules={[{ required: true, message: t('common.required') }]}>
        <PersonSelect territoryId={peopleTerritoryId} testId="liaison-person" />
      </Form.Item>
      <Form.Item name="kind" label={t('liaison.kind')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={options('liaisonKind')} />
      </Form.Item>
      <Form.Item name="sinceOn" label={t('liaison.sinceOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(districtToday()), 'day')} />
      </Form.Item>
    </FormModal>
  );
}
