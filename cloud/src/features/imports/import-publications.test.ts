import { ImportJobView, ImportRowView, type AchievementDetailView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AchievementModel } from '../achievements/achievement.model';
import { AuditModel } from '../audit/audit.model';
import { DemandModel } from '../demands/demand.model';
import { OrganizationModel } from '../organizations/organization.model';
import { allRows, commitAndWait, sample, upload, uploadAndWait } from './import.test-helpers';

/** The owners the sample lists name (by full name or 简称); one organization of each list is not here. */
const OWNERS = [
  { name: '东北轻合金有限责任公司', aliases: ['东轻'], kind: 'enterprise', province: '黑龙江省' },
  { name: '哈尔滨工业大学', aliases: ['哈工大'], kind: 'university', province: '黑龙江省' },
  { name: '中国科学院金属研究所', aliases: ['金属所'], kind: 'institute', province: '辽宁省' },
  { name: '东北大学', aliases: [], kind: 'university', province: '辽宁省' },
  { name: '鞍钢集团有限公司', aliases: ['鞍钢'], kind: 'enterprise', province: '辽宁省' },
  { name: '沈阳鼓风机集团股份有限公司', aliases: ['沈鼓'], kind: 'enterprise', province: '辽宁省' },
] as const;

describe('achievement and demand import', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let member: Awaited<ReturnType<typeof signIn>>;
  const orgIds = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat', '王秘书长');
    member = await signIn(t, 'member', '赵会员');
    for (const owner of OWNERS) {
      const res = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', secretariat.auth)
        .send(owner)
        .expect(201);
      orgIds.set(owner.name, res.body.id);
    }
    await t.request
      .post('/api/v1/people')
      .set('Authorization', secretariat.auth)
      .send({ name: '李教授', orgId: orgIds.get('哈尔滨工业大学'), title: '教授' })
      .expect(201);
  });
  afterAll(() => t.close());

  const rowsOf = async (id: string) =>
    (await allRows(t, secretariat.auth, id)).map((r) => ImportRowView.parse(r));

  describe('POST /api/v1/imports with target achievements', () => {
    let job: ImportJobView;
    let rows: ImportRowView[];
    const row = (n: number) => rows.find((r) => r.row === n)!;
    beforeAll(async () => {
      job = ImportJobView.parse(
        await uploadAndWait(
          t,
          secretariat.auth,
          sample('achievement-list.xlsx'),
          'achievement-list.xlsx',
          'achievements',
        ),
      );
      rows = await rowsOf(job.id);
    });

    it('should read the achievement columns below the merged title row', () => {
      expect(job).toMatchObject({
        status: 'ready',
        target: 'achievements',
        headerRow: 2,
        mapping: {
          title: 1,
          orgName: 2,
          summary: 3,
          industryFields: 4,
          keywords: 5,
          maturity: 6,
          ip: 7,
          transferModes: 8,
          price: 9,
          personName: 10,
        },
        headerProblems: [],
      });
    });

    it('should count new rows, a repeated row as unchanged and broken rows as invalid', () => {
      expect(job.counts).toMatchObject({ new: 22, unchanged: 1, invalid: 6, duplicate: 0, undecided: 0 });
    });

    it('should resolve an owner written by its 简称 and link a contact of that organization', () => {
      expect(row(4)).toMatchObject({
        status: 'new',
        values: { publication: { title: '钛合金激光增材制造工艺', ownerName: '哈工大' } },
        organization: { action: 'unchanged', match: { name: '哈尔滨工业大学' } },
        publication: { action: 'create' },
      });
    });

    it('should make an organization missing from the directory a row error, not a new organization', () => {
      expect(row(6)).toMatchObject({ status: 'invalid', organization: null });
      expect(row(6).reasons).toEqual([
        '单位「某某新材料科技有限公司」不在名录中，请先在名录中添加或导入该单位',
      ]);
    });

    it('should name the column and the rule in Chinese for every invalid row', () => {
      expect(row(8).reasons).toEqual(['成熟度：请选择成熟度']);
      expect(row(10).reasons[0]).toMatch(/^成熟度「概念阶段」无法识别/);
      expect(row(11).reasons).toEqual([expect.stringMatching(/^名称：.*80/)]);
      expect(row(16).reasons).toEqual(['技术领域：请至少选择 1 个领域']);
      expect(row(18).reasons[0]).toMatch(/^转化方式「捐赠」无法识别/);
    });

    it('should show a repeated row as the same achievement as the earlier row', () => {
      expect(row(7)).toMatchObject({
        status: 'unchanged',
        reasons: ['与第 3 行是同一成果'],
        publication: { action: 'unchanged', sameAsRow: 3 },
      });
    });

    it('should keep an unknown field term as a keyword and say so', () => {
      expect(row(12)).toMatchObject({
        status: 'new',
        reasons: ['技术领域「粉末冶金」不在领域表中，已作为关键词'],
      });
      expect(row(15).reasons).toEqual(['联系人「张工」不在该单位的名录中，未关联']);
    });

    it('should 400 when the mapping is switched to the member directory', async () => {
      const res = await t.request
        .put(`/api/v1/imports/${job.id}/mapping`)
        .set('Authorization', secretariat.auth)
        .send({ target: 'members', mapping: { orgName: 2, personName: 10 } })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].message).toContain('不能互相切换');
    });

    it('should publish the valid rows on commit, searchable, with contacts, prices and audit', async () => {
      const done = await commitAndWait(t, secretariat.auth, job.id);
      expect(done).toMatchObject({
        status: 'committed',
        result: { achievementsCreated: 22, demandsCreated: 0, organizationsCreated: 0, rowsInvalid: 6 },
      });
      expect(await AchievementModel.countDocuments({ status: 'published' })).toBe(22);
      expect(await OrganizationModel.countDocuments()).toBe(OWNERS.length);

      const found = await t.request
        .get('/api/v1/achievements')
        .query({ q: '增材制造' })
        .set('Authorization', member.auth)
        .expect(200);
      const item = found.body.items.find((i: { title: string }) => i.title === '钛合金激光增材制造工艺');
      expect(item).toBeDefined();
      const detail = (
        await t.request.get(`/api/v1/achievements/${item.id}`).set('Authorization', member.auth).expect(200)
      ).body as AchievementDetailView;
      expect(detail).toMatchObject({
        owner: { name: '哈尔滨工业大学' },
        maturity: 'small_batch',
        priceWan: 120,
        transferModes: ['joint_development'],
        ip: [
          { kind: 'invention_patent', number: 'ZL202010234567.8' },
          { kind: 'software_copyright', number: '2021SR0123456' },
        ],
        contacts: [{ name: '李教授' }],
      });
      const byTitle = async (title: string) => AchievementModel.findOne({ title }).lean();
      expect(await byTitle('镁合金表面微弧氧化涂层')).toMatchObject({
        ip: [{ kind: 'utility_model', number: 'ZL201820345678.9' }],
        maturity: 'lab',
      });
      expect(await byTitle('铝合金再生利用短流程技术')).toMatchObject({ priceWan: 80 });
      // The summary is one line on the form too: the cell's line breaks become spaces.
      expect(await byTitle('稀土镁合金压铸工艺')).toMatchObject({
        summary: '第一段：合金成分设计。 第二段：压铸工艺窗口。 第三段：应用于汽车轻量化部件。',
      });
      expect(await byTitle('粉末冶金齿轮近净成形技术')).toMatchObject({
        fields: ['equipment'],
        keywords: ['齿轮', '粉末冶金'],
      });
      expect(
        await AuditModel.countDocuments({
          action: 'achievement.create',
          'after.importId': { $exists: true },
        }),
      ).toBe(22);
    });

    it('should create nothing when the same file is imported again', async () => {
      const again = await uploadAndWait(
        t,
        secretariat.auth,
        sample('achievement-list.xlsx'),
        'achievement-list.xlsx',
        'achievements',
      );
      expect(again.counts).toMatchObject({ new: 0, unchanged: 23, invalid: 6 });
      const sameRow = (await rowsOf(again.id)).find((r) => r.row === 3)!;
      expect(sameRow.reasons).toEqual(['该单位已有同名成果，不重复导入']);
      const done = await commitAndWait(t, secretariat.auth, again.id);
      expect(done.result).toMatchObject({ achievementsCreated: 0 });
      expect(await AchievementModel.countDocuments()).toBe(22);
    });
  });

  describe('POST /api/v1/imports with target demands', () => {
    let job: ImportJobView;
    let rows: ImportRowView[];
    const row = (n: number) => rows.find((r) => r.row === n)!;
    beforeAll(async () => {
      job = ImportJobView.parse(
        await uploadAndWait(t, secretariat.auth, sample('demand-list.xlsx'), 'demand-list.xlsx', 'demands'),
      );
      rows = await rowsOf(job.id);
    });

    it('should read the demand columns and judge each row', () => {
      expect(job).toMatchObject({
        status: 'ready',
        target: 'demands',
        mapping: { title: 1, orgName: 2, description: 3, industryFields: 4, budget: 5, deadline: 6 },
        counts: { new: 13, unchanged: 1, invalid: 4 },
      });
      expect(row(6).reasons[0]).toContain('不在名录中');
      expect(row(7).reasons).toEqual(['预算：预算下限不能高于上限']);
      expect(row(9).reasons).toEqual(['截止日期：截止日期不能早于今天']);
      expect(row(16).reasons[0]).toMatch(/^合作方式「赞助」无法识别/);
    });

    it('should store budgets, deadlines and staff-only visibility as the list says', async () => {
      const done = await commitAndWait(t, secretariat.auth, job.id);
      expect(done.result).toMatchObject({ demandsCreated: 13, achievementsCreated: 0 });
      const byTitle = (title: string) => DemandModel.findOne({ title }).lean();
      expect(await byTitle('铝合金熔铸除气除渣工艺提升')).toMatchObject({
        budgetMinWan: 50,
        budgetMaxWan: 100,
        deadline: '2030-06-30',
        cooperationModes: ['commissioned', 'joint_research'],
        visibility: 'members',
        status: 'published',
      });
      expect(await byTitle('压缩机叶轮疲劳寿命预测')).toMatchObject({
        budgetMinWan: 100,
        deadline: '2030-12-31',
        visibility: 'staff',
      });
      const negotiable = await byTitle('高炉炉衬寿命在线监测');
      expect(negotiable).toMatchObject({ budgetNegotiable: true, visibility: 'staff' });
      expect(negotiable?.deadline).toBeUndefined();
      expect(await byTitle('钢材表面氧化铁皮控制')).toMatchObject({ budgetMinWan: 60, budgetMaxWan: 80 });
    });

    it('should hide a staff-only imported demand from members', async () => {
      const res = await t.request
        .get('/api/v1/demands')
        .query({ q: '叶轮' })
        .set('Authorization', member.auth)
        .expect(200);
      expect(res.body.items.map((i: { title: string }) => i.title)).not.toContain('压缩机叶轮疲劳寿命预测');
    });
  });

  describe('who may import', () => {
    it('should 403 when a member uploads an achievement list', async () => {
      const res = await upload(
        t,
        member.auth,
        sample('achievement-list.xlsx'),
        'a.xlsx',
        'achievements',
      ).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });

    it('should 401 without a session', async () => {
      await t.request.post('/api/v1/imports').field('target', 'demands').expect(401);
    });
  });
});
