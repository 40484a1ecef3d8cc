import { ApplicationView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { applicationBody, signIn, signInWithWechat } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';

describe('membership applications', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat', '王秘书长');
  });
  afterAll(() => t.close());

  const apply = (auth: string, body = applicationBody()) =>
    t.request.post('/api/v1/applications').set('Authorization', auth).send(body);

  describe('POST /api/v1/applications', () => {
    it('should store a guest application with the mobile number normalised', async () => {
      const guest = await signInWithWechat(t);
      const res = await apply(guest.auth).expect(201);
      const view = ApplicationView.parse(res.body);
      expect(view).toMatchObject({
        status: 'pending',
        applicant: { mobile: '13800138000' },
        organization: { existing: null },
      });
    });

    it('should 400 naming each bad field', async () => {
      const guest = await signInWithWechat(t);
      const body = applicationBody({ applicant: { name: '张伟', title: '总监', mobile: '1380013' } });
      const res = await apply(guest.auth, {
        ...body,
        organization: { ...body.organization, name: '' },
      }).expect(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['body.applicant.mobile', 'body.organization.name']));
      expect(
        res.body.error.details.find((d: { path: string }) => d.path === 'body.applicant.mobile').message,
      ).toBe('请输入 11 位手机号码');
    });

    it('should 409 on a second pending application and keep only one', async () => {
      const guest = await signInWithWechat(t);
      await apply(guest.auth).expect(201);
      const res = await apply(guest.auth).expect(409);
      expect(res.body.error.details.applicationId).toEqual(expect.any(String));
      const mine = await t.request
        .get('/api/v1/applications/mine')
        .set('Authorization', guest.auth)
        .expect(200);
      expect(mine.body.items).toHaveLength(1);
    });

    it('should 403 for a member and 401 without sign-in', async () => {
      const member = await signIn(t, 'member');
      await apply(member.auth).expect(403);
      await t.request.post('/api/v1/applications').send(applicationBody()).expect(401);
    });

    it('should point out an existing organization written with other brackets', async () => {
      await OrganizationModel.create({
        name: '哈尔滨工业大学（威海）',
        nameKey: '哈尔滨工业大学(威海)',
        kind: 'university',
      });
      const guest = await signInWithWechat(t);
      const body = applicationBody();
      const res = await apply(guest.auth, {
        ...body,
        organization: { ...body.organization, name: '哈尔滨工业大学(威海)', kind: 'university' },
      }).expect(201);
      expect(res.body.organization.existing.name).toBe('哈尔滨工业大学（威海）');
    });
  });

  describe('deciding', () => {
    it('should list pending applications for the secretariat only', async () => {
      const guest = await signInWithWechat(t);
      await apply(guest.auth).expect(201);
      const res = await t.request
        .get('/api/v1/applications?status=pending&limit=2')
        .set('Authorization', secretariat.auth)
        .expect(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.nextCursor).toEqual(expect.any(String));
      const next = await t.request
        .get(`/api/v1/applications?status=pending&limit=2&cursor=${res.body.nextCursor}`)
        .set('Authorization', secretariat.auth)
        .expect(200);
      expect(next.body.items[0].id).not.toBe(res.body.items[0].id);
      const coordinator = await signIn(t, 'coordinator');
      await t.request.get('/api/v1/applications').set('Authorization', coordinator.auth).expect(403);
    });

    it('should approve: new member unit, person and member role, audited, idempotent', async () => {
      const guest = await signInWithWechat(t);
      const created = (await apply(guest.auth).expect(201)).body as ApplicationView;
      const approve = () =>
        t.request.post(`/api/v1/applications/${created.id}/approve`).set('Authorization', secretariat.auth);
      const [first, second] = await Promise.all([approve(), approve()]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.body).toMatchObject({ status: 'approved', decidedBy: { displayName: '王秘书长' } });
      await approve().expect(200);

      const me = await t.request.get('/api/v1/me').set('Authorization', guest.auth).expect(200);
      expect(me.body).toMatchObject({
        role: 'member',
        organization: { name: created.organization.name },
        person: { name: '张伟' },
      });
      expect(await OrganizationModel.countDocuments({ name: created.organization.name })).toBe(1);
      expect(await PersonModel.countDocuments({ sourceApplicationId: created.id })).toBe(1);
      const org = await OrganizationModel.findOne({ name: created.organization.name }).lean();
      expect(org).toMatchObject({ allianceRole: 'member', membership: { status: 'active' } });
      const found = await t.request
        .get(`/api/v1/organizations?q=${encodeURIComponent(created.organization.name)}`)
        .set('Authorization', guest.auth)
        .expect(200);
      expect(found.body.items[0].name).toBe(created.organization.name);
      const actions = (await AuditModel.find({}).lean()).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining(['application.approve', 'user.link', 'organization.create']),
      );
      expect(actions.filter((a) => a === 'application.approve')).toHaveLength(1);
    });

    it('should link to the existing organization instead of creating another', async () => {
      const existing = await OrganizationModel.create({
        name: '中国科学院金属研究所',
        nameKey: '中国科学院金属研究所',
        aliases: ['金属所'],
        aliasKeys: ['金属所'],
        kind: 'institute',
      });
      const guest = await signInWithWechat(t);
      const body = applicationBody();
      const created = (
        await apply(guest.auth, {
          ...body,
          organization: { ...body.organization, name: '金属所', kind: 'institute' },
        }).expect(201)
      ).body as ApplicationView;
      expect(created.organization.existing?.id).toBe(existing.id);
      await t.request
        .post(`/api/v1/applications/${created.id}/approve`)
        .set('Authorization', secretariat.auth)
        .expect(200);
      const me = await t.request.get('/api/v1/me').set('Authorization', guest.auth);
      expect(me.body.organization.id).toBe(existing.id);
      expect(await OrganizationModel.countDocuments({ kind: 'institute' })).toBe(1);
    });

    it('should reject with a reason the applicant can read, and refuse to approve it afterwards', async () => {
      const guest = await signInWithWechat(t);
      const created = (await apply(guest.auth).expect(201)).body as ApplicationView;
      const noReason = await t.request
        .post(`/api/v1/applications/${created.id}/reject`)
        .set('Authorization', secretariat.auth)
        .send({})
        .expect(400);
      expect(noReason.body.error.details[0].path).toBe('body.reason');
      await t.request
        .post(`/api/v1/applications/${created.id}/reject`)
        .set('Authorization', secretariat.auth)
        .send({ reason: '请补充单位营业执照信息' })
        .expect(200);
      const mine = await t.request
        .get('/api/v1/applications/mine')
        .set('Authorization', guest.auth)
        .expect(200);
      expect(mine.body.items[0]).toMatchObject({
        status: 'rejected',
        rejectReason: '请补充单位营业执照信息',
      });
      await t.request
        .post(`/api/v1/applications/${created.id}/approve`)
        .set('Authorization', secretariat.auth)
        .expect(409);
      // A rejected applicant may apply again.
      await apply(guest.auth).expect(201);
    });

    it('should let the applicant withdraw a pending application, and nobody else', async () => {
      const guest = await signInWithWechat(t);
      const other = await signInWithWechat(t);
      const created = (await apply(guest.auth).expect(201)).body as ApplicationView;
      await t.request
        .post(`/api/v1/applications/${created.id}/withdraw`)
        .set('Authorization', other.auth)
        .expect(404);
      const res = await t.request
        .post(`/api/v1/applications/${created.id}/withdraw`)
        .set('Authorization', guest.auth)
        .expect(200);
      expect(res.body.status).toBe('withdrawn');
      await t.request
        .post(`/api/v1/applications/${created.id}/withdraw`)
        .set('Authorization', guest.auth)
        .expect(409);
    });

    it('should 404 for an unknown application and 400 for a malformed id', async () => {
      await t.request
        .post('/api/v1/applications/0123456789abcdef01234567/approve')
        .set('Authorization', secretariat.auth)
        .expect(404);
      await t.request
        .post('/api/v1/applications/nope/approve')
        .set('Authorization', secretariat.auth)
        .expect(400);
    });
  });

  describe('GET /api/v1/audit', () => {
    it('should show the secretariat who changed what, and nobody else', async () => {
      const res = await t.request
        .get('/api/v1/audit?entityType=application')
        .set('Authorization', secretariat.auth)
        .expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items[0]).toMatchObject({ entity: { type: 'application' }, actor: expect.any(Object) });
      const member = await signIn(t, 'member');
      await t.request.get('/api/v1/audit').set('Authorization', member.auth).expect(403);
    });
  });
});
