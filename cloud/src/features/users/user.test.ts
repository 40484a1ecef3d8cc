import { UserView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';

describe('/api/v1/users (secretariat)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signIn(t, 'secretariat', '秘书处管理员');
  });
  afterAll(() => t.close());

  it('should list and filter users by role and name', async () => {
    await signIn(t, 'coordinator', '李白衬衫');
    await signIn(t, 'member', '赵工');
    const res = await t.request
      .get('/api/v1/users?role=coordinator&q=白衬')
      .set('Authorization', admin.auth)
      .expect(200);
    expect(res.body.items.map((u: UserView) => u.displayName)).toEqual(['李白衬衫']);
  });

  it('should 403 for a coordinator', async () => {
    const coordinator = await signIn(t, 'coordinator');
    await t.request.get('/api/v1/users').set('Authorization', coordinator.auth).expect(403);
  });

  it('should change a role and write before/after to the audit', async () => {
    const user = await signIn(t, 'member', '孙工');
    const res = await t.request
      .patch(`/api/v1/users/${user.user.id}`)
      .set('Authorization', admin.auth)
      .send({ role: 'coordinator' })
      .expect(200);
    expect(UserView.parse(res.body).role).toBe('coordinator');
    const audit = await AuditModel.findOne({ 'entity.id': user.user.id, action: 'user.update' }).lean();
    expect(audit).toMatchObject({ before: { role: 'member' }, after: { role: 'coordinator' } });
  });

  it('should refuse changing my own role', async () => {
    const res = await t.request
      .patch(`/api/v1/users/${admin.user.id}`)
      .set('Authorization', admin.auth)
      .send({ role: 'member' })
      .expect(403);
    expect(res.body.error.message).toMatch(/自己/);
  });

  it('should 400 on an empty change or unknown role, 404 on unknown user', async () => {
    const user = await signIn(t, 'member');
    await t.request
      .patch(`/api/v1/users/${user.user.id}`)
      .set('Authorization', admin.auth)
      .send({})
      .expect(400);
    await t.request
      .patch(`/api/v1/users/${user.user.id}`)
      .set('Authorization', admin.auth)
      .send({ role: 'king' })
      .expect(400);
    await t.request
      .patch('/api/v1/users/0123456789abcdef01234567')
      .set('Authorization', admin.auth)
      .send({ role: 'member' })
      .expect(404);
  });

  it('should list coordinators and the secretariat as possible event staff for a coordinator, names only', async () => {
    const coordinator = await signIn(t, 'coordinator', '白衬衫·王');
    await signIn(t, 'member', '不应出现的成员');
    const res = await t.request.get('/api/v1/users/staff').set('Authorization', coordinator.auth).expect(200);
    const names = res.body.items.map((u: { displayName: string }) => u.displayName);
    expect(names).toEqual(expect.arrayContaining(['白衬衫·王', '秘书处管理员']));
    expect(names).not.toContain('不应出现的成员');
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['displayName', 'id', 'role']);
    const member = await signIn(t, 'member');
    await t.request.get('/api/v1/users/staff').set('Authorization', member.auth).expect(403);
  });
});
