import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { ImportModel } from './import.model';
import { readSpreadsheet } from './import.file';
import { upload } from './import.test-helpers';
import { bombXlsx, tallXlsx } from './import.test-xlsx';

/** Runs `work` while sampling the process's resident memory; returns the peak growth in MB. */
async function peakGrowthMb<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number; ms: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = Date.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: (peak - base) / 1024 / 1024, ms: Date.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

describe('POST /api/v1/imports with oversized spreadsheets', () => {
  let t: TestApp;
  let auth: string;
  let tall: Buffer;
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await signIn(t, 'secretariat')).auth;
    // 300,000 rows: six times the limit, ~45 MB of sheet XML in a ~3 MB upload.
    tall = tallXlsx(300_000);
  });
  afterAll(() => t.close());

  it('should 413 a zip bomb that declares its inflated size, before inflating it', async () => {
    const bomb = await bombXlsx(400);
    expect(bomb.length).toBeLessThan(600 * 1024);
    const { value: res, peakMb, ms } = await peakGrowthMb(() => upload(t, auth, bomb, 'bomb.xlsx'));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/解压后超过/),
    });
    expect(ms).toBeLessThan(10_000);
    expect(peakMb).toBeLessThan(300);
  });

  it('should 413 a zip bomb whose headers claim it is small, once it inflates past the claim', async () => {
    const bomb = await bombXlsx(400, 2_000);
    const { value: res, peakMb } = await peakGrowthMb(() => upload(t, auth, bomb, 'liar.xlsx'));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/解压后超过/),
    });
    expect(peakMb).toBeLessThan(300);
  });

  it('should 400 an .xlsx over the row limit after reading only as far as the limit', async () => {
    const { value: res, peakMb, ms } = await peakGrowthMb(() => upload(t, auth, tall, 'tall.xlsx'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
      message: '文件数据超过单次导入上限 50000 行，请拆分成多个文件导入',
      details: { max: 50_000 },
    });
    expect(ms).toBeLessThan(15_000);
    expect(peakMb).toBeLessThan(600);
    expect(await ImportModel.countDocuments()).toBe(0);
  });

  it('should 400 a CSV over the row limit without parsing all of it', async () => {
    const lines = ['单位名称,联系人,手机'];
    for (let r = 0; r < 400_000; r++) lines.push(`示范${r}有限公司,张${r},${13800000000 + r}`);
    const res = await upload(t, auth, Buffer.from(lines.join('\n')), 'tall.csv');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', details: { max: 50_000 } });
  });

  it('should answer other requests while a large file is being read', async () => {
    let uploading = true;
    const pending = upload(t, auth, tall, 'tall.xlsx').then((res) => {
      uploading = false;
      return res;
    });
    const latencies: number[] = [];
    while (uploading) {
      const started = Date.now();
      await t.request.get('/api/v1/health').expect(200);
      latencies.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await pending).status).toBe(400);
    expect(latencies.length).toBeGreaterThan(3);
    // The reading happens in a worker thread: the main thread answers within ordinary latency.
    expect(Math.max(...latencies)).toBeLessThan(1_500);
  });
});

describe('readSpreadsheet', () => {
  it('should read a generated .xlsx within the limit, row numbers as Excel shows them', async () => {
    const file = await readSpreadsheet(tallXlsx(20), 'ok.xlsx', 20);
    expect(file).toMatchObject({ type: 'xlsx', sheetName: '名录', headerRow: 1 });
    expect(file.rows).toHaveLength(20);
    expect(file.rows[0]).toEqual({ row: 2, cells: ['示范2有限公司', '张2', '13800000002'], problems: [] });
  });

  it('should refuse one row over a configured limit', async () => {
    await expect(readSpreadsheet(tallXlsx(21), 'over.xlsx', 20)).rejects.toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
    });
  });
});
