import { DemandDetailView, DemandPage, todayInShanghai } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { representative, type Rep } from '../publications/publication.test-helpers';
import { DemandModel } from './demand.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

const inDays = (days: number) => {
  const d = new Date(`${todayInShanghai()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const body = (extra: Record<string, unknown> = {}) => ({
  title: '大型铝合金构件焊接变形控制',
  description: '车体侧墙焊后变形超差，希望高校团队联合攻关。\n已有工装与试验条件。',
  fields: ['metal_materials'],
  keywords: ['焊接变形'],
  budgetMinWan: 50,
  budgetMaxWan: 200,
  deadline: inDays(90),
  cooperationModes: ['joint_research', 'commissioned'],
  ...extra,
});

describe('/api/v1/demands', () => {
  let t: TestApp;
  let enterprise: Rep;
  let competitor: Rep;
  let coordinator: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await representative(t, { orgName: '中车长客股份', kind: 'enterprise' });
    competitor = await representative(t, { orgName: '某同行装备公司', kind: 'enterprise' });
    coordinator = await signIn(t, 'coordinator', '白衬衫·需求');
  });
  afterAll(() => t.close());

  const post = (who: Signed, path: string, payload: object = {}) =>
    t.request.post(`/api/v1/demands${path}`).set('Authorization', who.auth).send(payload);
  const get = (who: Signed, path: string) =>
    t.request.get(`/api/v1/demands${path}`).set('Authorization', who.auth);
  const patch = (who: Signed, id: string, payload: object) =>
    t.request.patch(`/api/v1/demands/${id}`).set('Authorization', who.auth).send(payload);

  async function published(extra: Record<string, unknown> = {}) {
    const item = DemandDetailView.parse((await post(enterprise, '', body(extra)).expect(201)).body);
    await post(enterprise, `/${item.id}/submit`).expect(200);
    return DemandDetailView.parse((await post(coordinator, `/${item.id}/approve`).expect(200)).body);
  }

  describe('POST /', () => {
    it('should store the budget, deadline and modes of a new draft', async () => {
      const item = DemandDetailView.parse((await post(enterprise, '', body()).expect(201)).body);
      expect(item).toMatchObject({
        status: 'draft',
        progress: 'open',
        visibility: 'members',
        budgetMinWan: 50,
        budgetMaxWan: 200,
        budgetNegotiable: false,
        deadline: inDays(90),
        cooperationModes: ['joint_research', 'commissioned'],
      });
      const stored = await DemandModel.findById(item.id).lean();
      expect(stored?.description).toBe('车体侧墙焊后变形超差，希望高校团队联合攻关。\n已有工装与试验条件。');
    });

    it('should 400 when the budget minimum is above the maximum', async () => {
      const res = await post(enterprise, '', body({ budgetMinWan: 300 })).expect(400);
      expect(res.body.error.details).toEqual([
        { path: 'body.budgetMinWan', message: '预算下限不能高于上限' },
      ]);
    });

    it('should 400 when the deadline is in the past, and accept today', async () => {
      const res = await post(enterprise, '', body({ deadline: inDays(-1) })).expect(400);
      expect(res.body.error.details).toEqual([{ path: 'body.deadline', message: '截止日期不能早于今天' }]);
      await post(enterprise, '', body({ deadline: todayInShanghai() })).expect(201);
    });

    it('should accept 面议 as a flag and refuse it together with amounts', async () => {
      const res = await post(
        enterprise,
        '',
        body({ budgetMinWan: undefined, budgetMaxWan: undefined, budgetNegotiable: true }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ budgetNegotiable: true, budgetMinWan: null, budgetMaxWan: null });
      await post(enterprise, '', body({ budgetNegotiable: true })).expect(400);
    });

    it('should 400 when a cooperation mode is unknown or repeated', async () => {
      await post(enterprise, '', body({ cooperationModes: ['barter'] })).expect(400);
      await post(enterprise, '', body({ cooperationModes: ['license', 'license'] })).expect(400);
    });
  });

  describe('PATCH /:id', () => {
    it('should 400 when a new minimum is above the stored maximum', async () => {
      const item = await published();
      const res = await patch(enterprise, item.id, { budgetMinWan: 500 }).expect(400);
      expect(res.body.error.details[0].path).toBe('body.budgetMinWan');
      expect((await DemandModel.findById(item.id).lean())?.budgetMinWan).toBe(50);
    });

    it('should keep a published demand published when only progress or deadline change, and review a new description', async () => {
      const item = await published();
      const progressed = DemandDetailView.parse(
        (await patch(enterprise, item.id, { progress: 'in_talks', deadline: inDays(30) }).expect(200)).body,
      );
      expect(progressed).toMatchObject({ status: 'published', progress: 'in_talks' });
      const edited = DemandDetailView.parse(
        (await patch(enterprise, item.id, { description: '新的问题描述，范围扩大到镁合金。' }).expect(200))
          .body,
      );
      expect(edited.status).toBe('pending');
    });
  });

  describe('staff-only visibility', () => {
    it('should hide a staff-only demand from other members (404) but show it to staff and its own organization', async () => {
      const item = await published({ visibility: 'staff', title: '保密的高温合金叶片需求' });
      expect((await get(competitor, `/${item.id}`).expect(404)).body.error.code).toBe('NOT_FOUND');
      await get(coordinator, `/${item.id}`).expect(200);
      await get(enterprise, `/${item.id}`).expect(200);
      const q = `?q=${encodeURIComponent('高温合金')}`;
      expect(
        DemandPage.parse((await get(competitor, q).expect(200)).body).items.map((i) => i.id),
      ).not.toContain(item.id);
      expect(DemandPage.parse((await get(coordinator, q).expect(200)).body).items.map((i) => i.id)).toContain(
        item.id,
      );
      expect(DemandPage.parse((await get(enterprise, q).expect(200)).body).items.map((i) => i.id)).toContain(
        item.id,
      );
    });
  });

  describe('GET /', () => {
    it('should find a demand by its owner name and filter by progress and cooperation mode', async () => {
      const item = await published({ title: '轨道车辆轻量化车体材料', cooperationModes: ['license'] });
      const byOwner = DemandPage.parse(
        (await get(competitor, `?q=${encodeURIComponent('中车长客')}&limit=100`).expect(200)).body,
      );
      expect(byOwner.items.map((i) => i.id)).toContain(item.id);
      const byMode = DemandPage.parse(
        (await get(competitor, '?cooperationMode=license&progress=open').expect(200)).body,
      );
      expect(byMode.items.map((i) => i.id)).toContain(item.id);
      const solved = DemandPage.parse((await get(competitor, '?progress=solved').expect(200)).body);
      expect(solved.items.map((i) => i.id)).not.toContain(item.id);
      await get(competitor, '?progress=done').expect(400);
    });

    it('should list my organization drafts with mine=1 and nobody else', async () => {
      const draft = DemandDetailView.parse((await post(enterprise, '', body()).expect(201)).body);
      const mine = DemandPage.parse((await get(enterprise, '?mine=1&limit=100').expect(200)).body);
      expect(mine.items.map((i) => i.id)).toContain(draft.id);
      const theirs = DemandPage.parse((await get(competitor, '?mine=1&limit=100').expect(200)).body);
      expect(theirs.items.map((i) => i.id)).not.toContain(draft.id);
    });
  });
});
