import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Progress, Result, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, apiUrl } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { invalidateMembers } from './api.ts';
import type { ImportJob, ImportResult, ImportSummary, RowError } from './types.ts';

const BASE = '/member-imports';

/**
 * The roster import: template, a dry run that lists every row's problems and
 * writes nothing, then the all-or-nothing import — answered at once for a
 * small file, or as a job whose progress is polled.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);

  const job = useQuery({
    queryKey: ['members', 'import-job', jobId],
    queryFn: ({ signal }) => api.get<ImportJob>(`${BASE}/jobs/${jobId}`, undefined, signal),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
  });
  const j = job.data;
  useEffect(() => {
    if (j?.status === 'done' && j.result) {
      setDone(j.result);
      void invalidateMembers(qc);
    }
  }, [j, qc]);

  function reset() {
    setFile(null);
    setCheck(null);
    setDone(null);
    setJobId(null);
    setError(null);
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.upload<ImportResult | { jobId: number; status: 'running' }>(dryRun ? `${BASE}?dryRun=true` : BASE, file);
      if ('dryRun' in res) {
        if (dryRun) setCheck(res);
        else {
          setDone(res);
          await invalidateMembers(qc);
        }
      } else setJobId(res.jobId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const summary = done ?? check;
  const running = j?.status === 'running';
  return (
    <div style={{ maxWidth: 1100 }}>
      <div style={{ marginBottom: 8 }}>
        <Link to="/members">
          <ArrowLeftOutlined /> {t('members.detail.back')}
        </Link>
      </div>
      <Typography.Title level={4} data-testid="import-title">
        {t('members.importer.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('members.importer.hint')} style={{ marginBottom: 16 }} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} href={apiUrl(`${BASE}/template`, { format: 'xlsx', lang })} data-testid="import-template">
          {t('members.importer.template')}
        </Button>
        <Button icon={<DownloadOutlined />} href={apiUrl(`${BASE}/template`, { format: 'csv', lang })}>
          {t('members.importer.templateCsv')}
        </Button>
      </Space>
      <Card size="small">
        {!file ? (
          <Upload.Dragger
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              setCheck(null);
              setDone(null);
              setError(null);
              return false;
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <FileExcelOutlined />
            </p>
            <p className="ant-upload-text">{t('members.importer.pick')}</p>
          </Upload.Dragger>
        ) : (
          <Space wrap>
            <Typography.Text data-testid="import-file-name">
              <FileExcelOutlined /> {t('members.importer.fileName', { name: file.name })}
            </Typography.Text>
            <Button icon={<CheckCircleOutlined />} onClick={() => void run(true)} loading={busy && !check} disabled={running || done !== null} data-testid="import-check">
              {t('members.importer.check')}
            </Button>
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => void run(false)}
              loading={busy && check !== null}
              disabled={!check || check.errorCount > 0 || running || done !== null}
              data-testid="import-apply"
            >
              {t('members.importer.apply')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={reset}>
              {t('members.importer.again')}
            </Button>
          </Space>
        )}
      </Card>
      {Boolean(error) && <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 16 }} data-testid="import-error" />}
      {j && running && (
        <Card size="small" style={{ marginTop: 16 }}>
          <Typography.Text>{j.phase === 'writing' ? t('members.importer.writing') : t('members.importer.validating')}</Typography.Text>
          <Progress percent={j.total ? Math.min(99, Math.floor((j.done / j.total) * 100)) : 0} status="active" data-testid="import-progress" />
        </Card>
      )}
      {j?.status === 'failed' && <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('members.importer.failed', { message: j.error?.message ?? '' })} />}
      {done && (
        <Result status="success" title={t('members.importer.done', { create: done.create, update: done.update, unchanged: done.unchanged })} extra={<Link to="/members">{t('members.detail.back')}</Link>} data-testid="import-done" />
      )}
      {summary && !done && <Summary s={summary} />}
    </div>
  );
}

function Summary({ s }: { s: ImportSummary }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="import-summary">
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))', gap: 12, marginBottom: 12 }}>
        <Statistic title={t('members.importer.rows')} value={s.rows} />
        <Statistic title={t('members.importer.create')} value={s.create} />
        <Statistic title={t('members.importer.update')} value={s.update} />
        <Statistic title={t('members.importer.unchanged')} value={s.unchanged} />
        <Statistic title={t('members.importer.errors')} value={s.errorCount} styles={{ content: { color: s.errorCount ? '#cf1322' : '#389e0d' } }} />
      </div>
      {s.errorCount === 0 ? (
        <Alert type="success" showIcon title={t('members.importer.noErrors')} />
      ) : (
        <>
          {s.errorCount > s.errors.length && <Typography.Text type="secondary">{t('members.importer.errorsMore', { count: s.errorCount, shown: s.errors.length })}</Typography.Text>}
          <Table<RowError>
            rowKey={(r) => `${r.row}-${r.field}-${r.code}`}
            size="small"
            dataSource={s.errors}
            pagination={{ pageSize: 50, simple: isMobile }}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'row', dataIndex: 'row', title: t('members.importer.row'), width: 70 },
              { key: 'column', dataIndex: 'column', title: t('members.importer.column') },
              { key: 'message', dataIndex: 'message', title: t('members.importer.message'), render: (v: string) => <span style={{ whiteSpace: 'normal' }}>{v}</span> },
            ]}
            data-testid="import-errors"
          />
        </>
      )}
    </Card>
  );
}
