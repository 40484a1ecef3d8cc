import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { orgSearchFields, personSearchFields } from '../directory/search-tokens';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';

async function sheetRows(body: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  const sheet = book.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).text));
  });
  return rows;
}

describe('GET /api/v1/exports/*.xlsx', () => {
  let t: TestApp;
  let orgId: string;
  let memberPersonId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const org = await OrganizationModel.create({
      name: '中国科学院金属研究所',
      aliases: ['金属所'],
      kind: 'institute',
      region: { province: '辽宁', city: '沈阳' },
      fields: ['metal_materials'],
      allianceRole: 'member',
      ...orgSearchFields({ name: '中国科学院金属研究所', aliases: ['金属所'] }),
    });
    await OrganizationModel.create({
      name: '沈阳示范铸造有限公司',
      kind: 'enterprise',
      ...orgSearchFields({ name: '沈阳示范铸造有限公司' }),
    });
    orgId = org.id;
    await PersonModel.create({
      name: '韩思远',
      title: '研究员',
      orgId: org._id,
      contacts: { mobile: '13800001443', email: 'han@example.cn' },
      ...personSearchFields({ name: '韩思远', title: '研究员', orgName: org.name }),
    });
    const own = await PersonModel.create({
      name: '周会员',
      orgId: org._id,
      contacts: { mobile: '13800002222' },
      ...personSearchFields({ name: '周会员', orgName: org.name }),
    });
    memberPersonId = own.id;
  });
  afterAll(() => t.close());

  const download = (path: string, auth: string) =>
    t.request
      .get(path)
      .set('Authorization', auth)
      .responseType('blob')
      .expect(200)
      .expect('Content-Type', /spreadsheetml/);

  it('should export organizations with Chinese headers and labels', async () => {
    const member = await signIn(t, 'member');
    const res = await download('/api/v1/exports/organizations.xlsx?kind=institute', member.auth);
    expect(res.headers['content-disposition']).toMatch(
      /filename\*=UTF-8''%E5%8D%95%E4%BD%8D%E5%90%8D%E5%BD%95/,
    );
    const rows = await sheetRows(res.body);
    expect(rows[0]).toEqual([
      '单位名称',
      '简称',
      '单位类型',
      '所在省份',
      '所在城市',
      '联盟职务',
      '会员状态',
      '行业领域',
      '单位简介',
      '技术优势',
      '技术需求',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(0, 8)).toEqual([
      '中国科学院金属研究所',
      '金属所',
      '科研院所',
      '辽宁',
      '沈阳',
      '成员单位',
      '—',
      '金属材料',
    ]);
    const all = await sheetRows((await download('/api/v1/exports/organizations.xlsx', member.auth)).body);
    expect(all).toHaveLength(3);
  });

  it('should give the secretariat every contact column', async () => {
    const secretariat = await signIn(t, 'secretariat');
    const rows = await sheetRows((await download('/api/v1/exports/people.xlsx', secretariat.auth)).body);
    expect(rows[0]).toEqual(['姓名', '单位名称', '职务', '专长', '手机', '邮箱', '微信号']);
    expect(rows.find((r) => r[0] === '韩思远')).toEqual([
      '韩思远',
      '中国科学院金属研究所',
      '研究员',
      '',
      '13800001443',
      'han@example.cn',
      '',
    ]);
  });

  it("should leave another member's contacts blank for a member but show the member their own", async () => {
    const member = await signIn(t, 'member');
    await UserModel.updateOne({ _id: member.user.id }, { $set: { personId: memberPersonId, orgId } });
    const rows = await sheetRows(
      (await download(`/api/v1/exports/people.xlsx?orgId=${orgId}`, member.auth)).body,
    );
    expect(rows.find((r) => r[0] === '韩思远')).toEqual([
      '韩思远',
      '中国科学院金属研究所',
      '研究员',
      '',
      '',
      '',
      '',
    ]);
    expect(rows.find((r) => r[0] === '周会员')?.[4]).toBe('13800002222');
  });

  it('should show an exchanged contact only the fields they still share', async () => {
    const [holder, scanner] = [await signIn(t, 'member'), await signIn(t, 'member')];
    await t.request
      .put('/api/v1/me/card')
      .set('Authorization', holder.auth)
      .send({
        name: '导出交换者',
        mobile: '13800003333',
        email: 'x@example.cn',
        sharedFields: ['mobile', 'email'],
      })
      .expect(200);
    const token = (
      await t.request.post('/api/v1/me/card/tokens').set('Authorization', holder.auth).expect(201)
    ).body.token;
    await t.request.post('/api/v1/cards/swap').set('Authorization', scanner.auth).send({ token }).expect(200);
    await t.request
      .put('/api/v1/me/card')
      .set('Authorization', holder.auth)
      .send({ sharedFields: ['email'] })
      .expect(200);
    const rows = await sheetRows(
      (await download(`/api/v1/exports/people.xlsx?q=${encodeURIComponent('导出交换者')}`, scanner.auth))
        .body,
    );
    expect(rows.find((r) => r[0] === '导出交换者')?.slice(4)).toEqual(['', 'x@example.cn', '']);
  });

  it('should filter people by a search query', async () => {
    const secretariat = await signIn(t, 'secretariat');
    const rows = await sheetRows(
      (await download(`/api/v1/exports/people.xlsx?q=${encodeURIComponent('韩思远')}`, secretariat.auth))
        .body,
    );
    expect(rows.map((r) => r[0])).toEqual(['姓名', '韩思远']);
  });

  it('should 401 without sign-in, 403 for a guest and 400 on an unknown filter', async () => {
    await t.request.get('/api/v1/exports/people.xlsx').expect(401);
    const guest = await signIn(t, 'guest');
    await t.request.get('/api/v1/exports/organizations.xlsx').set('Authorization', guest.auth).expect(403);
    const member = await signIn(t, 'member');
    const res = await t.request
      .get('/api/v1/exports/people.xlsx?mobile=1')
      .set('Authorization', member.auth)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
