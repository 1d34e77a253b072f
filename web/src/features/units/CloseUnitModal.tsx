import { App, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../lib/FormModal.tsx';
import { useLabels } from '../../lib/labels.ts';
import type { Unit } from '../../lib/types.ts';
import { useUnitMutations } from './api.ts';

/** Closes a unit with a reason (and the date it closed; today when left empty). Units are never deleted. */
export function CloseUnitModal({ unit, onClose, onClosed }: { unit: Unit; onClose(): void; onClosed?(u: Unit): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const { close } = useUnitMutations();
  return (
    <FormModal<{ reason: string; closedOn?: Dayjs | null }>
      title={t('units.closeTitle', { name: unit.name })}
      fields={['reason', 'closedOn']}
      hint={t('units.closeHint')}
      okText={t('units.close')}
      danger
      testId="unit-close-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        const closed = await close.mutateAsync({
          id: unit.id,
          reason: v.reason.trim(),
          ...(v.closedOn && { closedOn: v.closedOn.format('YYYY-MM-DD') }),
        });
        message.success(t('units.closed'));
        onClosed?.(closed);
      }}
    >
      <Form.Item name="reason" label={l('unitField', 'closedReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="unit-close-reason" />
      </Form.Item>
      <Form.Item name="closedOn" label={l('unitField', 'closedOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
    </FormModal>
  );
}
