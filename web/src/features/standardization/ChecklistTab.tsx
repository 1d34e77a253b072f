import { CheckCircleFilled, ClockCircleOutlined, DeleteOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Image, Input, List, Popconfirm, Progress, Row, Skeleton, Space, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText } from '../../lib/forms.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { Checklist, ChecklistItem, ChecklistName, Evidence, Org } from '../../lib/types.ts';
import { useSession } from '../auth/session.tsx';
import { evidenceUrl, useChecklistMutations, useChecklists } from './api.ts';

const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

/** A thumbnail of a photo (click to enlarge) or a link to a PDF. */
function EvidenceView({ orgId, evidence, size = 56 }: { orgId: number; evidence: Evidence; size?: number }) {
  const url = evidenceUrl(orgId, evidence.uploadId);
  if (evidence.mime.startsWith('image/')) {
    return <Image src={url} alt={evidence.name} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid={`evidence-${evidence.uploadId}`} />;
  }
  return (
    <Typography.Link href={url} target="_blank" rel="noreferrer" data-testid={`evidence-${evidence.uploadId}`}>
      <FilePdfOutlined /> {evidence.name}
    </Typography.Link>
  );
}

interface MarkValues {
  doneOn?: Dayjs | null;
  note?: string;
}

/** Marks one item done (date, note, a photo uploaded on the spot), or edits it. */
function MarkItemModal({ org, checklist, item, onClose }: { org: Org; checklist: ChecklistName; item: ChecklistItem; onClose(): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const { mark, upload } = useChecklistMutations(org.id);
  // undefined: keep what the item has; null: remove; a number: the new file.
  const [uploadId, setUploadId] = useState<number | null | undefined>(undefined);
  const [uploaded, setUploaded] = useState<{ name: string; preview: string | null } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const current = uploadId === undefined ? item.evidence : null;

  async function pick(file: File) {
    setFileError(null);
    if (file.size > MAX_BYTES) {
      setFileError(t('checklist.tooLarge'));
      return;
    }
    try {
      const u = await upload.mutateAsync(file);
      setUploadId(u.id);
      setUploaded({ name: u.name, preview: u.mime.startsWith('image/') ? URL.createObjectURL(file) : null });
    } catch (err) {
      setFileError(errorText(err));
    }
  }

  return (
    <FormModal<MarkValues>
      title={t('checklist.markTitle', { checklist: l('checklist', checklist), item: l('checklistItem', item.item) })}
      fields={['doneOn', 'note']}
      testId="checklist-modal"
      initialValues={{ doneOn: item.doneOn ? dayjs(item.doneOn) : dayjs(districtToday()), note: item.note ?? '' }}
      onClose={onClose}
      onSubmit={async (v) => {
        await mark.mutateAsync({
          checklist,
          item: item.item,
          doneOn: v.doneOn ? v.doneOn.format('YYYY-MM-DD') : null,
          note: v.note?.trim() || null,
          ...(uploadId !== undefined && { uploadId }),
        });
        message.success(t('checklist.saved'));
      }}
    >
      <Form.Item name="doneOn" label={t('checklist.doneOn')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(districtToday()), 'day')} data-testid="checklist-doneOn" />
      </Form.Item>
      <Form.Item name="note" label={t('checklist.note')}>
        <Input.TextArea rows={2} maxLength={500} showCount data-testid="checklist-note" />
      </Form.Item>
      <Form.Item label={t('checklist.evidence')} extra={t('checklist.uploadHint')} validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {current && (
            <Space>
              <EvidenceView orgId={org.id} evidence={current} />
              <Button size="small" icon={<DeleteOutlined />} onClick={() => setUploadId(null)}>
                {t('checklist.removeEvidence')}
              </Button>
            </Space>
          )}
          {uploaded && uploadId && (
            <Space>
              {uploaded.preview && <Image src={uploaded.preview} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 4 }} />}
              <Typography.Text type="success" data-testid="checklist-uploaded">
                {t('checklist.uploaded', { name: uploaded.name })}
              </Typography.Text>
            </Space>
          )}
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              void pick(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="checklist-upload">
              {upload.isPending ? t('checklist.uploading') : t('checklist.upload')}
            </Button>
          </Upload>
        </Space>
      </Form.Item>
    </FormModal>
  );
}

function ChecklistCard({ org, list, canEdit, onMark }: { org: Org; list: Checklist; canEdit: boolean; onMark(item: ChecklistItem): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const { mark } = useChecklistMutations(org.id);
  const done = list.items.filter((i) => i.done).length;
  return (
    <Card
      size="small"
      title={l('checklist', list.checklist)}
      extra={<Typography.Text type="secondary">{t('checklist.completion', { done, total: list.items.length })}</Typography.Text>}
      data-testid={`checklist-${list.checklist}`}
    >
      <Progress percent={Math.round(list.completion * 100)} strokeColor={list.completion === 1 ? '#389e0d' : undefined} style={{ marginBottom: 8 }} />
      <List
        dataSource={list.items}
        renderItem={(i) => (
          <List.Item
            data-testid={`checklist-item-${list.checklist}-${i.item}`}
            data-done={i.done}
            style={{ paddingInline: 0, alignItems: 'flex-start', flexWrap: 'wrap', gap: 8 }}
          >
            <Space align="start" size={10} style={{ flex: 1, minWidth: 200 }}>
              {i.done ? <CheckCircleFilled style={{ color: '#389e0d', fontSize: 18, marginTop: 2 }} /> : <ClockCircleOutlined style={{ color: '#bfbfbf', fontSize: 18, marginTop: 2 }} />}
              <div>
                <div style={{ fontWeight: 500 }}>{l('checklistItem', i.item)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.done ? `${t('checklist.done')} · ${i.doneOn ?? ''}` : t('checklist.notDone')}
                </Typography.Text>
                {i.note && <div style={{ fontSize: 12, color: 'rgba(0,0,0,.65)', whiteSpace: 'normal' }}>{i.note}</div>}
              </div>
            </Space>
            <Space size={8} wrap>
              {i.evidence && <EvidenceView orgId={org.id} evidence={i.evidence} />}
              {canEdit && (
                <Button size="small" type={i.done ? 'default' : 'primary'} ghost={!i.done} onClick={() => onMark(i)} data-testid={`checklist-mark-${list.checklist}-${i.item}`}>
                  {i.done ? t('checklist.edit') : t('checklist.mark')}
                </Button>
              )}
              {canEdit && i.done && (
                <Popconfirm
                  title={t('checklist.unmarkConfirm', { item: l('checklistItem', i.item) })}
                  okText={t('checklist.unmark')}
                  cancelText={t('common.cancel')}
                  onConfirm={async () => {
                    try {
                      await mark.mutateAsync({ checklist: list.checklist, item: i.item, doneOn: null });
                      message.success(t('checklist.saved'));
                    } catch (err) {
                      message.error(errorText(err));
                    }
                  }}
                >
                  <Button size="small" type="text" danger>
                    {t('checklist.unmark')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The organization's "five ones" and "six haves": each item done or not, with its date, note and photo. */
export function ChecklistTab({ org }: { org: Org }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const lists = useChecklists(org.id);
  const [marking, setMarking] = useState<{ checklist: ChecklistName; item: ChecklistItem } | null>(null);
  const canEdit = can('orgs.checklist') && org.status === 'active';
  if (lists.isPending) return <Skeleton active />;
  if (lists.isError) return <Alert type="error" showIcon title={errorText(lists.error)} />;
  return (
    <>
      {!canEdit && <Alert type="info" showIcon title={t('checklist.readOnly')} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        {lists.data.checklists.map((c) => (
          <Col key={c.checklist} xs={24} xl={12}>
            <ChecklistCard org={org} list={c} canEdit={canEdit} onMark={(item) => setMarking({ checklist: c.checklist, item })} />
          </Col>
        ))}
      </Row>
      {marking && <MarkItemModal org={org} checklist={marking.checklist} item={marking.item} onClose={() => setMarking(null)} />}
    </>
  );
}
