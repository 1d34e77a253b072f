import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from './forms.ts';

interface FormModalProps<V extends object> {
  title: ReactNode;
  /** Form fields that server errors may name (the others show above the form). */
  fields: readonly string[];
  initialValues?: Partial<V>;
  onSubmit(values: V): Promise<void>;
  onClose(): void;
  okText?: ReactNode;
  danger?: boolean;
  hint?: ReactNode;
  testId?: string;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/**
 * A modal holding one form: submits, shows the server's field errors on the
 * fields and anything else above the form, closes on success. Mount it only
 * while it is open (each opening starts from the initial values).
 */
export function FormModal<V extends object>(props: FormModalProps<V>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  async function onFinish(values: V) {
    setBusy(true);
    setProblems([]);
    try {
      await props.onSubmit(values);
      props.onClose();
    } catch (err) {
      setProblems(applyServerErrors(form, err, props.fields));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={props.okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, danger: props.danger ?? false, 'data-testid': `${props.testId ?? 'modal'}-ok` }}
      mask={{ closable: false }}
      data-testid={props.testId}
    >
      {props.hint && <Alert type="info" showIcon title={props.hint} style={{ marginBottom: 16 }} />}
      {problems.length > 0 && (
        <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} data-testid="form-error" />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={props.initialValues}
        onFinish={onFinish}
        scrollToFirstError
        requiredMark
      >
        {typeof props.children === 'function' ? props.children(form) : props.children}
      </Form>
    </Modal>
  );
}
