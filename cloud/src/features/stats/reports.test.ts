import { Types } from 'mongoose';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { MatchReasonsView, StatsView } from '@alliance-hub/types';
import { signIn } from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/test-app';
import { EventModel } from '../events/event.model';
import { IntentModel } from '../intents/intent.model';
import { MatchFeedbackModel } from '../matching/match-feedback.model';
import { OrganizationModel } from '../organizations/organization.model';

let t: TestApp;
const now = new Date('2026-07-02T04:00:00Z');
let coordinator: { auth: string };

const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
  coordinator = await signIn(t, 'coordinator');
  const org = await OrganizationModel.create({
    name: '哈尔滨铝材厂',
    nameKey: 'hrb-al',
    kind: 'enterprise',
    region: { province: '黑龙江省', city: '哈尔滨市' },
  });
  await EventModel.create({
    title: '铝合金闭门对接会',
    kind: 'closed_door',
    registrationMode: 'open',
    eventCode: 'R1',
    startsAt: bj('2026-03-10T09:00:00'),
    endsAt: bj('2026-03-10T12:00:00'),
    place: '哈尔滨',
  });
  // Through the driver, in the agreed shape of an intent (#14): only what the report reads.
  await IntentModel.collection.insertOne({
    createdAt: now,
    updatedAt: new Date(),
    topic: '高强铝合金挤压工艺转让',
    stage: 'industrialised',
    stageReached: 'industrialised',
    stageEnteredAt: bj('2026-06-01T10:00:00'),
    stageHistory: [
      { from: null, to: 'lead', at: bj('2026-01-05T10:00:00'), recordedAt: now },
      { from: 'lead', to: 'signed', at: bj('2026-02-05T10:00:00'), recordedAt: now },
      { from: 'signed', to: 'industrialised', at: bj('2026-06-01T10:00:00'), recordedAt: now },
    ],
    partyOrgIds: [org._id],
    contract: { type: 'transfer', amount: 300, techAmount: 280, signedAt: bj('2026-02-05T10:00:00') },
    clientId: 'report-test-1',
  });
  // Two matches turned down as 不合适 in 2026 for one reason, one for another, one in 2025.
  const mark = (createdAt: Date, reason: string) => ({
    subjectKind: 'demand',
    subjectId: new Types.ObjectId(),
    targetKind: 'achievement',
    targetId: new Types.ObjectId(),
    verdict: 'dismissed',
    reason,
    actorId: new Types.ObjectId(),
    subjectOrgId: org._id,
    targetOrgId: org._id,
    createdAt,
    updatedAt: new Date(),
  });
  await MatchFeedbackModel.collection.insertMany([
    mark(bj('2026-04-01T10:00:00'), 'not_our_field'),
    mark(bj('2026-05-01T10:00:00'), 'not_our_field'),
    mark(bj('2026-05-02T10:00:00'), 'cost'),
    mark(bj('2025-05-02T10:00:00'), 'cost'),
  ]);
});
afterAll(() => t.close());

type Parser = Parameters<ReturnType<TestApp['request']['get']>['parse']>[0];
const binary: Parser = (response, done) => {
  const chunks: Buffer[] = [];
  response.on('data', (c: Buffer) => chunks.push(c));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

function entryText(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      file.on('end', () => reject(new Error(`${name} not in the file`)));
      file.readEntry();
    });
  });
}

describe('GET /api/v1/reports/:year.xlsx', () => {
  it('should hold the same figures as the dashboard, a sheet per breakdown and the records behind them', async () => {
    const view = (
      await t.request.get('/api/v1/stats/2026').set('Authorization', coordinator.auth).expect(200)
    ).body as StatsView;
    const res = await t.request
      .get('/api/v1/reports/2026.xlsx')
      .set('Authorization', coordinator.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const names = book.worksheets.map((s) => s.name);
    expect(names).toEqual([
      '年度指标',
      '合作漏斗',
      '不合适原因',
      '按领域',
      '按地区',
      '按单位',
      '按单位类型',
      '按白衬衫',
      '明细',
    ]);
    const summary = book.getWorksheet('年度指标')!;
    for (const kpi of view.kpis) {
      const row = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === kpi.label)!;
      expect(row.getCell(3).value).toBe(kpi.value);
    }
    const records = book.getWorksheet('明细')!;
    const titles = records
      .getRows(2, records.rowCount - 1)!
      .map((r) => `${r.getCell(1).value}:${r.getCell(3).value}`);
    expect(titles).toContain('成交额:高强铝合金挤压工艺转让');
    expect(titles).toContain('举办活动:铝合金闭门对接会');
    const byOrg = book.getWorksheet('按单位')!;
    expect(byOrg.getRow(2).getCell(1).value).toBe('哈尔滨铝材厂');
  });

  it('should hold the 不合适 reasons as the dashboard shows them, and the marks behind each', async () => {
    const screen = (
      await t.request
        .get('/api/v1/stats/2026/match-reasons')
        .set('Authorization', coordinator.auth)
        .expect(200)
    ).body as MatchReasonsView;
    expect(screen.total).toBe(3);
    const res = await t.request
      .get('/api/v1/reports/2026.xlsx')
      .set('Authorization', coordinator.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const sheet = book.getWorksheet('不合适原因')!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).value]);
    expect(rows).toEqual([...screen.reasons.map((r) => [r.label, r.value]), ['合计', screen.total]]);
    const records = book.getWorksheet('明细')!;
    const reasonRows = records
      .getRows(2, records.rowCount - 1)!
      .filter((r) => String(r.getCell(1).value).startsWith('不合适原因：'));
    expect(reasonRows.map((r) => r.getCell(1).value)).toEqual([
      '不合适原因：不是我们的领域',
      '不合适原因：不是我们的领域',
      '不合适原因：成本不合适',
    ]);
  });

  it('should 403 a member', async () => {
    const member = await signIn(t, 'member');
    await t.request.get('/api/v1/reports/2026.xlsx').set('Authorization', member.auth).expect(403);
  });
});

describe('GET /api/v1/reports/:year.docx', () => {
  it('should write the figures, the largest contract, the industrialised chain and the events held', async () => {
    const res = await t.request
      .get('/api/v1/reports/2026.docx')
      .set('Authorization', coordinator.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const xml = await entryText(res.body as Buffer, 'word/document.xml');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('2026 年度统计报告');
    expect(text).toContain('签约合同');
    expect(text).toContain('300.00');
    expect(text).toContain('高强铝合金挤压工艺转让');
    expect(text).toContain('铝合金闭门对接会');
    // The 不合适 reasons as a sentence and a table, the same counts as the dashboard.
    expect(text).toContain('2026 年共 3 条推荐被标记为不合适，原因：不是我们的领域 2 条、成本不合适 1 条。');
    expect(text).toContain('不合适原因条数占比');
  });
});
