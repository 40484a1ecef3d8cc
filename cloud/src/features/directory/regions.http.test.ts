import type { OrgDetailView, OrgSummaryView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { silentLogger } from '../../logger';
import { OrganizationModel } from '../organizations/organization.model';
import { normalizeStoredRegions } from './region-migration';

describe('regions in the directory', () => {
  let t: TestApp;
  let coordinator: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await signIn(t, 'coordinator', '地区测试协调员');
  });
  afterAll(() => t.close());

  const create = (name: string, province: string, city: string) =>
    t.request
      .post('/api/v1/organizations')
      .set('Authorization', coordinator.auth)
      .send({ name, kind: 'enterprise', province, city })
      .expect(201);
  const byProvince = async (province: string) => {
    const res = await t.request
      .get(`/api/v1/organizations?limit=100&province=${encodeURIComponent(province)}`)
      .set('Authorization', coordinator.auth)
      .expect(200);
    return (res.body.items as OrgSummaryView[]).map((o) => o.name).sort();
  };

  it('should store the official names when a form sends 辽宁/沈阳', async () => {
    const res = await create('沈阳地区测试材料有限公司', '辽宁', '沈阳');
    expect((res.body as OrgDetailView).region).toEqual({ province: '辽宁省', city: '沈阳市' });
    const stored = await OrganizationModel.findById(res.body.id).lean();
    expect(stored?.region).toMatchObject({ province: '辽宁省', city: '沈阳市' });
  });

  it('should read a city sent alone within the stored province when editing', async () => {
    const created = await create('大连地区测试材料有限公司', '辽宁省', '沈阳市');
    const res = await t.request
      .patch(`/api/v1/organizations/${created.body.id}`)
      .set('Authorization', coordinator.auth)
      .send({ city: '大连' })
      .expect(200);
    expect((res.body as OrgDetailView).region).toEqual({ province: '辽宁省', city: '大连市' });
  });

  it('should find both old and new spellings when filtering by 辽宁 or 辽宁省', async () => {
    await create('鞍山地区测试钢铁有限公司', '辽宁省', '鞍山市');
    // A record written before regions were normalized, straight into the database.
    await OrganizationModel.collection.insertOne({
      name: '旧写法辽宁测试公司',
      nameKey: '旧写法辽宁测试公司',
      aliases: [],
      aliasKeys: [],
      kind: 'enterprise',
      region: { province: '辽宁', city: '沈阳' },
      fields: [],
      allianceRole: 'member',
      nameGrams: [],
      textGrams: [],
    });
    const official = await byProvince('辽宁省');
    expect(official).toContain('旧写法辽宁测试公司');
    expect(official).toContain('鞍山地区测试钢铁有限公司');
    expect(await byProvince('辽宁')).toEqual(official);
    expect(await byProvince('吉林省')).not.toContain('旧写法辽宁测试公司');
  });

  it('should rewrite stored short spellings once when the start-up migration runs twice', async () => {
    await OrganizationModel.collection.insertOne({
      name: '旧写法广西测试公司',
      nameKey: '旧写法广西测试公司',
      aliases: [],
      aliasKeys: [],
      kind: 'enterprise',
      region: { province: '广西', city: '南宁' },
      fields: [],
      allianceRole: 'member',
      nameGrams: [],
      textGrams: [],
    });
    expect(await normalizeStoredRegions(silentLogger())).toBeGreaterThanOrEqual(2);
    expect(await normalizeStoredRegions(silentLogger())).toBe(0);
    expect((await OrganizationModel.findOne({ name: '旧写法广西测试公司' }).lean())?.region).toMatchObject({
      province: '广西壮族自治区',
      city: '南宁市',
    });
    expect((await OrganizationModel.findOne({ name: '旧写法辽宁测试公司' }).lean())?.region).toMatchObject({
      province: '辽宁省',
      city: '沈阳市',
    });
  });
});
