import { useMemo } from 'react';
import { encodeQr, qrSvgPath } from '../../lib/qr.ts';

/** A QR code of a text as crisp SVG (scales to any size), with its quiet zone. */
export function QrCode({ value, size = 240, testId, title }: { value: string; size?: number | string; testId?: string; title?: string }) {
  const qr = useMemo(() => encodeQr(value), [value]);
  const path = useMemo(() => qrSvgPath(qr, 4), [qr]);
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
