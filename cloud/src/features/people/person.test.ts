import type { Types } from 'mongoose';
import { PersonDetailView, type PersonSummaryView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { seedDemoData } from '../../demo/seed-demo';
import { silentLogger } from '../../logger';
import { AuditModel } from '../audit/audit.model';
import { OrganizationModel } from '../organizations/organization.model';
import { UserModel } from '../users/user.model';
import { PersonModel } from './person.model';

describe('/api/v1/people', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof signIn>>;
  let coordinator: Awaited<ReturnType<typeof signIn>>;
  let wang: { _id: Types.ObjectId };
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(silentLogger());
    member = await signIn(t, 'member', '人员测试成员');
    coordinator = await signIn(t, 'coordinator', '人员测试协调员');
    wang = (await PersonModel.findOne({ name: '王立群' }).lean())!;
  });
  afterAll(() => t.close());

  it('should find people by expertise and by their organization, name matches first', async () => {
    const res = await t.request
      .get(`/api/v1/people?q=${encodeURIComponent('高温合金')}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(res.body.items.map((p: PersonSummaryView) => p.name).sort()).toEqual(['刘海峰', '马骏']);
    const byOrg = await t.request
      .get(`/api/v1/people?q=${encodeURIComponent('哈尔滨工业大学')}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(byOrg.body.items.map((p: PersonSummaryView) => p.name)).toEqual(['陈思远', '王立群']); // pinyin order: chen before wang
    expect(JSON.stringify(byOrg.body)).not.toMatch(/1390000/);
  });

  it("should return the people of the organization an alias names, not bigram matches of another's name", async () => {
    const res = await t.request
      .get(`/api/v1/people?q=${encodeURIComponent('哈工大')}`)
      .set('Authorization', member.auth)
      .expect(200);
    const hit = await OrganizationModel.findOne({ name: '哈尔滨工业大学' }).lean();
    const items = res.body.items as PersonSummaryView[];
    expect(items.map((p) => p.name)).toEqual(['陈思远', '王立群']); // pinyin order: chen before wang
    expect(items.every((p) => p.organization?.id === hit!._id.toHexString())).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('哈尔滨理工大学');
  });

  it("should list one organization's people by its id, each with the organization it belongs to", async () => {
    const hit = (await OrganizationModel.findOne({ name: '哈尔滨工业大学' }).lean())!;
    const res = await t.request
      .get(`/api/v1/people?orgId=${hit._id.toHexString()}`)
      .set('Authorization', member.auth)
      .expect(200);
    const items = res.body.items as PersonSummaryView[];
    expect(items.map((p) => p.name)).toEqual(['陈思远', '王立群']);
    expect(items.map((p) => p.organization)).toEqual([
      { id: hit._id.toHexString(), name: '哈尔滨工业大学', kind: hit.kind },
      { id: hit._id.toHexString(), name: '哈尔滨工业大学', kind: hit.kind },
    ]);
    // Within the organization, the words narrow it further.
    const narrowed = await t.request
      .get(`/api/v1/people?orgId=${hit._id.toHexString()}&q=${encodeURIComponent('王立群')}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(narrowed.body.items.map((p: PersonSummaryView) => p.name)).toEqual(['王立群']);
    const none = await t.request
      .get(`/api/v1/people?orgId=${'0'.repeat(24)}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it("should hide another member's contact fields and say that exchanging cards reveals them", async () => {
    const res = await t.request
      .get(`/api/v1/people/${wang._id.toHexString()}`)
      .set('Authorization', member.auth)
      .expect(200);
    const view = PersonDetailView.parse(res.body);
    expect(view).toMatchObject({ contacts: null, contactsHidden: true, canEdit: false });
    expect(JSON.stringify(res.body)).not.toContain('13900000001');
  });

  it('should show contact fields to coordinators and to the person themself', async () => {
    const asCoordinator = await t.request
      .get(`/api/v1/people/${wang._id.toHexString()}`)
      .set('Authorization', coordinator.auth)
      .expect(200);
    expect(asCoordinator.body.contacts).toMatchObject({
      mobile: '13900000001',
      email: 'wanglq@example.edu.cn',
    });
    await UserModel.updateOne({ _id: member.user.id }, { $set: { personId: wang._id } });
    const asSelf = await t.request
      .get(`/api/v1/people/${wang._id.toHexString()}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(asSelf.body).toMatchObject({ contacts: { mobile: '13900000001' }, canEdit: true });
  });

  it('should let me edit my own person, normalising the mobile, and audit without contact values', async () => {
    const res = await t.request
      .patch(`/api/v1/people/${wang._id.toHexString()}`)
      .set('Authorization', member.auth)
      .send({
        title: '教授',
        mobile: '+86 139-0000-0099',
        expertise: ['轻合金', '半固态成形'],
        wechatId: null,
      })
      .expect(200);
    expect(res.body).toMatchObject({ title: '教授', contacts: { mobile: '13900000099' } });
    const found = await t.request
      .get(`/api/v1/people?q=${encodeURIComponent('半固态')}`)
      .set('Authorization', coordinator.auth)
      .expect(200);
    expect(found.body.items[0].id).toBe(wang._id.toHexString());
    const audit = await AuditModel.findOne({ action: 'person.update', 'entity.id': wang._id }).lean();
    expect(JSON.stringify(audit)).not.toContain('13900000099');
    expect(audit?.after).toMatchObject({ title: '教授', mobile: '（已填写）' });
  });

  it('should 400 on a malformed mobile or WeChat ID with the field named', async () => {
    const res = await t.request
      .patch(`/api/v1/people/${wang._id.toHexString()}`)
      .set('Authorization', member.auth)
      .send({ mobile: '12345', wechatId: '1abc' })
      .expect(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['body.mobile', 'body.wechatId']);
  });

  it('should 403 when a member edits someone else or moves themself to another organization', async () => {
    const other = await PersonModel.findOne({ name: '刘海峰' }).lean();
    await t.request
      .patch(`/api/v1/people/${other!._id}`)
      .set('Authorization', member.auth)
      .send({ title: 'x' })
      .expect(403);
    const org = await OrganizationModel.findOne({ name: '中国科学院金属研究所' }).lean();
    await t.request
      .patch(`/api/v1/people/${wang._id.toHexString()}`)
      .set('Authorization', member.auth)
      .send({ orgId: org!._id.toHexString() })
      .expect(403);
  });

  it('should 403 when a guest attaches their own person to an organization, leaving its staff list alone', async () => {
    const guest = await signIn(t, 'guest', '冒充者');
    const card = await t.request.get('/api/v1/me/card').set('Authorization', guest.auth).expect(200);
    const org = await OrganizationModel.findOne({ name: '中国科学院金属研究所' }).lean();
    const res = await t.request
      .patch(`/api/v1/people/${card.body.personId}`)
      .set('Authorization', guest.auth)
      .send({ orgId: org!._id.toHexString(), title: '所长' })
      .expect(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/入会申请/) });
    expect((await PersonModel.findById(card.body.personId).lean())!.orgId ?? null).toBeNull();
    const profile = await t.request
      .get(`/api/v1/organizations/${org!._id}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(profile.body.people.map((p: PersonSummaryView) => p.name)).not.toContain('冒充者');
    // Their own record stays theirs to edit, and sending the unchanged organization is no change.
    await t.request
      .patch(`/api/v1/people/${card.body.personId}`)
      .set('Authorization', guest.auth)
      .send({ title: '工程师', orgId: null })
      .expect(200);
  });

  it('should let a coordinator move a person to another organization', async () => {
    const person = await PersonModel.create({ name: '调动者', expertise: [] });
    const org = await OrganizationModel.findOne({ name: '哈尔滨工程大学' }).lean();
    const res = await t.request
      .patch(`/api/v1/people/${person._id.toHexString()}`)
      .set('Authorization', coordinator.auth)
      .send({ orgId: org!._id.toHexString() })
      .expect(200);
    expect(res.body.organization.name).toBe('哈尔滨工程大学');
  });

  it('should let a coordinator add a person to an organization, who then appears on its profile', async () => {
    const org = await OrganizationModel.findOne({ name: '哈尔滨工程大学' }).lean();
    const res = await t.request
      .post('/api/v1/people')
      .set('Authorization', coordinator.auth)
      .send({ name: '林海', title: '讲师', orgId: org!._id.toHexString(), expertise: ['耐蚀涂层'] })
      .expect(201);
    expect(res.body.organization.name).toBe('哈尔滨工程大学');
    const profile = await t.request
      .get(`/api/v1/organizations/${org!._id}`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(profile.body.people.map((p: PersonSummaryView) => p.name)).toContain('林海');
    await t.request
      .post('/api/v1/people')
      .set('Authorization', coordinator.auth)
      .send({ name: '无单位', orgId: '0123456789abcdef01234567' })
      .expect(400);
    await t.request
      .post('/api/v1/people')
      .set('Authorization', member.auth)
      .send({ name: '林海' })
      .expect(403);
  });

  it('should list the taxonomy, and let the secretariat extend it', async () => {
    const list = await t.request.get('/api/v1/fields').set('Authorization', member.auth).expect(200);
    expect(list.body.items.find((f: { code: string }) => f.code === 'metal_materials').label).toBe(
      '金属材料',
    );
    const secretariat = await signIn(t, 'secretariat');
    const created = await t.request
      .post('/api/v1/fields')
      .set('Authorization', secretariat.auth)
      .send({ label: '氢能' })
      .expect(201);
    expect(created.body).toMatchObject({ label: '氢能', builtIn: false });
    const again = await t.request
      .post('/api/v1/fields')
      .set('Authorization', secretariat.auth)
      .send({ label: '氢能' })
      .expect(201);
    expect(again.body.code).toBe(created.body.code);
    await t.request
      .post('/api/v1/fields')
      .set('Authorization', member.auth)
      .send({ label: '氢能2' })
      .expect(403);
  });
});
