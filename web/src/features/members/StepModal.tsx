import { Alert, App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasQuorum, majorityOf, stepDef, votePasses, type FieldSpec } from '../../../../src/domain/pipeline.ts';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { sourceTitle, useLabels } from '../../lib/labels.ts';
import { useEntitledCount, useMemberMutations } from './api.ts';
import { FullMemberPicker, RefusalAlert, refusalDetails, ymd } from './common.tsx';
import type { Development, HistoryItem, RecordKind } from './types.ts';

const VOTE_STEPS: readonly RecordKind[] = ['branch_vote', 'conversion_vote'];

/** How many people a person-list field takes (Development: 1–2 mentors, 2 sponsors). */
const PEOPLE_MAX: Partial<Record<RecordKind, number>> = { mentors: 2, sponsors: 2 };

type Values = { doneOn: Dayjs; data?: Record<string, unknown> };

function fieldPath(serverField: string): (string | number)[] | null {
  if (serverField === 'doneOn') return ['doneOn'];
  const m = /^data\.([A-Za-z]+)/.exec(serverField);
  return m ? ['data', m[1]!] : null;
}

/** The data as the API wants it: empty values left out, text trimmed. */
function cleanData(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string') {
      const s = v.trim();
      if (s) out[k] = s;
    } else if (dayjs.isDayjs(v)) out[k] = v.format('YYYY-MM-DD');
    else if (Array.isArray(v) && v.length === 0) continue;
    else out[k] = v;
  }
  return out;
}

/**
 * Records one development step with the data it needs (the fields come from
 * the pipeline's step definitions in src/domain). A refusal shows each rule
 * that refused it with its source; field problems land on the fields.
 */
export function StepModal({ dev, step, onClose }: { dev: Development; step: RecordKind; onClose(): void }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { step: record } = useMemberMutations();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const def = stepDef(step);
  const specs = Object.entries(def.data);
  const isVote = VOTE_STEPS.includes(step);
  const entitled = useEntitledCount(isVote ? dev.orgId : null);
  const topRef = useRef<HTMLDivElement>(null);
  // A refusal shows at the top of the form: bring it into view.
  useEffect(() => {
    if (error) topRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [error]);

  async function onFinish(v: Values) {
    setBusy(true);
    setError(null);
    form.setFields([{ name: 'doneOn', errors: [] }, ...specs.map(([k]) => ({ name: ['data', k], errors: [] }))]);
    try {
      const res = await record.mutateAsync({ id: dev.memberId, step, doneOn: ymd(v.doneOn)!, data: cleanData(v.data) });
      message.success(t('members.dev.recorded', { step: def.label[lang] }));
      if (res.warnings.length) {
        message.warning({ content: `${t('members.dev.warning')} ${res.warnings.map((w) => w.message[lang]).join('；')}`, duration: 8 });
      }
      onClose();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) {
        const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
        for (const d of err.details) {
          const name = fieldPath(d.field);
          if (!name) continue;
          const key = name.join('.');
          const cur = byPath.get(key) ?? { name, errors: [] };
          // Refusals are listed in full above the form; the field gets the red mark and a short pointer.
          cur.errors.push(refusalDetails(err) ? '' : d.message);
          byPath.set(key, cur);
        }
        form.setFields([...byPath.values()].map((x) => ({ name: x.name, errors: x.errors.filter(Boolean).length ? x.errors.filter(Boolean) : [' '] })));
      }
    } finally {
      setBusy(false);
    }
  }

  const initialData: Record<string, unknown> = {};
  if (step === 'political_review') initialData.qualified = true;
  const notRefusal = Boolean(error) && !refusalDetails(error);
  return (
    <Modal
      open
      title={t('members.dev.stepTitle', { step: def.label[lang] })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'step-modal-ok' }}
      mask={{ closable: false }}
      data-testid="step-modal"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 12 }}>
        {def.order !== null && `${t('members.dev.phase', { n: def.order })} · `}
        {def.sources.length > 0 && `${t('members.dev.sources')}${t('members.colon')}${def.sources.map((s) => sourceTitle(s, lang)).join(lang === 'en' ? '; ' : '；')}`}
      </Typography.Paragraph>
      <div ref={topRef} />
      <RefusalAlert err={error} />
      {notRefusal && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ doneOn: dayjs(), data: initialData }}>
        <Form.Item name="doneOn" label={t('members.dev.doneOn')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="step-doneOn" />
        </Form.Item>
        {isVote && <VotePanel form={form} entitled={entitled.data} />}
        <Row gutter={12}>
          {specs.map(([key, spec]) => (
            <Col key={key} xs={spec.kind === 'int' || spec.kind === 'number' ? 12 : 24}>
              <Form.Item
                name={['data', key]}
                label={spec.label[lang]}
                rules={spec.required ? [{ required: true, message: t('common.required') }] : []}
                extra={spec.kind === 'personIds' ? (step === 'sponsors' ? t('members.dev.sponsorsHint') : t('members.dev.mentorsHint')) : undefined}
              >
                <SpecInput spec={spec} name={key} step={step} dev={dev} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name={['data', 'note']} label={t('members.field.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="step-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface SpecInputProps {
  spec: FieldSpec;
  name: string;
  step: RecordKind;
  dev: Development;
  value?: unknown;
  onChange?: (v: unknown) => void;
  id?: string;
}

/** The input for one field of a step's data, by its kind. */
function SpecInput({ spec, name, step, dev, value, onChange, id }: SpecInputProps) {
  const { t } = useTranslation();
  const testId = `step-data-${name}`;
  switch (spec.kind) {
    case 'int':
    case 'number':
      return (
        <InputNumber
          id={id}
          min={spec.min}
          max={spec.max}
          precision={spec.kind === 'int' ? 0 : undefined}
          style={{ width: '100%' }}
          value={value as number | null | undefined}
          onChange={(v) => onChange?.(v)}
          inputMode="numeric"
          data-testid={testId}
        />
      );
    case 'text':
      return spec.maxLength > 100 ? (
        <Input.TextArea id={id} rows={2} maxLength={spec.maxLength} value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} data-testid={testId} />
      ) : (
        <Input id={id} maxLength={spec.maxLength} value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} data-testid={testId} />
      );
    case 'date':
      return <DatePicker id={id} style={{ width: '100%' }} value={value as Dayjs | undefined} onChange={(d) => onChange?.(d)} data-testid={testId} />;
    case 'bool':
      return (
        <Radio.Group
          id={id}
          value={value}
          onChange={(e) => onChange?.(e.target.value)}
          options={[
            { value: true, label: t('members.dev.yes') },
            { value: false, label: t('members.dev.no') },
          ]}
          data-testid={testId}
        />
      );
    case 'enum':
      return (
        <Select
          id={id}
          allowClear={!spec.required}
          value={value as string | undefined}
          onChange={(v) => onChange?.(v)}
          options={spec.values.map((v) => ({ value: v, label: name === 'for' ? t(`members.dev.noticeOf.${v as 'activist'}`) : name === 'method' ? t(`members.dev.methodOf.${v as 'member_recommendation'}`) : v }))}
          data-testid={testId}
        />
      );
    case 'personIds':
      return <FullMemberPicker id={id} value={value as number[] | undefined} onChange={(v) => onChange?.(v)} max={PEOPLE_MAX[step]} exclude={dev.personId} known={dev.people} testId={testId} />;
  }
}

/** The rule of the admission and conversion votes, checked as the counts are typed. */
function VotePanel({ form, entitled }: { form: FormInstance<Values>; entitled: number | undefined }) {
  const { t } = useTranslation();
  const data = Form.useWatch('data', form) as Record<string, unknown> | undefined;
  useEffect(() => {
    // The registry's count of full members is the default for "entitled to vote".
    if (entitled !== undefined && form.getFieldValue(['data', 'entitled']) === undefined) form.setFieldValue(['data', 'entitled'], entitled);
  }, [entitled, form]);
  const n = (k: string) => (typeof data?.[k] === 'number' ? (data[k] as number) : null);
  const e = n('entitled');
  const present = n('present');
  const yes = n('yes');
  let verdict: { type: 'success' | 'warning' | 'info'; text: string } | null = null;
  if (e !== null && present !== null && yes !== null) {
    const quorum = hasQuorum({ entitled: e, present });
    const passes = votePasses({ entitled: e, yes });
    const word = !quorum ? t('members.dev.voteNoQuorum') : passes ? t('members.dev.votePasses') : t('members.dev.voteFails');
    verdict = { type: quorum && passes ? 'success' : 'warning', text: t('members.dev.voteNow', { present, yes, verdict: word }) };
  }
  return (
    <Alert
      type={verdict?.type ?? 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="vote-rule"
      title={t('members.dev.voteRule')}
      description={
        <Space orientation="vertical" size={2}>
          {entitled !== undefined && <span data-testid="vote-entitled">{t('members.dev.entitledFromRegistry', { count: entitled })}</span>}
          {e !== null && <span data-testid="vote-need">{t('members.dev.voteNeed', { entitled: e, quorum: majorityOf(e), need: majorityOf(e) })}</span>}
          {verdict && <strong data-testid="vote-verdict">{verdict.text}</strong>}
        </Space>
      }
    />
  );
}

/** Corrects (or voids) a recorded step: a new record naming the old one, with a reason. */
export function CorrectModal({ dev, item, onClose }: { dev: Development; item: HistoryItem; onClose(): void }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ doneOn: Dayjs; reason: string; void?: boolean }>();
  const { correct } = useMemberMutations();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function onFinish(v: { doneOn: Dayjs; reason: string; void?: boolean }) {
    setBusy(true);
    setError(null);
    try {
      await correct.mutateAsync({
        id: dev.memberId,
        stepId: item.id,
        reason: v.reason.trim(),
        ...(v.void ? { void: true } : { doneOn: ymd(v.doneOn)! }),
      });
      message.success(t('members.dev.correctDone'));
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('members.dev.correctTitle', { step: item.label[lang] })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'correct-modal-ok' }}
      mask={{ closable: false }}
      data-testid="correct-modal"
    >
      <Alert type="info" showIcon title={t('members.dev.correctHint')} style={{ marginBottom: 16 }} />
      <RefusalAlert err={error} />
      {Boolean(error) && !refusalDetails(error) && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ doneOn: dayjs(item.doneOn) }}>
        <Form.Item name="doneOn" label={t('members.dev.doneOn')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="void" valuePropName="checked">
          <Checkbox>{t('members.dev.correctVoid')}</Checkbox>
        </Form.Item>
        <Form.Item name="reason" label={t('members.dev.correctReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="correct-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
