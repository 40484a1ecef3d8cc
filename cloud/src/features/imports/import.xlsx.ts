import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { AppError } from '../../errors';
import { columnLetter } from './import.columns';
import { fileCorrupt, fileEmpty, inflatedTooLarge, tooManyRowsAtLeast } from './import.errors';

/**
 * A streaming .xlsx reader with hard limits, for uploads we do not trust.
 *
 * A whole-workbook reader (ExcelJS `load`) inflates every part and builds a cell object per
 * cell before anyone can count rows: an 11 MB sheet of 1.4 million rows took 2.3 GB, and a
 * 300 KB zip bomb 1.3 GB. Here the zip's central directory is checked before anything is
 * inflated, every inflated byte is counted as it streams (a zip's size fields can lie; yauzl
 * also refuses an entry that inflates past its declared size), the sheet XML is read with a SAX
 * parser, and reading stops as soon as there are more data rows than an import accepts.
 */

export type XlsxRow = { row: number; cells: string[]; problems: string[] };
export type XlsxGrid = { rows: XlsxRow[]; sheetName: string };

export type XlsxLimits = {
  /** Data rows accepted (the header and up to 10 rows above it come on top). */
  maxRows: number;
  /** Inflated bytes over all parts of the workbook that are read. */
  maxInflatedBytes: number;
};

/** 50,000 rows of a wide roster inflate to roughly 60 MB of sheet XML and shared strings. */
export const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
/** Rows above the header (a merged title) that are not data. */
const HEADER_SLACK = 11;
const MAX_ZIP_ENTRIES = 2_000;

class Budget {
  used = 0;
  constructor(readonly max: number) {}
  take(bytes: number) {
    this.used += bytes;
    if (this.used > this.max) throw inflatedTooLarge(this.max);
  }
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => (err ? reject(corrupt()) : resolve(zip)),
    );
  });
}

const corrupt = () => fileCorrupt('Excel 文件已损坏或不是有效的 .xlsx 文件，请重新保存后再上传');

/** Reads the central directory only: names and declared sizes, nothing inflated yet. */
function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      if (entries.size > MAX_ZIP_ENTRIES) reject(corrupt());
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(corrupt()));
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(corrupt()) : resolve(stream)));
  });
}

/**
 * Streams one part of the workbook through a SAX parser, counting inflated bytes against the
 * budget. A handler may throw an AppError to refuse the file (e.g. too many rows): the
 * pipeline then destroys the inflating stream, so nothing more is read.
 */
async function readXml(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: Budget,
  handle: (parser: SaxesParser) => void,
): Promise<void> {
  const stream = await openEntry(zip, entry);
  const parser = new SaxesParser();
  handle(parser);
  let failure: unknown;
  parser.on('error', (err) => {
    failure ??= err;
  });
  // A stateful decoder: a UTF-8 character may be split across two inflated chunks.
  const decoder = new TextDecoder('utf-8');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        budget.take(chunk.length);
        parser.write(decoder.decode(chunk, { stream: true }));
        done(failure ? (failure as Error) : undefined);
      } catch (err) {
        done(err as Error);
      }
    },
  });
  try {
    await pipeline(stream, sink);
    parser.close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    // yauzl: "too many bytes in the stream" = an entry inflating past its declared size.
    if (err instanceof Error && /too many bytes|too few bytes/.test(err.message)) {
      throw inflatedTooLarge(budget.max);
    }
    throw corrupt();
  }
  if (failure) throw corrupt();
}

const attr = (tag: SaxesTagPlain, name: string) => {
  const value = tag.attributes[name];
  return typeof value === 'string' ? value : undefined;
};

/** Resolves a relationship target (relative to xl/ or absolute) to a zip entry name. */
const partName = (target: string) =>
  target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;

type SheetRef = { name: string; part: string };

async function readWorkbook(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, budget: Budget) {
  const book = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!book || !rels) throw corrupt();
  const targets = new Map<string, string>();
  await readXml(zip, rels, budget, (p) =>
    p.on('opentag', (tag) => {
      const id = attr(tag, 'Id');
      const target = attr(tag, 'Target');
      if (tag.name === 'Relationship' && id && target) targets.set(id, target);
    }),
  );
  const sheets: SheetRef[] = [];
  let date1904 = false;
  await readXml(zip, book, budget, (p) =>
    p.on('opentag', (tag) => {
      if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(attr(tag, 'date1904') ?? '');
      if (tag.name !== 'sheet') return;
      const target = targets.get(attr(tag, 'r:id') ?? '');
      if (target) sheets.push({ name: attr(tag, 'name') ?? '', part: partName(target) });
    }),
  );
  return { sheets, date1904 };
}

/** Text of each `<si>`: plain `<t>` or rich-text runs; phonetic guides (`<rPh>`) are not content. */
async function readSharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined, budget: Budget) {
  const strings: string[] = [];
  if (!entry) return strings;
  await readXml(zip, entry, budget, (p) => {
    let current = '';
    let inText = false;
    let inPhonetic = false;
    p.on('opentag', (tag) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't' && !inPhonetic) inText = true;
    });
    p.on('text', (text) => {
      if (inText) current += text;
    });
    p.on('closetag', (tag) => {
      if (tag.name === 't') inText = false;
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 'si') strings.push(current);
    });
  });
  return strings;
}

/** Built-in number formats that show a date (ECMA-376 18.8.30, plus the CJK date formats). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58,
]);

/** A custom format is a date when, outside quoted text and [colour] tags, it has a y, d or m. */
const isDateFormat = (code: string) =>
  /[ydm]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '')) && !/^[#0.,%\s]*$/.test(code);

/** For each style index (the `s` of a cell): does the style show the number as a date? */
async function readDateStyles(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined, budget: Budget) {
  const dateStyles: boolean[] = [];
  if (!entry) return dateStyles;
  const customDates = new Set<number>();
  await readXml(zip, entry, budget, (p) => {
    let inCellXfs = false;
    p.on('opentag', (tag) => {
      if (tag.name === 'numFmt') {
        const id = Number(attr(tag, 'numFmtId'));
        if (isDateFormat(attr(tag, 'formatCode') ?? '')) customDates.add(id);
      } else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(attr(tag, 'numFmtId') ?? 0);
        dateStyles.push(BUILTIN_DATE_FORMATS.has(id) || customDates.has(id));
      }
    });
    p.on('closetag', (tag) => {
      if (tag.name === 'cellXfs') inCellXfs = false;
    });
  });
  return dateStyles;
}

/** "BC12" → 0-based column 54, row 12. */
function parseRef(ref: string): { col: number; row: number } | null {
  const match = /^([A-Z]{1,3})(\d+)$/.exec(ref);
  if (!match) return null;
  let col = 0;
  for (const ch of match[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Number(match[2]) };
}

const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);

function numberText(raw: string, isDate: boolean, date1904: boolean): string {
  const value = Number(raw);
  if (!Number.isFinite(value)) return raw;
  if (isDate) {
    const epoch = date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900;
    return new Date(epoch + Math.round(value * 86_400_000)).toISOString().slice(0, 10);
  }
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

type Context = { strings: string[]; dateStyles: boolean[]; date1904: boolean };
type Merge = { top: number; left: number; bottom: number; right: number };

/** Reads one worksheet's rows (only rows with a cell), stopping once there are too many. */
async function readSheet(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: Budget,
  context: Context,
  limits: XlsxLimits,
): Promise<XlsxRow[]> {
  const rows: XlsxRow[] = [];
  const merges: Merge[] = [];
  let nonBlank = 0;
  await readXml(zip, entry, budget, (p) => {
    let row: XlsxRow | null = null;
    let nextRow = 1;
    let nextCol = 0;
    let cell: { col: number; type: string; style: number; formula: boolean; value: string | null } | null =
      null;
    let capture: 'v' | 't' | null = null;
    let inPhonetic = false;
    p.on('opentag', (tag) => {
      switch (tag.name) {
        case 'row': {
          const number = Number(attr(tag, 'r')) || nextRow;
          row = { row: number, cells: [], problems: [] };
          nextRow = number + 1;
          nextCol = 0;
          break;
        }
        case 'c': {
          const ref = parseRef(attr(tag, 'r') ?? '');
          const col = ref ? ref.col : nextCol;
          nextCol = col + 1;
          cell = {
            col,
            type: attr(tag, 't') ?? 'n',
            style: Number(attr(tag, 's') ?? 0),
            formula: false,
            value: null,
          };
          break;
        }
        case 'f':
          if (cell) cell.formula = true;
          break;
        case 'v':
          capture = 'v';
          if (cell) cell.value = '';
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (cell && !inPhonetic) {
            capture = 't';
            cell.value ??= '';
          }
          break;
        case 'mergeCell': {
          const [from, to] = (attr(tag, 'ref') ?? '').split(':');
          const a = parseRef(from);
          const b = parseRef(to ?? from);
          if (a && b) merges.push({ top: a.row, left: a.col, bottom: b.row, right: b.col });
          break;
        }
      }
    });
    p.on('text', (text) => {
      if (capture && cell) cell.value += text;
    });
    p.on('closetag', (tag) => {
      switch (tag.name) {
        case 'v':
        case 't':
          capture = null;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (row && cell) row.cells[cell.col] = cellText(cell, row, context);
          cell = null;
          break;
        case 'row':
          if (row) {
            for (let c = 0; c < row.cells.length; c++) row.cells[c] ??= '';
            if (row.cells.length > 0 || row.problems.length > 0) {
              rows.push(row);
              if (row.problems.length > 0 || row.cells.some((c) => c.trim() !== '')) nonBlank++;
              if (nonBlank > limits.maxRows + HEADER_SLACK) throw tooManyRowsAtLeast(limits.maxRows);
            }
          }
          row = null;
          break;
      }
    });
  });
  applyMerges(rows, merges);
  return rows;
}

function cellText(
  cell: { col: number; type: string; style: number; formula: boolean; value: string | null },
  row: XlsxRow,
  context: Context,
): string {
  const ref = `${columnLetter(cell.col)}${row.row}`;
  const value = cell.value;
  if (value === null) {
    if (cell.formula) {
      row.problems.push(
        `${ref} 是公式，文件中没有保存计算结果（请在 Excel 中打开并保存，或把公式粘贴为数值）`,
      );
    }
    return '';
  }
  switch (cell.type) {
    case 's':
      return context.strings[Number(value)] ?? '';
    case 'str':
    case 'inlineStr':
      return value;
    case 'b':
      return value === '1' || value === 'true' ? '是' : '否';
    case 'e':
      row.problems.push(cell.formula ? `${ref} 的公式结果是错误值 ${value}` : `${ref} 是错误值 ${value}`);
      return '';
    case 'd':
      return value.slice(0, 10);
    default:
      return numberText(value, context.dateStyles[cell.style] ?? false, context.date1904);
  }
}

/** A merged range shows its top-left value in every cell, as Excel and ExcelJS present it. */
function applyMerges(rows: XlsxRow[], merges: Merge[]) {
  if (merges.length === 0) return;
  const byNumber = new Map(rows.map((r) => [r.row, r]));
  for (const m of merges) {
    const value = byNumber.get(m.top)?.cells[m.left];
    if (!value) continue;
    // Only rows that exist: a merge reaching row 1,048,576 must not create a million rows.
    for (let r = m.top; r <= m.bottom; r++) {
      const target = byNumber.get(r);
      if (!target) continue;
      for (let c = m.left; c <= Math.min(m.right, m.left + 500); c++) {
        if (!target.cells[c]) target.cells[c] = value;
      }
      for (let c = 0; c < target.cells.length; c++) target.cells[c] ??= '';
    }
  }
}

/** Reads the first worksheet with content of an .xlsx held in memory. */
export async function readXlsxStreaming(buffer: Buffer, limits: XlsxLimits): Promise<XlsxGrid> {
  const zip = await openZip(buffer);
  try {
    const entries = await listEntries(zip);
    // Declared sizes first: a zip bomb that admits its size is refused before inflating a byte.
    let declared = 0;
    for (const entry of entries.values()) declared += entry.uncompressedSize;
    const budget = new Budget(limits.maxInflatedBytes);
    if (declared > limits.maxInflatedBytes) throw inflatedTooLarge(limits.maxInflatedBytes);

    const { sheets, date1904 } = await readWorkbook(zip, entries, budget);
    const context: Context = {
      strings: await readSharedStrings(zip, entries.get('xl/sharedStrings.xml'), budget),
      dateStyles: await readDateStyles(zip, entries.get('xl/styles.xml'), budget),
      date1904,
    };
    // The first sheet with any content; a workbook often has empty Sheet2/Sheet3 behind it.
    for (const sheet of sheets) {
      const entry = entries.get(sheet.part);
      if (!entry) continue;
      const rows = await readSheet(zip, entry, budget, context, limits);
      if (rows.some((r) => r.problems.length > 0 || r.cells.some((c) => c !== ''))) {
        return { rows, sheetName: sheet.name };
      }
    }
    throw fileEmpty('工作簿里没有任何有内容的工作表');
  } finally {
    zip.close();
  }
}
