/**
 * Minutes are rich text, stored as HTML reduced to a small allowlist: block
 * and inline formatting tags only, with no attributes at all (no links, no
 * styles, no images, no event handlers), so what is stored can be shown as-is
 * in the web app and the printed page. Why HTML and not Markdown: the editor
 * of the web app produces HTML, the printable page needs HTML, and with no
 * attributes allowed the sanitizer stays small enough to read in one sitting.
 *
 * Also here: the printable minutes page (A4, Chinese fonts), every value escaped.
 */

/** Tags kept (without attributes). b/i are kept as written; everything else is dropped, its text kept. */
const ALLOWED = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const VOID = new Set(['br', 'hr']);
/** Tags dropped together with everything inside them. */
const DROP_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'noembed',
  'noframes',
  'template',
  'textarea',
  'select',
  'svg',
  'math',
  'title',
  'head',
  'xmp',
  'plaintext',
  'applet',
  'frameset',
  'canvas',
  'video',
  'audio',
]);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  times: '×',
};

/** Decodes character references; unknown ones stay as written (and are escaped on output). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,8}|#[xX][0-9a-fA-F]{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Text outside tags: also drop control characters other than tab and newlines.
const text = (s: string) => escapeHtml(decodeEntities(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ''));

/**
 * Reduces HTML to the allowlist: allowed tags lose every attribute, other tags
 * disappear (their text stays), script-like elements disappear with their
 * content, comments and declarations go, text is re-escaped, and every open
 * tag is closed. The output is safe to insert as HTML.
 */
export function sanitizeHtml(input: string): string {
  let out = '';
  const stack: string[] = [];
  const n = input.length;
  let i = 0;
  while (i < n) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      out += text(input.slice(i));
      break;
    }
    out += text(input.slice(i, lt));
    i = lt;
    if (input.startsWith('<!--', i)) {
      const end = input.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (input[i + 1] === '!' || input[i + 1] === '?') {
      const end = input.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]{0,40})(?=[\s/>])/.exec(input.slice(i, i + 48));
    if (!m) {
      out += '&lt;';
      i++;
      continue;
    }
    // The end of the tag, skipping '>' inside quoted attribute values.
    let j = i + m[0].length;
    let quote: string | null = null;
    while (j < n) {
      const c = input[j];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      j++;
    }
    if (j >= n) {
      // Never closed: it was text ("3<5 and…").
      out += '&lt;';
      i++;
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const selfClosing = input[j - 1] === '/';
    i = j + 1;
    if (!closing && DROP_CONTENT.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'i').exec(input.slice(i));
      i = close ? i + close.index + close[0].length : n;
      continue;
    }
    if (!ALLOWED.has(name)) continue;
    if (VOID.has(name)) {
      if (!closing) out += `<${name}>`;
      continue;
    }
    if (!closing) {
      if (selfClosing) continue;
      out += `<${name}>`;
      stack.push(name);
    } else {
      const k = stack.lastIndexOf(name);
      if (k < 0) continue;
      while (stack.length > k) out += `</${stack.pop()}>`;
    }
  }
  while (stack.length) out += `</${stack.pop()}>`;
  return out;
}

/** The text of (sanitized) HTML, for emptiness checks and plain exports. */
export function htmlText(html: string): string {
  return decodeEntities(html.replace(/<br>|<\/p>|<\/li>|<\/h[234]>/g, '\n').replace(/<[^>]*>/g, ''))
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// --- The printable page -------------------------------------------------------------

export interface PrintData {
  lang: 'zh-CN' | 'en';
  orgName: string;
  kindLabel: string;
  title: string;
  /** Already formatted in the district's time zone. */
  when: string;
  place: string | null;
  host: string | null;
  topic: string | null;
  statusLabel: string;
  attendance: { name: string; orgName: string; statusLabel: string; reason: string | null; methodLabel: string | null }[];
  counts: { expected: number; present: number; leave: number; absent: number };
  /** Sanitized HTML. */
  minutesHtml: string | null;
  resolutions: string[];
  lockedNote: string | null;
  amendments: { when: string; by: string; reason: string; html: string }[];
  attachments: string[];
  printedAt: string;
}

/** A self-contained A4 page of the minutes; the browser prints it (or saves it as PDF). */
export function printPage(d: PrintData): string {
  const en = d.lang === 'en';
  const e = escapeHtml;
  const t = (zh: string, english: string) => (en ? english : zh);
  const row = (k: string, v: string | null) => (v ? `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>` : '');
  const attendanceRows = d.attendance
    .map((a) => `<tr><td>${e(a.name)}</td><td>${e(a.orgName)}</td><td>${e(a.statusLabel)}</td><td>${e(a.reason ?? '')}</td><td>${e(a.methodLabel ?? '')}</td></tr>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${en ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(d.orgName)} · ${e(d.title)}</title>
<style>
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Serif SC", "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 11pt; line-height: 1.6; color: #000; }
body { margin: 0 auto; max-width: 174mm; padding: 8mm 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
.org { text-align: center; margin: 0 0 6mm; font-size: 12pt; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #999; padding-bottom: 1mm; margin: 7mm 0 3mm; page-break-after: avoid; break-after: avoid; }
table { width: 100%; border-collapse: collapse; }
table.facts th { width: 28mm; text-align: left; font-weight: normal; color: #444; vertical-align: top; padding: 1mm 2mm 1mm 0; }
table.facts td { padding: 1mm 0; }
table.grid th, table.grid td { border: 1px solid #888; padding: 1mm 2mm; text-align: left; vertical-align: top; }
table.grid thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.minutes p { margin: 0 0 2mm; }
.minutes table td, .minutes table th { border: 1px solid #888; padding: 1mm 2mm; }
.amendment { border-left: 3px solid #c00; padding-left: 4mm; margin: 3mm 0; }
.meta { color: #444; font-size: 9.5pt; }
.footer { margin-top: 10mm; color: #666; font-size: 9pt; text-align: right; }
@media screen { body { padding: 10mm; box-shadow: 0 0 4mm #ccc; background: #fff; } html { background: #eee; } }
</style>
</head>
<body>
<h1>${e(d.title)}</h1>
<p class="org">${e(d.orgName)} · ${e(d.kindLabel)}</p>
<table class="facts">
${row(t('时间', 'Time'), d.when)}
${row(t('地点', 'Place'), d.place)}
${row(t('主持人', 'Host'), d.host)}
${row(t('主题', 'Topic'), d.topic)}
${row(t('状态', 'Status'), d.statusLabel)}
${row(t('人数', 'Attendance'), t(`应到 ${d.counts.expected} 人，实到 ${d.counts.present} 人，请假 ${d.counts.leave} 人，缺席 ${d.counts.absent} 人`, `expected ${d.counts.expected}, present ${d.counts.present}, on leave ${d.counts.leave}, absent ${d.counts.absent}`))}
</table>
<h2>${t('出席情况', 'Attendance')}</h2>
<table class="grid"><thead><tr><th>${t('姓名', 'Name')}</th><th>${t('所在党组织', 'Organization')}</th><th>${t('出席', 'Status')}</th><th>${t('事由', 'Reason')}</th><th>${t('方式', 'How')}</th></tr></thead>
<tbody>${attendanceRows || `<tr><td colspan="5">${t('无', 'None')}</td></tr>`}</tbody></table>
<h2>${t('会议记录', 'Minutes')}</h2>
<div class="minutes">${d.minutesHtml ?? `<p>${t('（尚未填写）', '(not written yet)')}</p>`}</div>
${d.resolutions.length ? `<h2>${t('决议事项', 'Resolutions')}</h2><ol>${d.resolutions.map((r) => `<li>${e(r)}</li>`).join('')}</ol>` : ''}
${d.lockedNote ? `<p class="meta">${e(d.lockedNote)}</p>` : ''}
${
  d.amendments.length
    ? `<h2>${t('补正记录', 'Amendments')}</h2>${d.amendments
        .map((a) => `<div class="amendment"><p class="meta">${e(a.when)} · ${e(a.by)} · ${t('事由', 'Reason')}：${e(a.reason)}</p>${a.html}</div>`)
        .join('')}`
    : ''
}
${d.attachments.length ? `<h2>${t('附件', 'Attachments')}</h2><ul>${d.attachments.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : ''}
<p class="footer">${t('打印时间', 'Printed')}：${e(d.printedAt)}</p>
</body>
</html>
`;
}
