import { OrgDetailView, type OrgSummaryView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { seedDemoData } from '../../demo/seed-demo';
import { DEMO_ORGS } from '../../demo/demo-data';
import { silentLogger } from '../../logger';
import { AuditModel } from '../audit/audit.model';
import { UserModel } from '../users/user.model';
import { OrganizationModel } from './organization.model';

describe('/api/v1/organizations', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof signIn>>;
  let coordinator: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(silentLogger());
    member = await signIn(t, 'member', '目录测试成员');
    coordinator = await signIn(t, 'coordinator', '目录测试协调员');
  });
  afterAll(() => t.close());

  const search = (q: string, extra = '') =>
    t.request
      .get(`/api/v1/organizations?q=${encodeURIComponent(q)}${extra}`)
      .set('Authorization', member.auth);

  describe('GET /api/v1/organizations', () => {
    it('should find an organization by a word inside its needs text (芳纶)', async () => {
      const res = await search('芳纶').expect(200);
      expect(res.body.items.map((o: OrgSummaryView) => o.name)).toEqual(['大庆华科新材料有限公司']);
    });

    it('should find by alias (哈工大) and rank name matches before text matches', async () => {
      const res = await search('哈工大').expect(200);
      expect(res.body.items[0].name).toBe('哈尔滨工业大学');
      const alloy = await search('合金').expect(200);
      const names = alloy.body.items.map((o: OrgSummaryView) => o.name);
      expect(names.length).toBeGreaterThan(1);
      expect(names).toContain('东北轻合金有限责任公司');
      expect(names[0]).toBe('东北轻合金有限责任公司');
    });

    it('should combine several words in any order', async () => {
      const res = await search('焊接 轻合金').expect(200);
      expect(res.body.items.map((o: OrgSummaryView) => o.name)).toContain('哈尔滨工业大学');
    });

    it('should filter by kind, field and alliance role', async () => {
      const unis = await t.request
        .get('/api/v1/organizations?kind=university&limit=100')
        .set('Authorization', member.auth)
        .expect(200);
      expect(unis.body.items.every((o: OrgSummaryView) => o.kind === 'university')).toBe(true);
      expect(unis.body.items.length).toBe(DEMO_ORGS.filter((o) => o.kind === 'university').length);
      const rail = await t.request
        .get('/api/v1/organizations?field=rail_transit')
        .set('Authorization', member.auth)
        .expect(200);
      expect(rail.body.items.map((o: OrgSummaryView) => o.name).sort()).toEqual(
        DEMO_ORGS.filter((o) => o.fields.includes('rail_transit'))
          .map((o) => o.name)
          .sort(),
      );
      const chair = await search('', '&allianceRole=chair').expect(200);
      expect(chair.body.items).toHaveLength(1);
    });

    it('should page through results with a cursor, across ranking tiers, without repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: OrgSummaryView[]; nextCursor: string | null } } = await search(
          '合金',
          `&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        seen.push(...res.body.items.map((o) => o.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const all = await search('合金', '&limit=100');
      expect(seen).toEqual(all.body.items.map((o: OrgSummaryView) => o.id));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('should return an empty page, not an error, when nothing matches', async () => {
      const res = await search('量子计算机').expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it('should 400 on an unknown filter value or a bad cursor, and 401 without sign-in', async () => {
      await t.request
        .get('/api/v1/organizations?kind=spaceship')
        .set('Authorization', member.auth)
        .expect(400);
      await t.request.get('/api/v1/organizations?cursor=%%%').set('Authorization', member.auth).expect(400);
      await t.request.get('/api/v1/organizations?limit=101').set('Authorization', member.auth).expect(400);
      await t.request.get('/api/v1/organizations').expect(401);
    });
  });

  describe('GET /api/v1/organizations/:id', () => {
    it('should show the profile with its people and no contact fields', async () => {
      const org = await OrganizationModel.findOne({ name: '哈尔滨工业大学' }).lean();
      const res = await t.request
        .get(`/api/v1/organizations/${org!._id}`)
        .set('Authorization', member.auth)
        .expect(200);
      const view = OrgDetailView.parse(res.body);
      expect(view).toMatchObject({ allianceRole: 'chair', canEdit: false });
      expect(view.people.map((p) => p.name)).toEqual(['陈思远', '王立群']); // pinyin order
      expect(JSON.stringify(res.body)).not.toContain('13900000001');
    });

    it('should 404 for an unknown organization', async () => {
      await t.request
        .get('/api/v1/organizations/0123456789abcdef01234567')
        .set('Authorization', member.auth)
        .expect(404);
    });
  });

  describe('editing', () => {
    it('should let a member edit their own organization, audited, and find it by the new text', async () => {
      const org = await OrganizationModel.findOne({ name: '大庆华科新材料有限公司' }).lean();
      await UserModel.updateOne({ _id: member.user.id }, { $set: { orgId: org!._id } });
      const res = await t.request
        .patch(`/api/v1/organizations/${org!._id}`)
        .set('Authorization', member.auth)
        .send({ capabilities: '间位芳纶 超高分子量聚乙烯纤维', fields: ['polymer_materials', 'chemicals'] })
        .expect(200);
      expect(res.body).toMatchObject({ canEdit: true, fields: ['polymer_materials', 'chemicals'] });
      const found = await search('聚乙烯').expect(200);
      expect(found.body.items[0].id).toBe(org!._id.toHexString());
      const byField = await search('化工').expect(200);
      expect(byField.body.items.map((o: OrgSummaryView) => o.id)).toContain(org!._id.toHexString());
      const audit = await AuditModel.findOne({ action: 'organization.update', 'entity.id': org!._id }).lean();
      expect(audit?.after).toMatchObject({ capabilities: '间位芳纶 超高分子量聚乙烯纤维' });
    });

    it('should 403 when a member edits another organization or their own alliance role', async () => {
      const own = await OrganizationModel.findOne({ name: '大庆华科新材料有限公司' }).lean();
      const other = await OrganizationModel.findOne({ name: '哈尔滨工业大学' }).lean();
      await t.request
        .patch(`/api/v1/organizations/${other!._id}`)
        .set('Authorization', member.auth)
        .send({ needs: 'x' })
        .expect(403);
      const res = await t.request
        .patch(`/api/v1/organizations/${own!._id}`)
        .set('Authorization', member.auth)
        .send({ allianceRole: 'chair' })
        .expect(403);
      expect(res.body.error.message).toMatch(/秘书处/);
    });

    it('should 400 with the field named, e.g. an empty name', async () => {
      const org = await OrganizationModel.findOne({ name: '哈尔滨工程大学' }).lean();
      const res = await t.request
        .patch(`/api/v1/organizations/${org!._id}`)
        .set('Authorization', coordinator.auth)
        .send({ name: ' ' })
        .expect(400);
      expect(res.body.error.details[0].path).toBe('body.name');
    });

    it('should let a coordinator create an organization and refuse a duplicate written differently', async () => {
      const body = {
        name: '哈尔滨轻金属研究院有限公司',
        kind: 'institute',
        province: '黑龙江省',
        city: '哈尔滨市',
        aliases: ['哈轻院'],
      };
      const res = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', coordinator.auth)
        .send(body)
        .expect(201);
      expect(res.body).toMatchObject({ name: body.name, aliases: ['哈轻院'], canEdit: true });
      const dup = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', coordinator.auth)
        .send({ ...body, name: '哈尔滨轻金属研究院 有限公司' })
        .expect(409);
      expect(dup.body.error.details.organizationId).toBe(res.body.id);
      await t.request.post('/api/v1/organizations').set('Authorization', member.auth).send(body).expect(403);
      const found = await search('哈轻院').expect(200);
      expect(found.body.items[0].id).toBe(res.body.id);
    });

    it("should 409 when a new organization's name is an existing one's alias (简称), naming the holder", async () => {
      const holder = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', coordinator.auth)
        .send({ name: '齐齐哈尔重型装备研究所', kind: 'institute', aliases: ['齐重所'] })
        .expect(201);
      const clash = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', coordinator.auth)
        .send({ name: '齐重所', kind: 'enterprise' })
        .expect(409);
      expect(clash.body.error).toMatchObject({
        code: 'CONFLICT',
        details: { organizationId: holder.body.id },
      });
      expect(clash.body.error.message).toContain('齐齐哈尔重型装备研究所');
    });

    it('should answer a create with the same profile a later read shows', async () => {
      const created = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', coordinator.auth)
        .send({
          name: '大庆石化新材料有限公司',
          kind: 'enterprise',
          fields: ['metal_materials'],
          city: '大庆市',
        })
        .expect(201);
      const read = await t.request
        .get(`/api/v1/organizations/${created.body.id}`)
        .set('Authorization', coordinator.auth)
        .expect(200);
      expect(created.body).toEqual(read.body);
      expect(created.body.people).toEqual([]);
    });
  });
});
