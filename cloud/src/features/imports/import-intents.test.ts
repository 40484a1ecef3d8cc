import ExcelJS from 'exceljs';
import { ImportJobView, ImportRowView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { IntentModel } from '../intents/intent.model';
import { allRows, commitAndWait, upload, uploadAndWait } from './import.test-helpers';

const HEADER = [
  '序号',
  '合作项目',
  '需求方（企业）',
  '高校/院所',
  '阶段',
  '负责人',
  '签约日期',
  '合同金额（万元）',
  '技术交易额',
  '合同类型',
  '技术合同登记号',
  '年份',
  '备注',
];

/** A secretariat's intent ledger: a title row, then one intent per row. */
async function ledger(rows: Array<Array<string | number | Date>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('合作意向台账');
  sheet.addRow(['2021—2023 年合作意向台账']);
  sheet.mergeCells(1, 1, 1, HEADER.length);
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const ROWS: Array<Array<string | number | Date>> = [
  // 3: signed in 2022 with its contract, owner by name, parties by 简称
  [
    1,
    '高强铝合金板材热处理工艺',
    '东轻',
    '哈工大',
    '签约',
    '刘白衬',
    // An Excel date cell, as most ledgers have.
    new Date(Date.UTC(2022, 4, 10)),
    '120万',
    80,
    '技术开发（委托）',
    '2022230100001234',
    2022,
    '老台账补录',
  ],
  // 4: an early lead, dated by the year only
  [2, '轧机振动在线监测', '鞍钢', '东北大学', '线索', '', '', '', '', '', '', 2021, ''],
  // 5: unknown organization → row error, nothing created
  [3, '某某项目', '某某新材料科技有限公司', '哈工大', '意向', '', '', '', '', '', '', 2023, ''],
  // 6: 签约 without the contract's columns
  [4, '焊接机器人联合开发', '鞍钢', '哈工大', '签约', '', '', '', '', '', '', 2023, ''],
  // 7: a stage that is not one
  [5, '铸造缺陷检测', '东轻', '东北大学', '搁置', '', '', '', '', '', '', 2023, ''],
  // 8: the same intent as row 4 again
  [6, '轧机振动在线监测', '鞍钢', '东北大学', '线索', '', '', '', '', '', '', 2021, ''],
  // 9: an owner who is not staff
  [7, '冷轧板形控制', '鞍钢', '哈工大', '洽谈', '赵会员', '', '', '', '', '', 2023, ''],
];

describe('intent import', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let coordinator: Awaited<ReturnType<typeof signIn>>;
  const orgIds = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat', '王秘书长');
    coordinator = await signIn(t, 'coordinator', '刘白衬');
    await signIn(t, 'member', '赵会员');
    for (const org of [
      { name: '东北轻合金有限责任公司', aliases: ['东轻'], kind: 'enterprise', province: '黑龙江省' },
      { name: '哈尔滨工业大学', aliases: ['哈工大'], kind: 'university', province: '黑龙江省' },
      { name: '鞍钢集团有限公司', aliases: ['鞍钢'], kind: 'enterprise', province: '辽宁省' },
      { name: '东北大学', aliases: [], kind: 'university', province: '辽宁省' },
    ]) {
      const res = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', secretariat.auth)
        .send(org)
        .expect(201);
      orgIds.set(org.name, res.body.id);
    }
  });
  afterAll(() => t.close());

  let file: Buffer;
  let job: ImportJobView;
  let rows: ImportRowView[];
  const row = (n: number) => rows.find((r) => r.row === n)!;
  beforeAll(async () => {
    file = await ledger(ROWS);
    job = ImportJobView.parse(await uploadAndWait(t, secretariat.auth, file, '意向台账.xlsx', 'intents'));
    rows = (await allRows(t, secretariat.auth, job.id)).map((r) => ImportRowView.parse(r));
  });

  it('should map the ledger columns below the merged title row when the target is intents', () => {
    expect(job).toMatchObject({
      status: 'ready',
      target: 'intents',
      headerRow: 2,
      mapping: {
        title: 1,
        demandOrg: 2,
        supplyOrg: 3,
        stage: 4,
        owner: 5,
        signedAt: 6,
        contractAmount: 7,
        techAmount: 8,
        contractType: 9,
        registrationNo: 10,
        stageDate: 11,
        note: 12,
      },
      headerProblems: [],
    });
    expect(job.counts).toMatchObject({ new: 2, unchanged: 1, invalid: 4 });
  });

  it('should explain each invalid row in Chinese when the dry run finds problems', () => {
    expect(row(3)).toMatchObject({ status: 'new', publication: { action: 'create' } });
    expect(row(5).reasons).toEqual([
      '单位「某某新材料科技有限公司」不在名录中，请先在名录中添加或导入该单位',
    ]);
    expect(row(6).reasons).toEqual([
      '阶段为「签约」或填写了合同信息时，请同时填写合同类型、合同金额、签约日期',
    ]);
    expect(row(7).reasons[0]).toMatch(/^阶段「搁置」无法识别/);
    expect(row(8)).toMatchObject({ status: 'unchanged', reasons: ['与第 4 行是同一合作意向'] });
    expect(row(9).reasons).toEqual(['负责人「赵会员」不是在职的白衬衫或秘书处同事']);
  });

  it('should refuse the intents import to a coordinator', async () => {
    const res = await upload(t, coordinator.auth, file, '意向台账.xlsx', 'intents');
    expect(res.status).toBe(403);
  });

  it('should create back-dated imported intents once when the same file is committed and imported again', async () => {
    const committed = await commitAndWait(t, secretariat.auth, job.id);
    expect(committed.result).toMatchObject({ intentsCreated: 2, rowsInvalid: 4 });

    const signed = await IntentModel.findOne({ topic: '高强铝合金板材热处理工艺' }).lean();
    expect(signed).toMatchObject({
      stage: 'signed',
      status: 'active',
      source: { kind: 'import' },
      ownerId: expect.anything(),
      years: [2022],
      contract: {
        type: 'dev_commission',
        amount: 120,
        techAmount: 80,
        signedAt: new Date('2022-05-09T16:00:00.000Z'),
        registrationNo: '2022230100001234',
      },
      dealAmount: 120,
    });
    expect(String(signed!.ownerId)).toBe(coordinator.user.id);
    expect(signed!.partyOrgIds.map(String).sort()).toEqual(
      [orgIds.get('东北轻合金有限责任公司'), orgIds.get('哈尔滨工业大学')].sort(),
    );
    expect(signed!.stageHistory).toEqual([
      expect.objectContaining({ from: null, to: 'signed', backdated: true, note: '老台账补录' }),
    ]);
    expect(signed!.stageHistory[0].at.toISOString()).toBe('2021-12-31T16:00:00.000Z');
    const lead = await IntentModel.findOne({ topic: '轧机振动在线监测' }).lean();
    expect(lead).toMatchObject({ stage: 'lead', years: [2021], contract: null });
    expect(String(lead!.ownerId)).toBe(secretariat.user.id);
    expect(await AuditModel.countDocuments({ action: 'intent.create', 'after.source': 'import' })).toBe(2);

    // The board shows them as any intent.
    const list = await t.request
      .get('/api/v1/intents?q=' + encodeURIComponent('高强铝合金'))
      .set('Authorization', secretariat.auth)
      .expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ stage: 'signed' })]);

    const again = ImportJobView.parse(
      await uploadAndWait(t, secretariat.auth, file, '意向台账.xlsx', 'intents'),
    );
    expect(again.counts).toMatchObject({ new: 0, unchanged: 3, invalid: 4 });
    const second = await commitAndWait(t, secretariat.auth, again.id);
    expect(second.result).toMatchObject({ intentsCreated: 0 });
    expect(await IntentModel.countDocuments({ 'source.kind': 'import' })).toBe(2);
  });
});
