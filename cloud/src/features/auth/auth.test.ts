import { AuthResult, MeView, type OrgListQuery, type PersonListQuery } from '@alliance-hub/types';
import { seedDemoData } from '../../demo/seed-demo';
import { silentLogger } from '../../logger';
import { listOrganizations } from '../organizations/organization.service';
import { listPeople } from '../people/person.service';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createOrganization, signIn, signInMemberOf, signInWithWechat } from '../../test/factories';
import { SessionModel } from './session.model';
import { UserModel } from '../users/user.model';
import { PersonModel } from '../people/person.model';
import { OrganizationModel } from '../organizations/organization.model';
import { RATE_WINDOW_TEST_TIMEOUT_MS, withinOneWindow } from '../../test/rate-window';

/** A signed-in member whose account the (signed-in) secretariat has just disabled; its session is left as it is. */
async function disabledMember(t: TestApp) {
  const admin = await signIn(t, 'secretariat');
  const user = await signIn(t, 'member');
  await t.request
    .patch(`/api/v1/users/${user.user.id}`)
    .set('Authorization', admin.auth)
    .send({ status: 'disabled' })
    .expect(200);
  return { user, admin };
}

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
      const { user } = await disabledMember(t);
      const res = await t.request.get('/api/v1/me').set('Authorization', user.auth);
      expect(res.status).toBeGreaterThanOrEqual(401);
      expect(res.status).toBeLessThanOrEqual(403);
      const again = await t.request.post('/api/v1/auth/dev').send({ userId: user.user.id });
      expect(again.status).toBe(403);
      expect(again.body.error.code).toBe('ACCOUNT_DISABLED');
    });
  });
});

describe('a directory search read with its session in one round trip', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(silentLogger());
  });
  afterAll(() => t.close());

  const search = (auth: string, extra = '') =>
    t.request
      .get(`/api/v1/organizations?q=${encodeURIComponent('合金')}&limit=2${extra}`)
      .set('Authorization', auth);

  /** The database commands sent while `run` runs (authentication's and the search's). */
  async function commandsDuring(run: () => Promise<unknown>): Promise<string[]> {
    const db = SessionModel.collection.conn.db!;
    const spy = jest.spyOn(db, 'command');
    try {
      await run();
      return spy.mock.calls.map(([cmd]) => `${Object.keys(cmd)[0]} ${String(Object.values(cmd)[0])}`);
    } finally {
      spy.mockRestore();
    }
  }

  it('should answer the page after one command that reads the session, its user and the page', async () => {
    const me = await signIn(t, 'member');
    let page: { items: Array<{ name: string }>; nextCursor: string | null } | undefined;
    const sent = await commandsDuring(async () => {
      page = (await search(me.auth).expect(200)).body;
    });
    expect(sent).toEqual(['aggregate sessions']);
    // The same pages as the search read by itself.
    const alone = await listOrganizations({ q: '合金', limit: 2 } as OrgListQuery);
    expect(alone.items.length).toBe(2);
    expect(page).toEqual(alone);
    const next = await search(me.auth, `&cursor=${page!.nextCursor}`).expect(200);
    const nextAlone = await listOrganizations({
      q: '合金',
      limit: 2,
      cursor: alone.nextCursor,
    } as OrgListQuery);
    expect(nextAlone.items.length).toBeGreaterThan(0);
    expect(next.body).toEqual(nextAlone);
  });

  it('should 401 a revoked, expired, unknown or orphaned session with no page, reading nothing else', async () => {
    const revoked = await signIn(t, 'member');
    await search(revoked.auth).expect(200);
    await t.request.post('/api/v1/auth/logout').set('Authorization', revoked.auth).expect(204);
    const expired = await signIn(t, 'member');
    await SessionModel.updateOne(
      { userId: expired.user.id },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const orphaned = await signIn(t, 'member');
    await UserModel.deleteOne({ _id: orphaned.user.id });
    const unknown = `Bearer ahs_${'x'.repeat(43)}`;
    const cursor = (await search((await signIn(t, 'member')).auth).expect(200)).body.nextCursor as string;
    for (const auth of [revoked.auth, expired.auth, orphaned.auth, unknown]) {
      let res: { status: number; body: { items?: unknown; error?: { code: string } } } | undefined;
      const sent = await commandsDuring(async () => {
        res = await search(auth);
      });
      expect(res!.status).toBe(401);
      expect(res!.body.items).toBeUndefined();
      expect(res!.body.error?.code).toBe('UNAUTHENTICATED');
      expect(sent).toEqual(['aggregate sessions']);
      // A next page's cursor is resolved only once the session is admitted: nothing is read for it.
      const cursorSent = await commandsDuring(async () => {
        res = await search(auth, `&cursor=${encodeURIComponent(cursor)}`);
      });
      expect(res!.status).toBe(401);
      expect(cursorSent.every((c) => c === 'aggregate sessions')).toBe(true);
    }
  });

  /** The commands sent while `run` runs, then the finds of people and organizations (populate's). */
  async function readsDuring(run: () => Promise<unknown>): Promise<string[]> {
    const finds = [PersonModel, OrganizationModel].map((model) => jest.spyOn(model.collection, 'find'));
    try {
      const commands = await commandsDuring(run);
      const names = ['people', 'organizations'];
      return [...commands, ...finds.flatMap((spy, i) => spy.mock.calls.map(() => `find ${names[i]}`))];
    } finally {
      for (const spy of finds) spy.mockRestore();
    }
  }

  it('should read a people page with its session in one command, then its organizations in one', async () => {
    const me = await signIn(t, 'member');
    const people = (q: string, auth = me.auth) =>
      t.request.get(`/api/v1/people?q=${encodeURIComponent(q)}&limit=2`).set('Authorization', auth);
    let page: { items: Array<{ name: string }>; nextCursor: string | null } | undefined;
    // No words: the page is the joined read.
    let sent = await readsDuring(async () => {
      page = (await people('').expect(200)).body;
    });
    expect(sent).toEqual(['aggregate sessions', 'find organizations']);
    expect(page).toEqual(await listPeople({ limit: 2 } as PersonListQuery));
    expect(page!.items).toHaveLength(2);
    // Words: the joined read looks for an organization they name, then the page is read (every
    // tier in one aggregation), then the organizations of its people.
    sent = await readsDuring(async () => {
      page = (await people('合金').expect(200)).body;
    });
    expect(sent).toEqual(['aggregate sessions', 'aggregate people', 'find organizations']);
    expect(page).toEqual(await listPeople({ q: '合金', limit: 2 } as PersonListQuery));
    expect(page!.items).toHaveLength(2);
    sent = await readsDuring(async () => {
      page = (await people('哈工大').expect(200)).body;
    });
    expect(sent).toEqual(['aggregate sessions', 'aggregate people', 'find organizations']);
    expect(page!.items.map((p) => p.name)).toEqual(['陈思远', '王立群']);
    await t.request.post('/api/v1/auth/logout').set('Authorization', me.auth).expect(204);
    for (const q of ['', '合金', '哈工大']) {
      let res: { status: number; body: { items?: unknown } } | undefined;
      sent = await readsDuring(async () => {
        res = await people(q);
      });
      expect(res!.status).toBe(401);
      expect(res!.body.items).toBeUndefined();
      expect(sent).toEqual(['aggregate sessions']);
    }
  });

  it('should 403 a disabled account with no page, and answer a bad query 401 before 400', async () => {
    const { user, admin } = await disabledMember(t);
    // As for GET /me: disabling an account may end its sessions too (401) or leave them (403).
    const disabled = await search(user.auth);
    expect([401, 403]).toContain(disabled.status);
    expect(disabled.body.items).toBeUndefined();
    await t.request.get('/api/v1/organizations?limit=abc').set('Authorization', admin.auth).expect(400);
    await t.request.post('/api/v1/auth/logout').set('Authorization', admin.auth).expect(204);
    await t.request.get('/api/v1/organizations?limit=abc').set('Authorization', admin.auth).expect(401);
    await t.request.get('/api/v1/organizations?limit=abc').expect(401);
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
