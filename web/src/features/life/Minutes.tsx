/**
 * Minutes: a small rich-text editor (contentEditable with bold, italic and
 * lists — the server keeps only a safe subset of HTML, without attributes),
 * the resolutions, the lock, and after the lock the amendments beside the
 * original. The HTML shown comes back from the server's sanitizer.
 */
import { BoldOutlined, ItalicOutlined, LockOutlined, OrderedListOutlined, PlusOutlined, UnorderedListOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Modal, Popconfirm, Row, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorText } from '../../lib/forms.ts';
import { dateTime } from '../../lib/format.ts';
import { useMeetingMutations, type MeetingDetail } from './api.ts';

/**
 * What the editor made, tidied before saving: Chromium may put a list inside
 * a paragraph (<p><ul>…</ul></p>, which HTML does not allow) — such paragraphs
 * are unwrapped; empty paragraphs at the end are dropped.
 */
export function tidyHtml(html: string): string {
  const t = document.createElement('template');
  t.innerHTML = html;
  for (const p of Array.from(t.content.querySelectorAll('p'))) {
    if (p.querySelector('ul, ol, table, h2, h3, h4, blockquote, p')) p.replaceWith(...Array.from(p.childNodes));
  }
  let last = t.content.lastChild;
  while (last && last.nodeName === 'P' && !last.textContent?.trim()) {
    const prev = last.previousSibling;
    last.remove();
    last = prev;
  }
  const out = document.createElement('div');
  out.append(t.content.cloneNode(true));
  return out.innerHTML;
}

/** Characters of text from the start of a box to the start of a range inside it. */
function textOffset(box: HTMLElement, range: Range): number {
  const before = document.createRange();
  before.selectNodeContents(box);
  before.setEnd(range.startContainer, range.startOffset);
  return before.toString().length;
}

/** Puts the caret after the n-th character of a box's text. */
function placeCaret(box: HTMLElement, n: number): void {
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let left = n;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const len = node.textContent?.length ?? 0;
    if (left <= len) {
      const sel = window.getSelection();
      const r = document.createRange();
      r.setStart(node, left);
      sel?.removeAllRanges();
      sel?.addRange(r);
      return;
    }
    left -= len;
  }
}

/** A contentEditable box with a toolbar; reports its HTML on every change. */
export function RichTextEditor({ initialHtml, onChange, testId, minHeight = 180 }: { initialHtml: string; onChange(html: string): void; testId?: string; minHeight?: number }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  // An empty paragraph to type into: text typed straight into the box has no block around it, and lists made of it lose the caret.
  const EMPTY = '<p><br></p>';
  useEffect(() => {
    if (box.current) box.current.innerHTML = initialHtml.trim() || EMPTY;
    // Only the first value: afterwards the box owns its content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Where the caret was in the box: a toolbar click may take the focus away, and focusing again would put the caret at the start.
  const saved = useRef<Range | null>(null);
  useEffect(() => {
    const remember = () => {
      const sel = window.getSelection();
      const el = box.current;
      if (el && sel && sel.rangeCount && document.activeElement === el && el.contains(sel.anchorNode)) saved.current = sel.getRangeAt(0).cloneRange();
    };
    document.addEventListener('selectionchange', remember);
    return () => document.removeEventListener('selectionchange', remember);
  }, []);
  const run = (command: string) => {
    box.current?.focus();
    const sel = window.getSelection();
    if (saved.current && sel) {
      sel.removeAllRanges();
      sel.addRange(saved.current);
    }
    // Chromium puts the caret at the start of the line after making it a list item: put it back where it was
    // (counted in characters from the start of the box, which a list does not change).
    const el = box.current;
    const at = el && sel && sel.rangeCount && sel.getRangeAt(0).collapsed ? textOffset(el, sel.getRangeAt(0)) : null;
    document.execCommand(command);
    if (command.startsWith('insert') && el && at !== null) placeCaret(el, at);
    onChange(box.current?.innerHTML ?? '');
  };
  // Keep the selection in the box when a toolbar button is pressed.
  const keep = (e: React.MouseEvent) => e.preventDefault();
  const tools: [string, string, React.ReactNode][] = [
    ['bold', t('life.minutes.bold'), <BoldOutlined key="b" />],
    ['italic', t('life.minutes.italic'), <ItalicOutlined key="i" />],
    ['insertUnorderedList', t('life.minutes.bullets'), <UnorderedListOutlined key="u" />],
    ['insertOrderedList', t('life.minutes.numbers'), <OrderedListOutlined key="o" />],
  ];
  return (
    <div style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <div style={{ borderBottom: '1px solid #f0f0f0', padding: 4, display: 'flex', gap: 2 }}>
        {tools.map(([cmd, label, icon]) => (
          <Tooltip key={cmd} title={label}>
            <Button type="text" size="small" icon={icon} aria-label={label} onMouseDown={keep} onClick={() => run(cmd)} data-testid={`${testId ?? 'editor'}-${cmd}`} />
          </Tooltip>
        ))}
      </div>
      <div
        ref={box}
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        tabIndex={0}
        data-testid={testId}
        onFocus={() => {
          document.execCommand('defaultParagraphSeparator', false, 'p');
          if (box.current && !box.current.textContent?.trim() && !box.current.querySelector('p, li')) box.current.innerHTML = EMPTY;
        }}
        onInput={() => onChange(box.current?.innerHTML ?? '')}
        style={{ minHeight, padding: '8px 12px', outline: 'none', lineHeight: 1.7, overflowWrap: 'anywhere' }}
      />
    </div>
  );
}

/** Sanitized minutes HTML from the server. */
function Html({ html, testId }: { html: string; testId?: string }) {
  return <div className="life-minutes" style={{ lineHeight: 1.7, overflowWrap: 'anywhere' }} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}

function Resolutions({ items }: { items: string[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('life.minutes.resolutions')}</Typography.Text>
      <ol style={{ margin: '4px 0 0', paddingInlineStart: 22 }} data-testid="minutes-resolutions">
        {items.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ol>
    </div>
  );
}

const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim();

function AmendmentModal({ meetingId, onClose }: { meetingId: number; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { amend } = useMeetingMutations();
  const [form] = Form.useForm<{ reason: string }>();
  const [html, setHtml] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  return (
    <Modal
      open
      title={t('life.minutes.addAmendment')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: amend.isPending, 'data-testid': 'amendment-ok' }}
      onOk={() => form.submit()}
      width={640}
      data-testid="amendment-modal"
    >
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setProblems([]);
          if (!textOf(html)) {
            setProblems([t('life.minutes.emptyAmendment')]);
            return;
          }
          try {
            await amend.mutateAsync({ id: meetingId, bodyHtml: tidyHtml(html), reason: v.reason.trim() });
            message.success(t('life.minutes.amended'));
            onClose();
          } catch (err) {
            setProblems(applyServerErrors(form, err, ['reason']));
          }
        }}
      >
        <Form.Item label={t('life.minutes.amendmentText')} required>
          <RichTextEditor initialHtml="" onChange={setHtml} testId="amendment-editor" minHeight={120} />
        </Form.Item>
        <Form.Item name="reason" label={t('life.minutes.amendmentReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={500} data-testid="amendment-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MinutesSection({ detail, editable }: { detail: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { saveMinutes, lock } = useMeetingMutations();
  const mn = detail.minutes;
  const locked = !!mn?.lockedAt;
  const cancelled = detail.meeting.status === 'cancelled';
  const [html, setHtml] = useState(mn?.bodyHtml ?? '');
  const [resolutions, setResolutions] = useState<string[]>(mn?.resolutions.length ? mn.resolutions : ['']);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [amending, setAmending] = useState(false);
  const id = detail.meeting.id;

  async function save(quiet = false): Promise<boolean> {
    setError(null);
    try {
      await saveMinutes.mutateAsync({ id, bodyHtml: tidyHtml(html), resolutions: resolutions.map((r) => r.trim()).filter(Boolean) });
      setDirty(false);
      if (!quiet) message.success(t('life.minutes.saved'));
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  }

  async function doLock() {
    if (dirty || !mn) {
      if (!(await save(true))) return;
    }
    try {
      await lock.mutateAsync(id);
      message.success(t('life.minutes.lockedOk'));
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (locked || !editable || cancelled) {
    return (
      <div data-testid="minutes" data-locked={locked ? 'yes' : 'no'}>
        {locked && (
          <Alert
            type="success"
            showIcon
            icon={<LockOutlined />}
            style={{ marginBottom: 12 }}
            data-testid="minutes-locked"
            title={t('life.minutes.lockedAt', { at: dateTime(mn!.lockedAt).slice(0, 16), by: mn!.lockedByName ?? '—' })}
          />
        )}
        {!mn ? (
          <Empty description={t('life.minutes.none')} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={detail.amendments.length ? 13 : 24}>
              <Card size="small" title={locked ? t('life.minutes.original') : t('life.minutes.draft')} extra={!locked && <Typography.Text type="secondary">{t('life.minutes.updatedAt', { at: dateTime(mn.updatedAt).slice(0, 16) })}</Typography.Text>}>
                <Html html={mn.bodyHtml} testId="minutes-body" />
                <Resolutions items={mn.resolutions} />
              </Card>
            </Col>
            {detail.amendments.length > 0 && (
              <Col xs={24} xl={11}>
                <Space orientation="vertical" style={{ width: '100%' }} data-testid="amendments">
                  {detail.amendments.map((a, i) => (
                    <Card
                      key={a.id}
                      size="small"
                      title={t('life.minutes.amendmentN', { n: i + 1 })}
                      extra={<Typography.Text type="secondary">{dateTime(a.createdAt).slice(0, 16)}</Typography.Text>}
                      style={{ borderColor: '#ffd591', background: '#fffbe6' }}
                      data-testid={`amendment-${a.id}`}
                    >
                      <Html html={a.bodyHtml} />
                      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                        {t('life.minutes.amendmentBy', { by: a.createdByName, reason: a.reason })}
                      </Typography.Paragraph>
                    </Card>
                  ))}
                </Space>
              </Col>
            )}
          </Row>
        )}
        {locked && editable && (
          <Button icon={<EditOutlined />} style={{ marginTop: 12 }} onClick={() => setAmending(true)} data-testid="add-amendment">
            {t('life.minutes.addAmendment')}
          </Button>
        )}
        {amending && <AmendmentModal meetingId={id} onClose={() => setAmending(false)} />}
      </div>
    );
  }

  const present = detail.summary.present;
  const lockBlocked = present === 0 ? t('life.minutes.needAttendance') : !textOf(html) ? t('life.minutes.needText') : null;
  return (
    <div data-testid="minutes" data-locked="no">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="minutes-error" />}
      <RichTextEditor
        initialHtml={mn?.bodyHtml ?? ''}
        onChange={(h) => {
          setHtml(h);
          setDirty(true);
        }}
        testId="minutes-editor"
      />
      <div style={{ marginTop: 12 }}>
        <Typography.Text strong>{t('life.minutes.resolutions')}</Typography.Text>
        <Space orientation="vertical" style={{ width: '100%', marginTop: 4 }}>
          {resolutions.map((r, i) => (
            <Space.Compact key={i} style={{ width: '100%' }}>
              <Input
                value={r}
                maxLength={1000}
                placeholder={t('life.minutes.resolutionN', { n: i + 1 })}
                onChange={(e) => {
                  setResolutions((cur) => cur.map((x, j) => (j === i ? e.target.value : x)));
                  setDirty(true);
                }}
                data-testid={`resolution-${i}`}
              />
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('life.minutes.removeResolution')}
                onClick={() => {
                  setResolutions((cur) => (cur.length > 1 ? cur.filter((_, j) => j !== i) : ['']));
                  setDirty(true);
                }}
              />
            </Space.Compact>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => setResolutions((cur) => [...cur, ''])} data-testid="resolution-add">
            {t('life.minutes.addResolution')}
          </Button>
        </Space>
      </div>
      <div style={{ marginTop: 12, display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'flex-end', alignItems: 'center' }}>
        {mn && !dirty && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('life.minutes.updatedAt', { at: dateTime(mn.updatedAt).slice(0, 16) })}
          </Typography.Text>
        )}
        <Button onClick={() => void save()} loading={saveMinutes.isPending} disabled={!dirty} data-testid="minutes-save">
          {t('life.minutes.save')}
        </Button>
        <Popconfirm title={t('life.minutes.lockConfirm')} description={t('life.minutes.lockHint')} okText={t('life.minutes.lock')} cancelText={t('common.cancel')} onConfirm={() => void doLock()} disabled={!!lockBlocked} okButtonProps={{ 'data-testid': 'minutes-lock-confirm' }}>
          <Tooltip title={lockBlocked}>
            <Button type="primary" icon={<LockOutlined />} disabled={!!lockBlocked} loading={lock.isPending} data-testid="minutes-lock">
              {t('life.minutes.lock')}
            </Button>
          </Tooltip>
        </Popconfirm>
      </div>
    </div>
  );
}
