/**
 * The formats of organizational life, without a server: the minutes
 * sanitizer (allowlist, no attributes), iCalendar folding and escaping, and
 * the check-in token.
 */
import { describe, expect, it } from 'vitest';
import { buildCalendar, foldLine, icsText, icsUtc } from '../../src/modules/life/ics.js';
import { htmlText, sanitizeHtml } from '../../src/modules/life/html.js';
import { signCheckInToken, verifyCheckInToken } from '../../src/modules/life/tokens.js';
import { vaultFromKey } from '../../src/server/crypto.js';

describe('minutes sanitizer', () => {
  const cases: [string, string][] = [
    ['<p>会议记录</p>', '<p>会议记录</p>'],
    ['<p class="x" style="color:red" onclick="x()">a</p>', '<p>a</p>'],
    ['<P>A<BR/>B</P>', '<p>A<br>B</p>'],
    ['<script>alert(1)</script>text', 'text'],
    ['<SCRIPT type="x">alert(1)</SCRIPT >after', 'after'],
    ['before<script>never closed', 'before'],
    ['<style>p{}</style><p>x</p>', '<p>x</p>'],
    ['<img src=x onerror=alert(1)>', ''],
    ['<a href="javascript:alert(1)">链接</a>', '链接'],
    ['<!-- comment --><p>x</p><!-- open', '<p>x</p>'],
    ['3 < 5 and 6 > 4', '3 &lt; 5 and 6 &gt; 4'],
    ['x<y', 'x&lt;y'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['&amp;lt;b&amp;gt;', '&amp;lt;b&amp;gt;'],
    ['&#x3C;script&#x3E; &#60;b&#62; &nbsp;&hellip;&bogus;', '&lt;script&gt; &lt;b&gt; \u00a0…&amp;bogus;'],
    ['<p><strong>unclosed', '<p><strong>unclosed</strong></p>'],
    ['</div></p>stray<p>x</li></p>', 'stray<p>x</p>'],
    ['<p title="a>b" data-x=\'c>d\'>t</p>', '<p>t</p>'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<iframe src="https://evil"></iframe>ok', 'ok'],
    ['<ul><li>一</li><li>二</li></ul>', '<ul><li>一</li><li>二</li></ul>'],
    ['<table><tr><td colspan=2>x</td></tr></table>', '<table><tr><td>x</td></tr></table>'],
    ['<p>\u0000a\u0007b</p>', '<p>ab</p>'],
    ['<div><span>内容</span></div>', '内容'],
    ['<scr<script>ipt>alert(1)</script>', '&lt;scr'],
    ['"quotes" & \'apostrophes\'', '&quot;quotes&quot; &amp; &#39;apostrophes&#39;'],
  ];
  it.each(cases)('%j -> %j', (input, output) => {
    expect(sanitizeHtml(input)).toBe(output);
  });

  it('never lets a tag with attributes or outside the allowlist through (random input)', () => {
    const parts = ['<', '>', '/', 'p', 'script', 'img', ' ', '"', "'", '=', 'on', 'a', '&', '#', ';', 'x', '<!--', '-->', 'svg', 'b', 'href', '\n'];
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let j = 0; j < 30; j++) s += parts[Math.floor(rand() * parts.length)];
      const out = sanitizeHtml(s);
      for (const tag of out.match(/<[^>]*>?/g) ?? []) expect(tag, `${s} -> ${out}`).toMatch(/^<\/?(p|br|strong|b|em|i|u|s|ul|ol|li|h2|h3|h4|blockquote|hr|table|thead|tbody|tr|th|td)>$/);
      // Sanitizing is stable.
      expect(sanitizeHtml(out)).toBe(out);
    }
  });

  it('extracts the text for emptiness checks', () => {
    expect(htmlText('<p> </p><p>&nbsp;</p>')).toBe('');
    expect(htmlText('<p>第一段</p><p>第二段<br>续</p>')).toBe('第一段\n第二段\n续');
  });
});

describe('iCalendar', () => {
  it('escapes text values', () => {
    expect(icsText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
  });
  it('formats UTC times', () => {
    expect(icsUtc('2026-04-01T06:30:00.000Z')).toBe('20260401T063000Z');
  });
  it('folds at 75 octets without splitting characters', () => {
    const ascii = `DESCRIPTION:${'x'.repeat(200)}`;
    const folded = foldLine(ascii);
    const lines = folded.split('\r\n');
    expect(lines[0]).toHaveLength(75);
    for (const l of lines.slice(1)) {
      expect(l.startsWith(' ')).toBe(true);
      expect(l.length).toBeLessThanOrEqual(75);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(ascii);
    const cjk = `SUMMARY:${'党'.repeat(60)}`;
    const f2 = foldLine(cjk);
    for (const l of f2.split('\r\n')) {
      expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
      expect(l.replace(/^ /, '')).toMatch(/^(SUMMARY:)?党*$/);
    }
    expect(f2.replace(/\r\n /g, '')).toBe(cjk);
    expect(foldLine('SHORT')).toBe('SHORT');
  });
  it('builds a calendar with CRLF line ends', () => {
    const cal = buildCalendar({
      name: '组织生活',
      timeZone: 'Asia/Shanghai',
      now: new Date('2026-11-23T02:00:00Z'),
      events: [{ uid: 'meeting-1@x', sequence: 2, startsAt: '2026-11-24T06:00:00Z', endsAt: '2026-11-24T07:00:00Z', summary: 'A, B', location: null, description: null, cancelled: true, updatedAt: '2026-11-23T01:00:00Z' }],
    });
    expect(cal.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Cohesion//Organizational life//ZH',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:组织生活',
      'X-WR-TIMEZONE:Asia/Shanghai',
      'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
      'X-PUBLISHED-TTL:PT1H',
      'BEGIN:VEVENT',
      'UID:meeting-1@x',
      'DTSTAMP:20261123T020000Z',
      'LAST-MODIFIED:20261123T010000Z',
      'SEQUENCE:2',
      'DTSTART:20261124T060000Z',
      'DTEND:20261124T070000Z',
      'SUMMARY:A\\, B',
      'STATUS:CANCELLED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });
});

describe('check-in token', () => {
  const vault = vaultFromKey(Buffer.alloc(32, 1));
  const now = new Date('2026-11-23T02:00:00Z');
  const token = signCheckInToken(vault, { districtId: 3, meetingId: 42, expiresAt: new Date(now.getTime() + 120_000) });
  it('verifies a genuine token until it expires', () => {
    expect(verifyCheckInToken(vault, token, now)).toMatchObject({ ok: true, districtId: 3, meetingId: 42 });
    expect(verifyCheckInToken(vault, token, new Date(now.getTime() + 120_000))).toMatchObject({ ok: true });
    expect(verifyCheckInToken(vault, token, new Date(now.getTime() + 121_000))).toEqual({ ok: false, reason: 'expired' });
  });
  it('refuses another key, a changed payload, and garbage — forged before expired', () => {
    expect(verifyCheckInToken(vaultFromKey(Buffer.alloc(32, 2)), token, now)).toEqual({ ok: false, reason: 'invalid' });
    const [body, sig] = token.split('.') as [string, string];
    const changed = Buffer.from(Buffer.from(body, 'base64url').toString().replace('.42.', '.43.')).toString('base64url');
    expect(verifyCheckInToken(vault, `${changed}.${sig}`, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyCheckInToken(vault, `${changed}.${sig}`, new Date(now.getTime() + 10 ** 9))).toEqual({ ok: false, reason: 'invalid' });
    for (const junk of ['', '.', 'abc', `${body}.`, `${body}.${sig}x`]) expect(verifyCheckInToken(vault, junk, now)).toEqual({ ok: false, reason: 'invalid' });
  });
  it('differs on every issue (nonce)', () => {
    const again = signCheckInToken(vault, { districtId: 3, meetingId: 42, expiresAt: new Date(now.getTime() + 120_000) });
    expect(again).not.toBe(token);
  });
});
