import { App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { DEMO_SITE_LEVELS } from '../../../../src/domain/orgs.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { DemoSiteLevel, Org } from '../../lib/types.ts';
import { useDemoSiteMutations } from './api.ts';

/** Makes an organization a demonstration site (or changes its level). */
export function DesignateDemoSiteModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { designate } = useDemoSiteMutations(org.id);
  return (
    <FormModal<{ level?: DemoSiteLevel; designatedOn?: Dayjs | null }>
      title={t('demoSite.designateTitle', { name: org.name })}
      fields={['level', 'designatedOn']}
      testId="demo-site-modal"
      initialValues={{
        level: org.demoSite?.level ?? 'district',
        designatedOn: org.demoSite?.designatedOn ? dayjs(org.demoSite.designatedOn) : dayjs(districtToday()),
      }}
      onClose={onClose}
      onSubmit={async (v) => {
        await designate.mutateAsync({ level: v.level!, designatedOn: v.designatedOn!.format('YYYY-MM-DD') });
        message.success(t('demoSite.designated'));
      }}
    >
      <Form.Item name="level" label={t('demoSite.level')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={options('demoSiteLevel', DEMO_SITE_LEVELS)} />
      </Form.Item>
      <Form.Item name="designatedOn" label={t('demoSite.designatedOn')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(districtToday()), 'day')} />
      </Form.Item>
    </FormModal>
  );
}

export function RevokeDemoSiteModal({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { revoke } = useDemoSiteMutations(org.id);
  return (
    <FormModal<{ reason: string }>
      title={t('demoSite.revokeTitle', { name: org.name })}
      fields={['reason']}
      testId="demo-site-revoke-modal"
      danger
      okText={t('demoSite.revoke')}
      onClose={onClose}
      onSubmit={async (v) => {
        await revoke.mutateAsync(v.reason.trim());
        message.success(t('demoSite.revoked'));
      }}
    >
      <Form.Item name="reason" label={t('demoSite.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}
