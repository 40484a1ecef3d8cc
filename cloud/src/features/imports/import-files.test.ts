import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { ImportModel, ImportRowModel } from './import.model';
import { rosterCsv } from './import.generate';
import { readSpreadsheet } from './import.file';
import { csv, sample, upload, uploadAndWait, waitForJob } from './import.test-helpers';

async function xlsx(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('bad files', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat');
  });
  afterAll(() => t.close());

  const refused = async (file: Buffer, name: string, status: number, code: string) => {
    const res = await upload(t, secretariat.auth, file, name).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    return res.body.error as { code: string; message: string; details?: unknown };
  };

  afterEach(async () => {
    // Whatever was refused left nothing behind.
    expect(await OrganizationModel.countDocuments()).toBe(0);
    expect(await PersonModel.countDocuments()).toBe(0);
  });

  it('should 415 a file that is neither .xlsx nor .csv', async () => {
    await refused(Buffer.from('%PDF-1.4 …'), 'roster.pdf', 415, 'IMPORT_FILE_UNSUPPORTED');
  });

  it('should 415 an old .xls workbook with a hint to save as .xlsx', async () => {
    const error = await refused(
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'roster.xls',
      415,
      'IMPORT_FILE_UNSUPPORTED',
    );
    expect(error.message).toMatch(/另存为/);
  });

  it('should 400 a corrupt .xlsx', async () => {
    const good = await sample('member-roster.xlsx');
    await refused(good.subarray(0, 2000), 'roster.xlsx', 400, 'IMPORT_FILE_CORRUPT');
    await refused(Buffer.from('not a zip at all'), 'roster.xlsx', 400, 'IMPORT_FILE_CORRUPT');
  });

  it('should 400 a CSV with an unclosed quote', async () => {
    await refused(
      Buffer.from('单位名称,联系人\n"哈尔滨工业大学,张伟\n'),
      'bad.csv',
      400,
      'IMPORT_FILE_CORRUPT',
    );
  });

  it('should 400 an empty file, an empty sheet and a sheet with only the header', async () => {
    await refused(Buffer.alloc(0), 'empty.csv', 400, 'IMPORT_FILE_EMPTY');
    await refused(Buffer.from('\r\n,,,\r\n'), 'blank.csv', 400, 'IMPORT_FILE_EMPTY');
    await refused(await xlsx((b) => b.addWorksheet('Sheet1')), 'empty.xlsx', 400, 'IMPORT_FILE_EMPTY');
    const error = await refused(
      csv([['单位名称', '联系人', '手机']]),
      'header.csv',
      400,
      'IMPORT_FILE_EMPTY',
    );
    expect(error.message).toBe('表格只有表头，没有数据行');
  });

  it('should 400 a sheet without a recognisable header', async () => {
    await refused(
      csv([
        ['a', 'b'],
        ['1', '2'],
      ]),
      'numbers.csv',
      400,
      'IMPORT_HEADER_NOT_FOUND',
    );
  });

  it('should 400 duplicate headers that name the same field, listing them', async () => {
    const error = await refused(
      csv([
        ['单位名称', '手机', '联系人', '手机'],
        ['某某有限公司', '13800000000', '张三', '13900000000'],
      ]),
      'dup.csv',
      400,
      'IMPORT_HEADER_DUPLICATE',
    );
    expect(error.message).toMatch(/「手机」/);
    expect(error.details).toEqual([expect.objectContaining({ column: 'D', code: 'DUPLICATE_HEADER' })]);
  });

  it('should only report a duplicated unknown header and not import it', async () => {
    const job = await uploadAndWait(
      t,
      secretariat.auth,
      csv([
        ['单位名称', '联系人', '备注2', '备注2'],
        ['某某新材料有限公司', '张三', 'x', 'y'],
      ]),
      'memo.csv',
    );
    expect(job.headerProblems.map((p) => p.code)).toEqual(['UNKNOWN_HEADER', 'DUPLICATE_HEADER']);
    expect(job.status).toBe('ready');
  });

  it('should use the saved result of a formula cell and mark a formula without one invalid', async () => {
    const file = await xlsx((b) => {
      const s = b.addWorksheet('名录');
      s.addRow(['单位名称', '单位类型', '联系人', '手机']);
      s.addRow(['示范公式有限公司', '企业', '张三', '13800000011']);
      s.getCell('A3').value = { formula: 'A2', result: '示范公式二号有限公司' } as ExcelJS.CellFormulaValue;
      s.getCell('B3').value = '企业';
      s.getCell('A4').value = { formula: 'A2&"三号"' } as ExcelJS.CellFormulaValue;
      s.getCell('B4').value = '企业';
    });
    const job = await uploadAndWait(t, secretariat.auth, file, 'formula.xlsx');
    expect(job.counts).toMatchObject({ new: 2, invalid: 1 });
  });

  it('should 413 a file over 20 MB with a clear message', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 'a');
    const res = await upload(t, secretariat.auth, big, 'big.csv').expect(413);
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '文件超过 20 MB，请拆分后再上传',
    });
  });

  it('should 415 a JSON body and 400 a form without the file field', async () => {
    await t.request
      .post('/api/v1/imports')
      .set('Authorization', secretariat.auth)
      .send({ file: 'x' })
      .expect(415);
    const res = await t.request
      .post('/api/v1/imports')
      .set('Authorization', secretariat.auth)
      .field('target', 'members')
      .expect(400);
    expect(res.body.error.details).toEqual([{ path: 'body.file', message: '请选择要上传的文件' }]);
    const bad = await upload(
      t,
      secretariat.auth,
      csv([['单位名称'], ['x公司']]),
      'a.csv',
      'everything',
    ).expect(400);
    expect(bad.body.error.details[0].path).toBe('body.target');
  });

  it('should 400 more than 50,000 data rows, naming the limit', async () => {
    const error = await refused(rosterCsv(50_001), 'huge.csv', 400, 'IMPORT_TOO_MANY_ROWS');
    expect(error.message).toBe('文件有 50001 行数据，超过单次导入上限 50000 行，请拆分成多个文件导入');
    expect(await ImportModel.countDocuments({ 'file.name': 'huge.csv' })).toBe(0);
  });

  it('should apply a configurable row limit when reading', async () => {
    await expect(readSpreadsheet(rosterCsv(11), 'r.csv', 10)).rejects.toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
    });
    await expect(readSpreadsheet(rosterCsv(10), 'r.csv', 10)).resolves.toMatchObject({
      rows: expect.any(Array),
    });
  });
});

describe('a 50,000-row file', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // Committing 50,000 rows takes minutes on the embedded server; `npm run bench:import` with ROWS=50000 covers it.
  it('should accept and analyse all 50,000 rows, reporting progress', async () => {
    const secretariat = await signIn(t, 'secretariat');
    const res = await upload(t, secretariat.auth, rosterCsv(50_000), 'roster-50k.csv').expect(202);
    expect(res.body).toMatchObject({ status: 'parsing', progress: { phase: 'analysing', total: 50_000 } });
    const job = await waitForJob(t, secretariat.auth, res.body.id, 90_000);
    expect(job).toMatchObject({
      status: 'ready',
      counts: { new: 50_000, invalid: 0 },
      progress: { processed: 50_000, total: 50_000 },
    });
    expect(await ImportRowModel.countDocuments({ importId: job.id })).toBe(50_000);
  }, 120_000);
});
