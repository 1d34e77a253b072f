import { useMemo } from 'react';
import { encodeQr, qrSvgPath, type QrCode as Qr } from '../../lib/qr.ts';

/** Level M (15 % of the symbol may be damaged) when it fits version 10, else L; null when even L cannot hold it. */
function encode(value: string): Qr | null {
  for (const ecLevel of ['M', 'L'] as const) {
    try {
      return encodeQr(value, { ecLevel });
    } catch {
      // too long for this level: try the next
    }
  }
  return null;
}

/** A QR code of a text as crisp SVG (scales to any size), with its quiet zone. */
export function QrCode({ value, size = 240, testId, title }: { value: string; size?: number | string; testId?: string; title?: string }) {
  const qr = useMemo(() => encode(value), [value]);
  const path = useMemo(() => (qr ? qrSvgPath(qr, 4) : ''), [qr]);
  if (!qr) {
    return (
      <div data-testid={testId} data-value={value} style={{ padding: 16, wordBreak: 'break-all', border: '1px dashed #d9d9d9' }}>
        {value}
      </div>
    );
  }
  const box = qr.size + 8;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${box} ${box}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      role="img"
      aria-label={title}
      data-testid={testId}
      data-version={qr.version}
      data-value={value}
      style={{ display: 'block', background: '#fff', maxWidth: '100%', height: 'auto' }}
    >
      {title && <title>{title}</title>}
      <rect width={box} height={box} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
