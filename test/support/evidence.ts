import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Harness } from './client.js';
import { NOW, type OrgNode } from './fixture.js';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A real PNG image (width × height, one colour), built byte by byte. */
export function pngBytes(width = 2, height = 2, rgb: [number, number, number] = [200, 16, 46]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Points the harness's data folder (uploads) at a fresh temporary folder, once; h.close() removes it. */
export function useTempDataDir(h: Harness): string {
  if (!h.db.dataDir.startsWith(tmpdir())) {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-test-data-'));
    h.db.dataDir = dir;
    const close = h.close;
    h.close = async () => {
      try {
        await close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  }
  return h.db.dataDir;
}

/** An evidence file of an organization, written directly (row and bytes), as a probe target. */
export async function addEvidence(h: Harness, org: OrgNode, bytes: Buffer = pngBytes()): Promise<number> {
  const dataDir = useTempDataDir(h);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = join(dataDir, 'uploads', String(org.districtId));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, sha256), bytes);
  const { id } = await h.db.kysely
    .insertInto('upload')
    .values({ district_id: org.districtId, party_org_id: org.id, sha256, original_name: '活动室.png', mime: 'image/png', size: bytes.length, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
