import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
}

/**
 * A text value as an export writes it: one that starts with = + - @ (or a tab
 * or carriage return) gets a leading apostrophe, so that no spreadsheet
 * program — nor a CSV saved from the file — takes it for a formula
 * ("=HYPERLINK(...)" in a name stays text). The imports take the apostrophe
 * off again (src/modules/imports/sheet.ts, cellText). Numbers are left alone.
 */
export function safeCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Streams rows into an .xlsx download without holding the workbook in memory
 * (exceljs' streaming writer commits each row as it goes).
 */
export async function sendXlsx<T>(
  reply: FastifyReply,
  filename: string,
  sheetName: string,
  columns: XlsxColumn<T>[],
  rows: AsyncIterable<T>,
): Promise<FastifyReply> {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  void (async () => {
    try {
      for await (const row of rows) {
        sheet.addRow(columns.map((c) => safeCell(c.value(row)))).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  return reply.send(stream);
}
