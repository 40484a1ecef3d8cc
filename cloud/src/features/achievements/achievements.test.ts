import { AchievementDetailView, AchievementPage } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { representative, type Rep } from '../publications/publication.test-helpers';
import { AchievementModel } from './achievement.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

const body = (extra: Record<string, unknown> = {}) => ({
  title: '高强韧铝合金搅拌摩擦焊接技术',
  summary: '面向轨道交通车体的 6 系铝合金焊接，接头强度系数 0.85 以上。',
  detail: '第一段：工艺窗口宽。\n\n第二段：已在两条产线验证。',
  fields: ['metal_materials', 'rail_transit'],
  keywords: ['搅拌摩擦焊', '铝合金'],
  maturity: 'pilot',
  transferModes: ['license', 'joint_development'],
  priceWan: 120,
  ...extra,
});

describe('/api/v1/achievements', () => {
  let t: TestApp;
  let author: Rep;
  let colleague: Rep;
  let stranger: Rep;
  let coordinator: Signed;
  let secretary: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    author = await representative(t, {
      orgName: '哈尔滨工业大学',
      aliases: ['哈工大'],
      kind: 'university',
      person: '李教授',
    });
    colleague = await representative(t, { orgName: '哈尔滨工业大学', person: '王老师' });
    stranger = await representative(t, { orgName: '东北轻合金有限责任公司' });
    coordinator = await signIn(t, 'coordinator', '白衬衫·成果');
    secretary = await signIn(t, 'secretariat', '秘书处·成果');
  });
  afterAll(() => t.close());

  const post = (who: Signed, path: string, payload: object = {}) =>
    t.request.post(`/api/v1/achievements${path}`).set('Authorization', who.auth).send(payload);
  const get = (who: Signed, path: string) =>
    t.request.get(`/api/v1/achievements${path}`).set('Authorization', who.auth);
  const patch = (who: Signed, id: string, payload: object) =>
    t.request.patch(`/api/v1/achievements/${id}`).set('Authorization', who.auth).send(payload);

  async function create(who: Signed, extra: Record<string, unknown> = {}): Promise<AchievementDetailView> {
    return AchievementDetailView.parse((await post(who, '', body(extra)).expect(201)).body);
  }
  async function published(extra: Record<string, unknown> = {}, who: Signed = author) {
    const item = await create(who, extra);
    await post(who, `/${item.id}/submit`).expect(200);
    return AchievementDetailView.parse((await post(coordinator, `/${item.id}/approve`).expect(200)).body);
  }

  describe('POST /', () => {
    it('should create a draft for my organization with me as contact, and audit it, when a member publishes', async () => {
      const item = await create(author);
      expect(item).toMatchObject({
        status: 'draft',
        owner: { id: author.orgId, name: '哈尔滨工业大学', aliases: ['哈工大'] },
        detail: '第一段：工艺窗口宽。\n第二段：已在两条产线验证。',
        priceWan: 120,
        priceNegotiable: false,
        permissions: { canEdit: true, canSubmit: true, canReview: false },
      });
      expect(item.contacts.map((c) => c.personId)).toEqual([author.personId]);
      const stored = await AchievementModel.findById(item.id).lean();
      expect(stored?.createdBy.toHexString()).toBe(author.user.id);
      expect(stored?.nameWords).toEqual(expect.arrayContaining(['铝合金', '搅拌摩擦焊', '哈工大']));
      expect(
        await AuditModel.countDocuments({ 'entity.id': stored?._id, action: 'achievement.create' }),
      ).toBe(1);
    });

    it('should 400 naming the limit when the title is too long, and store nothing', async () => {
      const before = await AchievementModel.countDocuments();
      const res = await post(author, '', body({ title: '长'.repeat(81) })).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toContainEqual({ path: 'body.title', message: '最多 80 个字' });
      expect(await AchievementModel.countDocuments()).toBe(before);
    });

    it('should 400 when a field id is not in the taxonomy', async () => {
      const res = await post(author, '', body({ fields: ['metal_materials', 'no_such_field'] })).expect(400);
      expect(res.body.error.details).toEqual([{ path: 'body.fields', message: '未知的领域：no_such_field' }]);
    });

    it('should 400 when an unknown key or a price with 面议 is sent', async () => {
      await post(author, '', body({ hacked: true })).expect(400);
      const res = await post(author, '', body({ priceNegotiable: true })).expect(400);
      expect(res.body.error.details[0].path).toBe('body.priceWan');
    });

    it('should 403 PUBLISH_FOR_OTHER_ORG when a member publishes for another organization', async () => {
      const res = await post(author, '', body({ ownerOrgId: stranger.orgId })).expect(403);
      expect(res.body.error.code).toBe('PUBLISH_FOR_OTHER_ORG');
    });

    it('should 400 when a member names a contact person of another organization', async () => {
      const res = await post(author, '', body({ contactPersonIds: [stranger.personId] })).expect(400);
      expect(res.body.error.details[0].path).toBe('body.contactPersonIds');
    });

    it('should 401 without a session and 403 for a guest without an organization', async () => {
      await t.request.post('/api/v1/achievements').send(body()).expect(401);
      const guest = await signIn(t, 'guest');
      expect((await post(guest, '', body()).expect(403)).body.error.code).toBe('PUBLISH_FOR_OTHER_ORG');
    });

    it('should let a coordinator publish for any organization, and require the organization', async () => {
      const item = await create(coordinator, {
        ownerOrgId: stranger.orgId,
        contactPersonIds: [stranger.personId],
      });
      expect(item.owner.id).toBe(stranger.orgId);
      const res = await post(coordinator, '', body()).expect(400);
      expect(res.body.error.details[0].path).toBe('body.ownerOrgId');
    });
  });

  describe('review', () => {
    it('should go draft → pending → published, visible to others only once published', async () => {
      const item = await create(author);
      await get(stranger, `/${item.id}`).expect(404);
      const pending = AchievementDetailView.parse(
        (await post(author, `/${item.id}/submit`).expect(200)).body,
      );
      expect(pending.status).toBe('pending');
      await get(stranger, `/${item.id}`).expect(404);
      const queue = AchievementPage.parse(
        (await get(coordinator, '?status=pending&limit=100').expect(200)).body,
      );
      expect(queue.items.map((i) => i.id)).toContain(item.id);
      const approved = AchievementDetailView.parse(
        (await post(coordinator, `/${item.id}/approve`).expect(200)).body,
      );
      expect(approved).toMatchObject({
        status: 'published',
        review: { reviewer: { displayName: '白衬衫·成果' } },
      });
      expect(approved.publishedAt).not.toBeNull();
      await get(stranger, `/${item.id}`).expect(200);
      expect(await AuditModel.countDocuments({ 'entity.id': approved.id })).toBe(3);
    });

    it('should show the author the reason when the staff reject, and let them resubmit', async () => {
      const item = await create(author);
      await post(author, `/${item.id}/submit`).expect(200);
      await post(coordinator, `/${item.id}/reject`, { reason: '' }).expect(400);
      await post(coordinator, `/${item.id}/reject`, { reason: '请补充专利号' }).expect(200);
      const seen = AchievementDetailView.parse((await get(colleague, `/${item.id}`).expect(200)).body);
      expect(seen).toMatchObject({ status: 'rejected', review: { rejectionReason: '请补充专利号' } });
      const mine = AchievementPage.parse((await get(author, '?mine=1&limit=100').expect(200)).body);
      expect(mine.items.find((i) => i.id === item.id)?.rejectionReason).toBe('请补充专利号');
      await post(author, `/${item.id}/submit`).expect(200);
    });

    it('should 403 REVIEW_OWN_ITEM when a coordinator reviews an item they wrote', async () => {
      const item = await create(coordinator, { ownerOrgId: stranger.orgId });
      await post(coordinator, `/${item.id}/submit`).expect(200);
      const res = await post(coordinator, `/${item.id}/approve`).expect(403);
      expect(res.body.error.code).toBe('REVIEW_OWN_ITEM');
      await post(secretary, `/${item.id}/approve`).expect(200);
    });

    it('should 403 when a member approves, and 409 when the status does not allow the step', async () => {
      const item = await create(author);
      await post(author, `/${item.id}/approve`).expect(403);
      const res = await post(coordinator, `/${item.id}/approve`).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'INVALID_STATUS_TRANSITION',
        message: '当前状态为「草稿」，不能审核通过',
      });
      await post(author, `/${item.id}/submit`, { extra: 1 }).expect(400);
    });

    it('should hide an archived item from others and refuse to edit it', async () => {
      const item = await published();
      await post(stranger, `/${item.id}/archive`).expect(403);
      await post(author, `/${item.id}/archive`).expect(200);
      await get(stranger, `/${item.id}`).expect(404);
      expect((await patch(author, item.id, { title: '新的标题名称' }).expect(409)).body.error.code).toBe(
        'INVALID_STATUS_TRANSITION',
      );
    });
  });

  describe('PATCH /:id', () => {
    it('should send a published item back to review when its title changes, but not for a contact change', async () => {
      const item = await published();
      const contactOnly = AchievementDetailView.parse(
        (await patch(author, item.id, { contactPersonIds: [colleague.personId] }).expect(200)).body,
      );
      expect(contactOnly.status).toBe('published');
      expect(contactOnly.contacts.map((c) => c.name)).toEqual(['王老师']);
      const edited = AchievementDetailView.parse(
        (await patch(author, item.id, { title: '高强韧铝合金搅拌摩擦焊接成套技术' }).expect(200)).body,
      );
      expect(edited.status).toBe('pending');
      await get(stranger, `/${item.id}`).expect(404);
      const audit = await AuditModel.findOne({ 'entity.id': item.id, action: 'achievement.update' })
        .sort({ _id: -1 })
        .lean();
      expect(audit?.after).toMatchObject({ title: '高强韧铝合金搅拌摩擦焊接成套技术', status: 'pending' });
    });

    it('should 403 for a member of another organization and 400 for an over-long summary', async () => {
      const item = await published();
      await patch(stranger, item.id, { summary: '改一下' }).expect(403);
      const res = await patch(author, item.id, { summary: '字'.repeat(301) }).expect(400);
      expect(res.body.error.details[0]).toEqual({ path: 'body.summary', message: '最多 300 个字' });
    });
  });

  describe('GET /:id', () => {
    it('should hide contact fields from strangers but show them to staff, and count views for the owner only', async () => {
      const item = await published();
      const seen = AchievementDetailView.parse((await get(stranger, `/${item.id}`).expect(200)).body);
      expect(seen.contacts[0]).toMatchObject({
        contactsHidden: true,
        contacts: { mobile: null, email: null },
      });
      expect(seen.interest).toBeNull();
      expect(seen.review).toBeNull();
      const staff = AchievementDetailView.parse((await get(coordinator, `/${item.id}`).expect(200)).body);
      expect(staff.contacts[0].contacts.mobile).toMatch(/^139/);
      const own = AchievementDetailView.parse((await get(author, `/${item.id}`).expect(200)).body);
      expect(own.interest).toEqual({ views: 1, selections: 0 });
    });

    it('should 404 for an unknown id and 400 for a malformed one', async () => {
      await get(stranger, '/0123456789abcdef01234567').expect(404);
      await get(stranger, '/nope').expect(400);
    });
  });

  describe('GET / (search)', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const owner = await representative(t, {
        orgName: '中国科学院金属研究所',
        aliases: ['金属所'],
        kind: 'institute',
      });
      const a = await published(
        {
          title: '钛合金粉末增材制造工艺',
          summary: '航空结构件。',
          keywords: ['3D打印'],
          maturity: 'small_batch',
          transferModes: ['transfer'],
        },
        owner,
      );
      const b = await published(
        {
          title: '航空发动机叶片修复',
          summary: '采用钛合金激光熔覆修复叶片。',
          keywords: [],
          maturity: 'pilot',
          transferModes: ['service'],
        },
        owner,
      );
      const c = await published(
        {
          title: '复合金属板材轧制',
          summary: '层状复合板。',
          keywords: [],
          maturity: 'lab',
          transferModes: ['license'],
        },
        owner,
      );
      ids = { a: a.id, b: b.id, c: c.id };
    });
    const search = async (who: Signed, qs: string) =>
      AchievementPage.parse((await get(who, `?${qs}`).expect(200)).body);

    it('should rank title matches before text matches when searching a material term', async () => {
      const page = await search(stranger, `q=${encodeURIComponent('钛合金')}`);
      const order = page.items.map((i) => i.id);
      expect(order.indexOf(ids.a)).toBeGreaterThanOrEqual(0);
      expect(order.indexOf(ids.a)).toBeLessThan(order.indexOf(ids.b));
    });

    it('should not match 复合金属 for 合金 as a word but still find it by owner alias', async () => {
      const page = await search(stranger, `q=${encodeURIComponent('合金')}&limit=100`);
      const order = page.items.map((i) => i.id);
      // 复合金属 contains the characters 合金 but not the word; it only comes after the word matches.
      expect(order.indexOf(ids.a)).toBeLessThan(order.indexOf(ids.c));
      const byAlias = await search(stranger, `q=${encodeURIComponent('金属所')}&limit=100`);
      expect(byAlias.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c]));
    });

    it('should filter by maturity, transfer mode and owner kind, newest first', async () => {
      expect((await search(stranger, 'maturity=lab&limit=100')).items.map((i) => i.id)).toContain(ids.c);
      expect((await search(stranger, 'maturity=lab&limit=100')).items.map((i) => i.id)).not.toContain(ids.a);
      expect(
        (await search(stranger, 'transferMode=service&ownerKind=institute')).items.map((i) => i.id),
      ).toEqual([ids.b]);
      const recent = await search(stranger, 'ownerKind=institute');
      expect(recent.items.map((i) => i.id)).toEqual([ids.c, ids.b, ids.a]);
    });

    it('should page with a cursor without repeats when searching', async () => {
      const q = `q=${encodeURIComponent('金属所')}`;
      const first = await search(stranger, `${q}&limit=2`);
      expect(first.nextCursor).not.toBeNull();
      const res2 = await get(stranger, `?${q}&limit=2&cursor=${first.nextCursor}`);
      const second = AchievementPage.parse(res2.body);
      const all = [...first.items, ...second.items].map((i) => i.id);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c]));
      expect((await get(stranger, '?cursor=bad').expect(400)).body.error.code).toBe('INVALID_CURSOR');
      // A tier this query does not have (a query without words has one tier).
      expect((await get(stranger, `?cursor=5.${ids.a}`).expect(400)).body.error.code).toBe('INVALID_CURSOR');
    });

    it("should find items by their owner's new alias when the organization is renamed", async () => {
      const owner = await representative(t, { orgName: '牡丹江合金工具厂', kind: 'enterprise' });
      const item = await published({ title: '硬质合金刀具刃口强化' }, owner);
      await t.request
        .patch(`/api/v1/organizations/${owner.orgId}`)
        .set('Authorization', coordinator.auth)
        .send({ aliases: ['牡刃'], kind: 'institute' })
        .expect(200);
      const byAlias = await search(stranger, `q=${encodeURIComponent('牡刃')}`);
      expect(byAlias.items.map((i) => i.id)).toEqual([item.id]);
      expect((await search(stranger, 'ownerKind=institute&limit=100')).items.map((i) => i.id)).toContain(
        item.id,
      );
    });

    it('should 403 when a member asks for the review queue', async () => {
      await get(stranger, '?status=pending').expect(403);
    });
  });
});
