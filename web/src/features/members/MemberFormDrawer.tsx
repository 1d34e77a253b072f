import { Alert, App, Button, Checkbox, Col, DatePicker, Divider, Drawer, Form, Input, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EDUCATION_LEVELS, GENDERS, MEMBER_FLAGS, OCCUPATIONS, REGISTRABLE_STAGES } from '../../../../src/domain/members.ts';
import { applyServerErrors, clearErrors } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useMemberMutations } from './api.ts';
import { EmployerSelect, fieldKey, OrgTreeSelect, ymd } from './common.tsx';
import type { CreateMemberInput, EducationLevel, Gender, MemberDetail, MemberInput, Occupation } from './types.ts';

/** The form's fields: the API's names, so the server's field errors land on them. */
const FIELDS = [
  'name',
  'gender',
  'residentId',
  'ethnicity',
  'education',
  'phone',
  'orgId',
  'stage',
  'admittedOn',
  'fullOn',
  'employerUnitId',
  'position',
  'inUnitManagement',
  'occupation',
  ...MEMBER_FLAGS,
] as const;

interface Values {
  name?: string;
  gender?: Gender;
  residentId?: string;
  ethnicity?: string;
  education?: EducationLevel | null;
  phone?: string;
  orgId?: number;
  stage?: 'probationary' | 'full';
  admittedOn?: Dayjs | null;
  fullOn?: Dayjs | null;
  employerUnitId?: number | null;
  position?: string;
  inUnitManagement?: boolean;
  occupation?: Occupation | null;
  keyPost?: boolean;
  technicalBackbone?: boolean;
  middleManagement?: boolean;
  decisionLevel?: boolean;
}

const trimOrNull = (s: string | undefined) => (s ?? '').trim() || null;

function toInput(v: Values): MemberInput {
  return {
    name: (v.name ?? '').trim(),
    gender: v.gender!,
    residentId: (v.residentId ?? '').trim().toUpperCase(),
    ethnicity: trimOrNull(v.ethnicity),
    education: v.education ?? null,
    phone: trimOrNull(v.phone),
    employerUnitId: v.employerUnitId ?? null,
    position: trimOrNull(v.position),
    inUnitManagement: v.inUnitManagement ?? false,
    occupation: v.occupation ?? null,
    keyPost: v.keyPost ?? false,
    technicalBackbone: v.technicalBackbone ?? false,
    middleManagement: v.middleManagement ?? false,
    decisionLevel: v.decisionLevel ?? false,
  };
}

function fromMember(m: MemberDetail): Values {
  return {
    name: m.name,
    gender: m.gender ?? undefined,
    ethnicity: m.ethnicity ?? undefined,
    education: m.education,
    employerUnitId: m.employerUnitId,
    position: m.position ?? undefined,
    inUnitManagement: m.inUnitManagement,
    occupation: m.occupation,
    ...m.flags,
  };
}

/** Only what changed (PATCH); the resident ID and phone only when typed in (the member shows them masked). */
function changes(before: MemberDetail, after: MemberInput): Partial<MemberInput> {
  const out: Record<string, unknown> = {};
  const was: Record<string, unknown> = { ...fromMember(before), ethnicity: before.ethnicity, position: before.position };
  for (const [k, v] of Object.entries(after)) {
    if (k === 'residentId' || k === 'phone') {
      if (v) out[k] = v;
      continue;
    }
    if ((was[k] ?? null) !== (v ?? null)) out[k] = v;
  }
  return out as Partial<MemberInput>;
}

interface Props {
  member?: MemberDetail;
  defaultOrgId?: number | undefined;
  onClose(): void;
  onSaved?(m: MemberDetail): void;
}

/** Registers a member already admitted (moving in, recorded late), or edits one. */
export function MemberFormDrawer({ member, defaultOrgId, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { user } = useSession();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const { create, update } = useMemberMutations();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const editing = member !== undefined;
  const stage = Form.useWatch('stage', form);
  const f = (k: Parameters<typeof fieldKey>[0]) => t(fieldKey(k));
  const required = [{ required: true, whitespace: true, message: t('common.required') }];

  async function onFinish(v: Values) {
    setBusy(true);
    setProblems([]);
    clearErrors(form, FIELDS);
    try {
      const input = toInput(v);
      let saved: MemberDetail;
      if (editing) {
        const diff = changes(member, input);
        if (!Object.keys(diff).length) {
          message.info(t('common.noChanges'));
          onClose();
          return;
        }
        saved = await update.mutateAsync({ id: member.id, input: diff });
        message.success(t('members.form.updated'));
      } else {
        const body: CreateMemberInput = {
          ...input,
          orgId: v.orgId!,
          stage: v.stage!,
          admittedOn: ymd(v.admittedOn) ?? null,
          ...(v.stage === 'full' && { fullOn: ymd(v.fullOn) ?? null }),
        };
        saved = await create.mutateAsync(body);
        message.success(t('members.form.created', { name: saved.name }));
      }
      onSaved?.(saved);
      onClose();
    } catch (err) {
      setProblems(applyServerErrors(form, err, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  const col = { xs: 24, md: 12 };
  return (
    <Drawer
      open
      title={editing ? t('members.form.editTitle') : t('members.form.registerTitle')}
      onClose={onClose}
      size={isMobile ? '100%' : 720}
      mask={{ closable: false }}
      destroyOnHidden
      data-testid="member-form"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="member-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {!editing && <Alert type="info" showIcon title={t('members.form.registerHint')} style={{ marginBottom: 16 }} />}
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} data-testid="member-form-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        scrollToFirstError
        initialValues={
          editing
            ? fromMember(member)
            : { stage: 'full', gender: 'male', orgId: defaultOrgId ?? user?.scope.partyOrgId ?? undefined, inUnitManagement: false }
        }
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('members.form.personal')}
        </Divider>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="name" label={f('name')} rules={required}>
              <Input maxLength={50} data-testid="member-name" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="gender" label={f('gender')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={options('gender', GENDERS)} data-testid="member-gender" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="residentId" label={f('residentId')} rules={editing ? [] : required} extra={t('members.form.residentIdExtra')}>
              <Input
                maxLength={30}
                autoComplete="off"
                style={{ fontFamily: 'monospace' }}
                placeholder={editing ? (member.residentId ?? '') : undefined}
                data-testid="member-residentId"
              />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="phone" label={f('phone')} extra={t('members.form.phoneExtra')}>
              <Input maxLength={20} inputMode="tel" placeholder={editing ? (member.phone ?? '') : undefined} data-testid="member-phone" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="ethnicity" label={f('ethnicity')}>
              <Input maxLength={20} placeholder="汉族" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="education" label={f('education')}>
              <Select allowClear options={options('education', EDUCATION_LEVELS)} />
            </Form.Item>
          </Col>
        </Row>
        {!editing && (
          <>
            <Divider titlePlacement="start" plain>
              {t('members.form.party')}
            </Divider>
            <Row gutter={16}>
              <Col xs={24}>
                <Form.Item name="orgId" label={f('org')} rules={[{ required: true, message: t('common.required') }]}>
                  <OrgTreeSelect allowClear={false} testId="member-orgId" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="stage" label={f('stage')} rules={[{ required: true, message: t('common.required') }]}>
                  <Select options={options('memberStage', REGISTRABLE_STAGES)} data-testid="member-stage" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="admittedOn" label={f('admittedOn')} rules={stage === 'probationary' ? [{ required: true, message: t('common.required') }] : []}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="member-admittedOn" />
                </Form.Item>
              </Col>
              {stage === 'full' && (
                <Col {...col}>
                  <Form.Item name="fullOn" label={f('fullOn')} rules={[{ required: true, message: t('common.required') }]}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="member-fullOn" />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </>
        )}
        <Divider titlePlacement="start" plain>
          {t('members.form.work')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="employerUnitId" label={f('employer')}>
              <EmployerSelect known={member?.employerUnitId ? { id: member.employerUnitId, name: member.employerUnitName ?? String(member.employerUnitId) } : null} testId="member-employer" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="position" label={f('position')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="occupation" label={f('occupation')}>
              <Select allowClear options={options('occupation', OCCUPATIONS)} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="inUnitManagement" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{f('inUnitManagement')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Space wrap size={[16, 0]}>
              {MEMBER_FLAGS.map((k) => (
                <Form.Item key={k} name={k} valuePropName="checked" style={{ marginBottom: 8 }}>
                  <FlagCheckbox flag={k} />
                </Form.Item>
              ))}
            </Space>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}

function FlagCheckbox({ flag, checked, onChange }: { flag: (typeof MEMBER_FLAGS)[number]; checked?: boolean; onChange?: (e: unknown) => void }) {
  const { l } = useLabels();
  return (
    <Checkbox checked={checked} onChange={onChange} data-testid={`member-flag-${flag}`}>
      {l('memberFlag', flag)}
    </Checkbox>
  );
}
