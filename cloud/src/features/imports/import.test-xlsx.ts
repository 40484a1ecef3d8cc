import zlib from 'node:zlib';

/**
 * Hand-made .xlsx files for the upload limit tests and the benchmark: huge sheets written
 * straight as XML (ExcelJS would take minutes for a million rows) and zip bombs, including
 * ones whose zip headers lie about their size.
 */

export type ZipEntry = {
  name: string;
  /** Deflated bytes; `deflate` makes them. */
  compressed: Buffer;
  size: number;
  crc: number;
  /** The uncompressed size the headers claim (a lie for a bomb); default the real one. */
  declaredSize?: number;
};

export function entry(name: string, content: string | Buffer): ZipEntry {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, compressed: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) };
}

/** `megabytes` of zeros deflated chunk by chunk, so the test never holds the inflated bomb. */
export async function zeroBomb(name: string, megabytes: number, declaredSize?: number): Promise<ZipEntry> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = zlib.crc32(zeros, crc);
    if (!deflate.write(zeros)) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  return { name, compressed: Buffer.concat(out), size: megabytes * 1024 * 1024, crc, declaredSize };
}

export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + e.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const WORKBOOK_PARTS = [
  entry(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ),
  entry(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  ),
  entry(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ),
  entry(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  ),
];

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * A one-sheet workbook with inline-string cells: a header and `rows` generated data rows.
 * `repetitive` rows differ only in their numbers, so they deflate like a real padded export
 * (1.4 million rows in about 11 MB).
 */
export function tallXlsx(rows: number, { repetitive = false } = {}): Buffer {
  const header = ['单位名称', '联系人', '手机'];
  const cell = (ref: string, text: string) =>
    `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    `<row r="1">${header.map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`,
  ];
  for (let r = 2; r <= rows + 1; r++) {
    lines.push(
      `<row r="${r}">${cell(`A${r}`, repetitive ? '示范有限公司' : `示范${r}有限公司`)}${repetitive ? '' : cell(`B${r}`, `张${r}`)}<c r="C${r}"><v>${13800000000 + r}</v></c></row>`,
    );
  }
  lines.push('</sheetData></worksheet>');
  return zip([...WORKBOOK_PARTS, entry('xl/worksheets/sheet1.xml', lines.join(''))]);
}

/** A workbook whose sheet is `megabytes` of zeros; `declaredSize` lets its headers lie. */
export async function bombXlsx(megabytes: number, declaredSize?: number): Promise<Buffer> {
  return zip([...WORKBOOK_PARTS, await zeroBomb('xl/worksheets/sheet1.xml', megabytes, declaredSize)]);
}
