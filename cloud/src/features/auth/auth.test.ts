import { AuthResult, MeView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createOrganization, signIn, signInMemberOf, signInWithWechat } from '../../test/factories';
import { SessionModel } from './session.model';
import { UserModel } from '../users/user.model';
import { PersonModel } from '../people/person.model';
import { RATE_WINDOW_TEST_TIMEOUT_MS, withinOneWindow } from '../../test/rate-window';

describe('sign-in and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('POST /api/v1/auth/wechat', () => {
    it('should create a guest for a new openid and return a session token', async () => {
      const code = t.wechat.issueCode({ openid: 'o-new-user', unionid: 'u-1' });
      const res = await t.request.post('/api/v1/auth/wechat').send({ code }).expect(200);
      const result = AuthResult.parse(res.body);
      expect(result.user.role).toBe('guest');
      expect(JSON.stringify(res.body)).not.toMatch(/session_key|sessionKey|secret/);
      const stored = await UserModel.findOne({ openid: 'o-new-user' }).lean();
      expect(stored?.unionid).toBe('u-1');
    });

    it('should find the same user again for the same openid', async () => {
      const first = await signInWithWechat(t, 'o-returning');
      const second = await signInWithWechat(t, 'o-returning');
      expect(second.user.id).toBe(first.user.id);
      expect(await UserModel.countDocuments({ openid: 'o-returning' })).toBe(1);
    });

    it('should store only a hash of the token', async () => {
      const { token } = await signInWithWechat(t);
      const raw = await SessionModel.collection.find({}).toArray();
      expect(JSON.stringify(raw)).not.toContain(token);
    });

    it('should 400 when the code is missing', async () => {
      const res = await t.request.post('/api/v1/auth/wechat').send({}).expect(400);
      expect(res.body.error.details[0].path).toBe('body.code');
    });

    it.each([
      ['err-40029', 401, 'WECHAT_CODE_INVALID'],
      ['err-40163', 401, 'WECHAT_CODE_INVALID'],
      ['err-45011', 429, 'RATE_LIMITED'],
      ['err--1', 503, 'WECHAT_UNAVAILABLE'],
      ['never-issued', 401, 'WECHAT_CODE_INVALID'],
    ])('should map WeChat code %s to %i %s with a Chinese message', async (code, status, errorCode) => {
      const res = await t.request.post('/api/v1/auth/wechat').send({ code }).expect(status);
      expect(res.body.error.code).toBe(errorCode);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    it('should 401 when the same code is used twice', async () => {
      const code = t.wechat.issueCode({ openid: 'o-twice' });
      await t.request.post('/api/v1/auth/wechat').send({ code }).expect(200);
      const res = await t.request.post('/api/v1/auth/wechat').send({ code }).expect(401);
      expect(res.body.error.message).toMatch(/已被使用/);
    });
  });

  describe('GET /api/v1/me', () => {
    it('should 401 without a token and with a forged one', async () => {
      await t.request.get('/api/v1/me').expect(401);
      const forged = await t.request
        .get('/api/v1/me')
        .set('Authorization', `Bearer ahs_${'x'.repeat(43)}`)
        .expect(401);
      expect(forged.body.error.code).toBe('UNAUTHENTICATED');
      await t.request.get('/api/v1/me').set('Authorization', 'Basic abc').expect(401);
    });

    it('should return who I am', async () => {
      const me = await signIn(t, 'coordinator', '李协调');
      const res = await t.request.get('/api/v1/me').set('Authorization', me.auth).expect(200);
      expect(MeView.parse(res.body)).toMatchObject({ displayName: '李协调', role: 'coordinator' });
    });

    it('should show my organization and person, as they are on the very next request', async () => {
      const org = await createOrganization('哈尔滨华科新材料有限公司');
      const person = await PersonModel.create({ name: '王工', title: '总工程师', orgId: org._id });
      const me = await signInMemberOf(t, org._id);
      await UserModel.updateOne({ _id: me.user.id }, { $set: { personId: person._id } });
      const linked = await t.request.get('/api/v1/me').set('Authorization', me.auth).expect(200);
      expect(MeView.parse(linked.body)).toMatchObject({
        organization: { id: org.id, name: '哈尔滨华科新材料有限公司', kind: 'enterprise' },
        person: { id: person.id, name: '王工', title: '总工程师' },
      });

      // Read on every request: a renamed user and a deleted person show at once.
      await UserModel.updateOne({ _id: me.user.id }, { $set: { displayName: '王总工' } });
      await PersonModel.deleteOne({ _id: person._id });
      const after = await t.request.get('/api/v1/me').set('Authorization', me.auth).expect(200);
      expect(after.body).toMatchObject({ displayName: '王总工', person: null });
      expect(after.body.organization.id).toBe(org.id);
    });
  });

  describe('sessions', () => {
    it('should revoke the session on logout', async () => {
      const me = await signIn(t, 'member');
      await t.request.post('/api/v1/auth/logout').set('Authorization', me.auth).expect(204);
      await t.request.get('/api/v1/me').set('Authorization', me.auth).expect(401);
    });

    it('should list my sessions and revoke another one of mine', async () => {
      const phone = await signIn(t, 'member', '王工');
      const desktop = await signIn(t, 'member', '王工');
      const list = await t.request.get('/api/v1/me/sessions').set('Authorization', desktop.auth).expect(200);
      expect(list.body.items).toHaveLength(2);
      const phoneSession = list.body.items.find((s: { current: boolean }) => !s.current);
      await t.request
        .delete(`/api/v1/me/sessions/${phoneSession.id}`)
        .set('Authorization', desktop.auth)
        .expect(204);
      await t.request.get('/api/v1/me').set('Authorization', phone.auth).expect(401);
      await t.request.get('/api/v1/me').set('Authorization', desktop.auth).expect(200);
    });

    it('should 401 when the session outlived its expiry or its user', async () => {
      const expiring = await signIn(t, 'member');
      await t.request.get('/api/v1/me').set('Authorization', expiring.auth).expect(200);
      await SessionModel.updateOne(
        { userId: expiring.user.id },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
      await t.request.get('/api/v1/me').set('Authorization', expiring.auth).expect(401);

      const orphaned = await signIn(t, 'member');
      await UserModel.deleteOne({ _id: orphaned.user.id });
      const res = await t.request.get('/api/v1/me').set('Authorization', orphaned.auth).expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('should revoke only the session named while the same user keeps the others', async () => {
      const first = await signIn(t, 'coordinator', '李工');
      const second = await signIn(t, 'coordinator', '李工');
      expect(second.user.id).toBe(first.user.id);
      await t.request.post('/api/v1/auth/logout').set('Authorization', first.auth).expect(204);
      await t.request.get('/api/v1/me').set('Authorization', first.auth).expect(401);
      const me = await t.request.get('/api/v1/me').set('Authorization', second.auth).expect(200);
      expect(me.body.role).toBe('coordinator');
    });

    it("should 404 when revoking someone else's session", async () => {
      const alice = await signIn(t, 'member');
      const bob = await signIn(t, 'member');
      const bobs = await t.request.get('/api/v1/me/sessions').set('Authorization', bob.auth);
      await t.request
        .delete(`/api/v1/me/sessions/${bobs.body.items[0].id}`)
        .set('Authorization', alice.auth)
        .expect(404);
      await t.request.get('/api/v1/me').set('Authorization', bob.auth).expect(200);
    });
  });

  describe('role changes and disabled accounts', () => {
    it('should apply a role change on the very next request', async () => {
      const admin = await signIn(t, 'secretariat');
      const user = await signIn(t, 'member');
      await t.request.get('/api/v1/applications').set('Authorization', user.auth).expect(403);
      await t.request
        .patch(`/api/v1/users/${user.user.id}`)
        .set('Authorization', admin.auth)
        .send({ role: 'secretariat' })
        .expect(200);
      await t.request.get('/api/v1/applications').set('Authorization', user.auth).expect(200);
    });

    it('should refuse a disabled account on the very next request', async () => {
      const admin = await signIn(t, 'secretariat');
      const user = await signIn(t, 'member');
      await t.request
        .patch(`/api/v1/users/${user.user.id}`)
        .set('Authorization', admin.auth)
        .send({ status: 'disabled' })
        .expect(200);
      const res = await t.request.get('/api/v1/me').set('Authorization', user.auth);
      expect(res.status).toBeGreaterThanOrEqual(401);
      expect(res.status).toBeLessThanOrEqual(403);
      const again = await t.request.post('/api/v1/auth/dev').send({ userId: user.user.id });
      expect(again.status).toBe(403);
      expect(again.body.error.code).toBe('ACCOUNT_DISABLED');
    });
  });
});

describe('sign-in limits and dev login switch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', AUTH_DEV_LOGIN: '0' });
  });
  afterAll(() => t.close());

  it(
    'should rate-limit sign-in attempts per client with Retry-After',
    async () => {
      await withinOneWindow();
      for (let i = 0; i < 3; i++)
        await t.request.post('/api/v1/auth/wechat').send({ code: 'err-40029' }).expect(401);
      const res = await t.request.post('/api/v1/auth/wechat').send({ code: 'err-40029' }).expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    },
    RATE_WINDOW_TEST_TIMEOUT_MS,
  );

  it('should hide dev login when AUTH_DEV_LOGIN is off', async () => {
    const res = await t.request.get('/api/v1/auth/dev/users').expect(404);
    expect(res.body.error.code).toBe('DEV_LOGIN_DISABLED');
  });
});

describe('dev login default', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Blank counts as unset: what an instance started without the variable gets.
    t = await startTestApp({ AUTH_DEV_LOGIN: '' });
  });
  afterAll(() => t.close());

  it('should refuse dev sign-in when AUTH_DEV_LOGIN is not set, even outside production', async () => {
    expect(t.config.env).toBe('test');
    const res = await t.request
      .post('/api/v1/auth/dev')
      .send({ name: '冒充者', role: 'secretariat' })
      .expect(404);
    expect(res.body.error.code).toBe('DEV_LOGIN_DISABLED');
    await t.request.get('/api/v1/auth/dev/users').expect(404);
  });
});
