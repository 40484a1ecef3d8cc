import { parse as parseCsv } from 'csv-parse/sync';
import { findHeaderIndex, suggestMapping, type HeaderProblem } from './import.columns';
import {
  fileCorrupt,
  fileEmpty,
  fileUnsupported,
  headerDuplicate,
  headerNotFound,
  MAX_IMPORT_ROWS,
  tooManyRows,
  tooManyRowsAtLeast,
} from './import.errors';
import { MAX_INFLATED_BYTES, readXlsxStreaming } from './import.xlsx';
import type { ImportMapping, ImportTarget } from '@alliance-hub/types';
import { AppError } from '../../errors';

export type SheetRow = {
  /** 1-based row number as Excel shows it (for CSV: the record number). */
  row: number;
  cells: string[];
  /** Cells that could not be read, in words: "C63 是公式，文件中没有保存计算结果". */
  problems: string[];
};

export type SpreadsheetFile = {
  type: 'xlsx' | 'csv';
  encoding: string | null;
  sheetName: string | null;
  headerRow: number;
  headers: string[];
  mapping: ImportMapping;
  headerProblems: HeaderProblem[];
  rows: SheetRow[];
};

type Grid = { rows: SheetRow[] };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function sniffType(buffer: Buffer, fileName: string): 'xlsx' | 'csv' {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (buffer.subarray(0, 4).equals(OLE_MAGIC) || ext === 'xls') {
    throw fileUnsupported('不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再上传');
  }
  const zip = buffer.subarray(0, 4).equals(ZIP_MAGIC);
  if (ext === 'xlsx') {
    if (!zip) throw fileCorrupt('文件扩展名是 .xlsx，但内容不是 Excel 工作簿，文件可能已损坏');
    return 'xlsx';
  }
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext && ext !== 'tmp') throw fileUnsupported();
  // No usable extension (some upload paths drop it): decide by content.
  if (zip) return 'xlsx';
  if (buffer.subarray(0, 4096).includes(0) && !isUtf16(buffer)) throw fileUnsupported();
  return 'csv';
}

const isUtf16 = (buffer: Buffer) => buffer[0] === 0xff && buffer[1] === 0xfe;

/** Excel saves CSV as UTF-8 with BOM, "Unicode text" as UTF-16, and on Chinese Windows as GBK. */
export function decodeText(buffer: Buffer): { text: string; encoding: string } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buffer.subarray(3)), encoding: 'utf-8' };
  }
  if (isUtf16(buffer))
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    // GB18030 is a superset of GBK and GB2312, so one decoder reads all three.
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(buffer), encoding: 'gb18030' };
    } catch {
      throw fileCorrupt('无法识别文件的文字编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再上传');
    }
  }
}

/** Rows that may sit above the header (a title) and so are not data. */
const HEADER_SLACK = 11;

function readCsv(buffer: Buffer, maxRows: number): Grid & { encoding: string } {
  const { text, encoding } = decodeText(buffer);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const tabs = firstLine.split('\t').length;
  const delimiter = tabs > firstLine.split(',').length ? '\t' : ',';
  let records: string[][];
  let nonBlank = 0;
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
      // Stop at the limit instead of building a million arrays only to refuse them.
      on_record: (record: string[]) => {
        if (record.some((c) => c.trim() !== '') && ++nonBlank > maxRows + HEADER_SLACK) {
          throw tooManyRowsAtLeast(maxRows);
        }
        return record;
      },
    }) as string[][];
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: number }).lines;
    throw fileCorrupt(
      `CSV 文件格式有误${line ? `（约第 ${line} 行）` : ''}：请检查引号是否成对，或在 Excel 中重新另存为 CSV`,
    );
  }
  return { encoding, rows: records.map((cells, i) => ({ row: i + 1, cells, problems: [] })) };
}

const isBlank = (row: SheetRow) => row.problems.length === 0 && row.cells.every((c) => c.trim() === '');

/**
 * Reads an uploaded .xlsx or .csv into rows below the detected header and suggests a column
 * mapping. Every way a file can be unusable is a 4xx AppError with its own code.
 */
export async function readSpreadsheet(
  buffer: Buffer,
  fileName: string,
  maxRows = MAX_IMPORT_ROWS,
  /** Achievements and demands have their own column names; absent = the directory's. */
  target?: ImportTarget,
): Promise<SpreadsheetFile> {
  if (buffer.length === 0) throw fileEmpty('上传的文件是空的');
  const type = sniffType(buffer, fileName);
  const grid =
    type === 'xlsx'
      ? await readXlsxStreaming(buffer, { maxRows, maxInflatedBytes: MAX_INFLATED_BYTES })
      : readCsv(buffer, maxRows);
  const nonBlank = grid.rows.filter((r) => !isBlank(r));
  if (nonBlank.length === 0) throw fileEmpty();

  const headerIndex = findHeaderIndex(
    nonBlank.map((r) => r.cells),
    target,
  );
  if (headerIndex < 0) throw headerNotFound();
  const header = nonBlank[headerIndex];
  const headers = header.cells.map((c) => c.trim());
  const { mapping, problems, duplicates } = suggestMapping(headers, target);
  if (duplicates.length > 0)
    throw headerDuplicate(
      duplicates,
      duplicates.map((d) => d.header.trim()),
    );

  const rows = nonBlank.slice(headerIndex + 1);
  if (rows.length === 0) throw fileEmpty('表格只有表头，没有数据行');
  if (rows.length > maxRows) throw tooManyRows(rows.length, maxRows);
  for (const row of rows) {
    for (let c = row.cells.length; c < headers.length; c++) row.cells.push('');
  }
  return {
    type,
    encoding: 'encoding' in grid ? grid.encoding : null,
    sheetName: 'sheetName' in grid ? grid.sheetName : null,
    headerRow: header.row,
    headers,
    mapping,
    headerProblems: problems,
    rows,
  };
}
