import { PassThrough } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import type { Context } from 'koa';
import type { Logger } from '../logger';

/**
 * Streamed Excel downloads: rows are written as they are read (exceljs WorkbookWriter), so a
 * large sheet never sits in memory, and the response starts at once.
 */
export type Column = { header: string; key: string; width: number };

/**
 * exceljs is required on the first export, not at start: loading it is ~0.7 s of CPU, a fifth of
 * a cloud start, for something only downloads need (#19).
 */
function excel(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as typeof ExcelJS;
}
export type XlsxStream = { stream: PassThrough; done: Promise<void> };

export function workbook(sheetName: string, columns: Column[]) {
  const stream = new PassThrough();
  const book = new (excel().stream.xlsx.WorkbookWriter)({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return { stream, book, sheet };
}

/** Runs the producer after the response starts; a failure mid-way is logged and ends the stream. */
export function produce(stream: PassThrough, logger: Logger, run: () => Promise<void>): Promise<void> {
  return run().catch((err: unknown) => {
    logger.error({ err }, 'export failed mid-stream');
    stream.destroy(err as Error);
  });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sendXlsx(ctx: Context, baseName: string, file: XlsxStream) {
  const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const name = `${baseName}-${date}.xlsx`;
  ctx.set('Content-Type', XLSX);
  // RFC 6266: an ASCII fallback plus the UTF-8 Chinese name.
  ctx.set(
    'Content-Disposition',
    `attachment; filename="export-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  ctx.set('Cache-Control', 'no-store');
  ctx.body = file.stream;
}
