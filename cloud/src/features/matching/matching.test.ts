import {
  type AchievementDetailView,
  type DemandDetailView,
  MatchFeedbackView,
  MatchListView,
  RecommendationListView,
  type MatchReasonsView,
  type StatsView,
} from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { representative, type Rep } from '../publications/publication.test-helpers';
import { IntentModel } from '../intents/intent.model';
import { PersonModel } from '../people/person.model';
import { InteractionModel } from '../interactions/interaction.model';
import { hexId, matchingCatalog } from './match-catalog';
import { MatchFeedbackModel } from './match-feedback.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

const achievement = (extra: Record<string, unknown> = {}) => ({
  title: '铝合金轮毂低压铸造缩孔控制技术',
  summary:
    '针对铝合金轮毂低压铸造中轮辐与轮辋交接处的缩孔、缩松，优化模具分区冷却和充型压力曲线，成品率显著提高。',
  detail: null,
  fields: ['metal_materials'],
  keywords: ['低压铸造', '缩孔'],
  maturity: 'industrialised',
  transferModes: ['license'],
  priceWan: null,
  priceNegotiable: true,
  ...extra,
});

const demand = (extra: Record<string, unknown> = {}) => ({
  title: '铝合金轮毂铸造缩孔问题攻关',
  description:
    '我公司采用低压铸造生产铝合金轮毂，轮辐与轮辋连接处经常出现缩孔、缩松，希望优化铸造工艺和模具冷却。',
  fields: ['metal_materials'],
  keywords: [],
  budgetNegotiable: true,
  cooperationModes: ['commissioned'],
  ...extra,
});

describe('matching', () => {
  let t: TestApp;
  let university: Rep;
  let enterprise: Rep;
  let otherEnterprise: Rep;
  let coordinator: Signed;
  let secretariat: Signed;
  let guest: Signed;
  let casting: AchievementDetailView;
  let welding: AchievementDetailView;
  let solidState: AchievementDetailView;
  let wheelDemand: DemandDetailView;
  let secretDemand: DemandDetailView;

  const as = (who: Signed) => ({
    get: (path: string) => t.request.get(`/api/v1${path}`).set('Authorization', who.auth),
    post: (path: string, body: object = {}) =>
      t.request.post(`/api/v1${path}`).set('Authorization', who.auth).send(body),
    patch: (path: string, body: object) =>
      t.request.patch(`/api/v1${path}`).set('Authorization', who.auth).send(body),
    del: (path: string) => t.request.delete(`/api/v1${path}`).set('Authorization', who.auth),
  });

  async function publish<T>(
    who: Signed,
    path: 'achievements' | 'demands',
    body: object,
  ): Promise<T & { id: string }> {
    const created = (await as(who).post(`/${path}`, body).expect(201)).body as { id: string };
    await as(who).post(`/${path}/${created.id}/submit`).expect(200);
    return (await as(coordinator).post(`/${path}/${created.id}/approve`).expect(200)).body as T & {
      id: string;
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    matchingCatalog.reset();
    matchingCatalog.refreshEveryMs = 0;
    university = await representative(t, { orgName: '北方理工大学', kind: 'university' });
    enterprise = await representative(t, { orgName: '轮毂制造有限公司', kind: 'enterprise' });
    otherEnterprise = await representative(t, { orgName: '另一家装备公司', kind: 'enterprise' });
    coordinator = await signIn(t, 'coordinator');
    secretariat = await signIn(t, 'secretariat');
    guest = await signIn(t, 'guest');
    casting = await publish(university, 'achievements', achievement());
    welding = await publish(
      university,
      'achievements',
      achievement({
        title: '铝合金中厚板激光-MIG复合焊接技术',
        summary: '激光与电弧复合热源实现铝合金中厚板单道焊透，焊接变形小，适用于船舶和轨道车辆。',
        keywords: ['激光焊接', '铝合金'],
        maturity: 'pilot',
      }),
    );
    solidState = await publish(
      university,
      'achievements',
      achievement({
        title: '硫化物固态电解质及全固态电池',
        summary: '合成高离子电导率硫化物固态电解质，制备全固态电池样品，目前处于实验室阶段。',
        fields: ['new_energy'],
        keywords: ['固态电池'],
        maturity: 'lab',
      }),
    );
    wheelDemand = await publish(enterprise, 'demands', demand());
    secretDemand = await publish(
      enterprise,
      'demands',
      demand({
        title: '全固态电池量产线建设',
        description: '拟建设全固态电池量产线，需要已经量产验证的固态电解质成套技术，要求一年内投产。',
        fields: ['new_energy'],
        visibility: 'staff',
      }),
    );
    await PersonModel.create({
      name: '铸造专家',
      title: '教授',
      orgId: university.orgId,
      expertise: ['低压铸造', '铝合金铸造缺陷'],
    });
  });
  afterAll(async () => {
    matchingCatalog.reset();
    await t.close();
  });

  describe('GET /api/v1/demands/:id/matches', () => {
    it('should rank the casting achievement first as strong, with reasons highlighted in both texts', async () => {
      const res = await as(coordinator).get(`/demands/${wheelDemand.id}/matches`).expect(200);
      const list = MatchListView.parse(res.body);
      const achievements = list.results.filter((r) => r.kind === 'achievement');
      expect(achievements[0]).toMatchObject({ id: casting.id, band: 'strong', subtitle: '北方理工大学' });
      expect(list.hint).toBeNull();
      const top = achievements[0].explanation;
      expect(top.terms.map((x) => x.term)).toEqual(expect.arrayContaining(['铸造', '缩孔', '低压']));
      const marked = (h: { text: string; spans: Array<{ start: number; end: number }> }) =>
        h.spans.map((s) => h.text.slice(s.start, s.end));
      expect(marked(top.subject.title)).toEqual(expect.arrayContaining(['铸造', '缩孔']));
      expect(marked(top.target.text)).toEqual(expect.arrayContaining(['低压', '铸造', '缩孔', '缩松']));
      expect(top.sharedFields).toEqual([{ code: 'metal_materials', label: '金属材料' }]);
      expect(top.region).toEqual({ same: true, province: '黑龙江省' });
      // The welding result shares 铝合金 but not the problem: below the casting one, and not strong.
      const weld = achievements.find((r) => r.id === welding.id);
      expect(weld?.band).not.toBe('strong');
      expect(list.results.some((r) => r.kind === 'expert' && r.title === '铸造专家')).toBe(true);
      expect(list.canGiveFeedback).toBe(true);
    });

    it('should say so and show nothing strong when no achievement fits', async () => {
      const nothing = await publish<DemandDetailView>(
        enterprise,
        'demands',
        demand({
          title: '浓香型白酒发酵工艺优化',
          description: '提高白酒出酒率和优质酒比例，寻求窖池微生物方面的合作。',
          fields: ['other'],
        }),
      );
      const list = MatchListView.parse(
        (await as(enterprise).get(`/demands/${nothing.id}/matches`).expect(200)).body,
      );
      expect(list.results.every((r) => r.band !== 'strong')).toBe(true);
      expect(list.hint).toContain('暂无高度匹配');
    });

    it('should never make a lab result a strong answer to a mass-production demand', async () => {
      const list = MatchListView.parse(
        (await as(coordinator).get(`/demands/${secretDemand.id}/matches`).expect(200)).body,
      );
      const lab = list.results.find((r) => r.id === solidState.id);
      expect(lab?.explanation.maturity).toEqual({ fit: 'mismatch', required: 'small_batch', offered: 'lab' });
      expect(lab?.band).not.toBe('strong');
    });

    it('should show 曾有接触 when the two organizations logged an interaction', async () => {
      await InteractionModel.create({
        type: 'visit',
        at: new Date(),
        orgIds: [enterprise.orgId, university.orgId],
        createdBy: coordinator.user.id,
        visibility: 'staff',
        clientId: `match-contact-${Date.now()}`,
      });
      const list = MatchListView.parse(
        (await as(coordinator).get(`/demands/${wheelDemand.id}/matches?kind=achievement`).expect(200)).body,
      );
      expect(list.results[0].explanation.earlierContact).toEqual(['interaction']);
      expect(list.results.every((r) => r.kind === 'achievement')).toBe(true);
    });

    it('should 401 without a session, 403 for a guest, 404 for an unknown demand, 400 for a bad id or kind', async () => {
      await t.request.get(`/api/v1/demands/${wheelDemand.id}/matches`).expect(401);
      await as(guest).get(`/demands/${wheelDemand.id}/matches`).expect(403);
      await as(coordinator).get('/demands/0123456789abcdef01234567/matches').expect(404);
      const bad = await as(coordinator).get('/demands/nope/matches').expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      await as(coordinator).get(`/demands/${wheelDemand.id}/matches?kind=demand`).expect(400);
      await as(coordinator).get(`/demands/${wheelDemand.id}/matches?limit=500`).expect(400);
    });

    it('should 404 a staff-only demand to members of other organizations', async () => {
      await as(otherEnterprise).get(`/demands/${secretDemand.id}/matches`).expect(404);
      await as(enterprise).get(`/demands/${secretDemand.id}/matches`).expect(200);
    });
  });

  describe('GET /api/v1/achievements/:id/matches', () => {
    it('should list the fitting demand and its enterprise', async () => {
      const list = MatchListView.parse(
        (await as(university).get(`/achievements/${casting.id}/matches`).expect(200)).body,
      );
      expect(list.results.find((r) => r.kind === 'demand')).toMatchObject({ id: wheelDemand.id });
      expect(list.results.some((r) => r.kind === 'organization' && r.id === enterprise.orgId)).toBe(true);
    });

    it('should keep staff-only demands out of a member’s results and show them to the staff', async () => {
      const forMember = MatchListView.parse(
        (await as(university).get(`/achievements/${solidState.id}/matches`).expect(200)).body,
      );
      expect(forMember.results.some((r) => r.id === secretDemand.id)).toBe(false);
      const forStaff = MatchListView.parse(
        (await as(coordinator).get(`/achievements/${solidState.id}/matches`).expect(200)).body,
      );
      expect(forStaff.results.some((r) => r.id === secretDemand.id)).toBe(true);
    });

    it('should reflect an edit: an achievement sent back to review leaves the results', async () => {
      const moved = await publish<AchievementDetailView>(
        university,
        'achievements',
        achievement({
          title: '轮毂铸件缩孔缩松预测软件',
          summary: '铸造过程模拟，预测轮毂缩孔、缩松位置。',
          maturity: 'small_batch',
        }),
      );
      const before = MatchListView.parse(
        (await as(coordinator).get(`/demands/${wheelDemand.id}/matches`).expect(200)).body,
      );
      expect(before.results.some((r) => r.id === moved.id)).toBe(true);
      await as(university)
        .patch(`/achievements/${moved.id}`, { title: '完全不同的题目：陶瓷刹车材料' })
        .expect(200);
      const after = MatchListView.parse(
        (await as(coordinator).get(`/demands/${wheelDemand.id}/matches`).expect(200)).body,
      );
      expect(after.results.some((r) => r.id === moved.id)).toBe(false);
    });
  });

  describe('POST /api/v1/demands/:id/matches/feedback', () => {
    it('should 400 a 不合适 without a reason, in plain Chinese', async () => {
      const res = await as(enterprise)
        .post(`/demands/${wheelDemand.id}/matches/feedback`, {
          targetKind: 'achievement',
          targetId: welding.id,
          verdict: 'dismissed',
        })
        .expect(400);
      expect(JSON.stringify(res.body.error.details)).toContain('请选择不合适的原因');
    });

    it('should drop a dismissed result from the list, once however often it is sent, and count its reason', async () => {
      const send = () =>
        as(enterprise).post(`/demands/${wheelDemand.id}/matches/feedback`, {
          targetKind: 'achievement',
          targetId: welding.id,
          verdict: 'dismissed',
          reason: 'not_our_field',
        });
      const first = MatchFeedbackView.parse((await send().expect(200)).body);
      await send().expect(200);
      expect(first).toMatchObject({ verdict: 'dismissed', reason: 'not_our_field', intentId: null });
      expect(await MatchFeedbackModel.countDocuments({ targetId: welding.id })).toBe(1);
      const list = MatchListView.parse(
        (await as(enterprise).get(`/demands/${wheelDemand.id}/matches`).expect(200)).body,
      );
      expect(list.results.some((r) => r.id === welding.id)).toBe(false);
      expect(list.dismissedCount).toBe(1);
      // The statistics count the mark under its reason (#15).
      const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
      const counts = (await as(coordinator).get(`/stats/${year}/match-reasons`).expect(200))
        .body as MatchReasonsView;
      expect(counts.reasons.find((r) => r.key === 'not_our_field')?.value).toBe(1);
    });

    it('should 403 feedback from a member of another organization and 404 an unknown result', async () => {
      await as(otherEnterprise)
        .post(`/demands/${wheelDemand.id}/matches/feedback`, {
          targetKind: 'achievement',
          targetId: casting.id,
          verdict: 'connected',
        })
        .expect(403);
      await as(coordinator)
        .post(`/demands/${wheelDemand.id}/matches/feedback`, {
          targetKind: 'achievement',
          targetId: '0123456789abcdef01234567',
          verdict: 'connected',
        })
        .expect(404);
    });

    it('should 404 feedback naming a staff-only demand the member may not see', async () => {
      await as(university)
        .post(`/achievements/${solidState.id}/matches/feedback`, {
          targetKind: 'demand',
          targetId: secretDemand.id,
          verdict: 'dismissed',
          reason: 'cost',
        })
        .expect(404);
      expect(await MatchFeedbackModel.countDocuments({ targetId: secretDemand.id })).toBe(0);
    });

    it('should record a lead in the pipeline when a coordinator marks 已对接, once', async () => {
      const body = { targetKind: 'achievement', targetId: casting.id, verdict: 'connected' };
      const view = MatchFeedbackView.parse(
        (await as(coordinator).post(`/demands/${wheelDemand.id}/matches/feedback`, body).expect(200)).body,
      );
      await as(coordinator).post(`/demands/${wheelDemand.id}/matches/feedback`, body).expect(200);
      expect(view.intentId).not.toBeNull();
      const intents = await IntentModel.find({ 'source.kind': 'match' }).lean();
      expect(intents).toHaveLength(1);
      expect(intents[0]).toMatchObject({ stage: 'lead' });
      expect(intents[0].links?.match).toMatchObject({});
      const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
      const stats = (await as(coordinator).get(`/stats/${year}`).expect(200)).body as StatsView;
      const acted = stats.kpis.find((k) => k.key === 'matches_acted');
      expect(acted?.sub.find((row) => row.key === 'connected')?.value).toBe(1);
    });
  });

  describe('POST /api/v1/achievements/:id/matches/feedback', () => {
    it('should record a lead for a staff member to confirm when the owning member marks 已对接, once', async () => {
      const body = { targetKind: 'demand', targetId: wheelDemand.id, verdict: 'connected' };
      const send = () => as(university).post(`/achievements/${welding.id}/matches/feedback`, body);
      const first = MatchFeedbackView.parse((await send().expect(200)).body);
      const again = MatchFeedbackView.parse((await send().expect(200)).body);
      expect(first.intentId).not.toBeNull();
      expect(again.intentId).toBe(first.intentId);
      const intents = await IntentModel.find({ 'links.match.achievementId': welding.id }).lean();
      expect(intents).toHaveLength(1);
      expect(intents[0]).toMatchObject({ stage: 'lead', status: 'active', source: { kind: 'match' } });
      // Owned by alliance staff (the pipeline's), with the member's report noted for confirmation.
      expect([coordinator.user.id, secretariat.user.id]).toContain(String(intents[0].ownerId));
      expect(intents[0].stageHistory[0].note).toContain('待工作人员确认');
      expect(intents[0].partyOrgIds.map(String).sort()).toEqual([university.orgId, enterprise.orgId].sort());
      const row = await MatchFeedbackModel.findOne({
        subjectKind: 'achievement',
        targetId: wheelDemand.id,
      }).lean();
      expect(row?.leadPending).toBeUndefined();
    });
  });

  describe('/api/v1/matching/synonyms', () => {
    it('should list the seeded table to staff and refuse members', async () => {
      const res = await as(coordinator).get('/matching/synonyms?q=锂电').expect(200);
      expect(res.body.items[0].terms).toEqual(expect.arrayContaining(['锂离子电池', '锂电']));
      await as(enterprise).get('/matching/synonyms').expect(403);
    });

    it('should let the secretariat add a group, refuse a term another group has, and 409 a stale edit', async () => {
      const created = (
        await as(secretariat)
          .post('/matching/synonyms', { terms: ['低压铸造', 'LPDC'] })
          .expect(201)
      ).body;
      const taken = await as(secretariat)
        .post('/matching/synonyms', { terms: ['低压铸件', 'lpdc'] })
        .expect(409);
      expect(taken.body.error.code).toBe('SYNONYM_TERM_TAKEN');
      await as(coordinator)
        .post('/matching/synonyms', { terms: ['甲', '乙'] })
        .expect(403);
      await as(secretariat)
        .post('/matching/synonyms', { terms: ['只有一个'] })
        .expect(400);
      await as(secretariat)
        .patch(`/matching/synonyms/${created.id}`, { terms: ['低压铸造', 'LPDC', '低压浇注'], version: 0 })
        .expect(200);
      await as(secretariat)
        .patch(`/matching/synonyms/${created.id}`, { terms: ['低压铸造'], version: 0 })
        .expect(400);
      const stale = await as(secretariat)
        .patch(`/matching/synonyms/${created.id}`, { terms: ['低压铸造', 'LPDC'], version: 0 })
        .expect(409);
      expect(stale.body.error.details.current.version).toBe(1);
    });

    it('should match through a new synonym once the table changes', async () => {
      const lpdc = await publish<DemandDetailView>(
        otherEnterprise,
        'demands',
        demand({ title: 'LPDC轮毂缩孔', description: 'LPDC 工艺生产的轮毂缩孔严重，寻求解决办法。' }),
      );
      // The table changed in the previous test: the catalog rebuilds in the background.
      let terms: string[] = [];
      for (let i = 0; i < 40 && !terms.includes('低压铸造'); i++) {
        const list = MatchListView.parse(
          (await as(coordinator).get(`/demands/${lpdc.id}/matches?kind=achievement`).expect(200)).body,
        );
        terms = list.results.find((r) => r.id === casting.id)?.explanation.terms.map((x) => x.term) ?? [];
        if (!terms.includes('低压铸造')) await new Promise((r) => setTimeout(r, 250));
      }
      expect(terms).toContain('低压铸造');
    });

    it('should delete a group (secretariat only) and 404 an unknown one', async () => {
      const created = (
        await as(secretariat)
          .post('/matching/synonyms', { terms: ['临时词甲', '临时词乙'] })
          .expect(201)
      ).body;
      await as(coordinator).del(`/matching/synonyms/${created.id}`).expect(403);
      await as(secretariat).del(`/matching/synonyms/${created.id}`).expect(204);
      await as(secretariat).del('/matching/synonyms/0123456789abcdef01234567').expect(404);
      const list = await as(coordinator).get('/matching/synonyms?q=临时词').expect(200);
      expect(list.body.items).toHaveLength(0);
    });
  });

  describe('GET /api/v1/matching/recommendations', () => {
    it('should recommend new demands to a university and new achievements to an enterprise', async () => {
      const forUniversity = RecommendationListView.parse(
        (await as(university).get('/matching/recommendations').expect(200)).body,
      );
      expect(forUniversity.kind).toBe('demand');
      expect(forUniversity.items.some((i) => i.id === wheelDemand.id)).toBe(true);
      expect(forUniversity.items.some((i) => i.id === secretDemand.id)).toBe(false);
      const forEnterprise = RecommendationListView.parse(
        (await as(enterprise).get('/matching/recommendations').expect(200)).body,
      );
      expect(forEnterprise.kind).toBe('achievement');
      expect(forEnterprise.items[0]).toMatchObject({ id: casting.id });
      await as(guest).get('/matching/recommendations').expect(403);
    });
  });
  describe('building the catalog', () => {
    it('should read each source in pages of readPageSize in _id order and index every match across them', async () => {
      for (let i = 0; i < 5; i++)
        await PersonModel.create({
          name: `分页专家${i}`,
          orgId: university.orgId,
          expertise: [`分页方向${i}`],
        });
      await PersonModel.create({ name: '没有专长的人', orgId: university.orgId });
      const experts = await PersonModel.find({ 'expertise.0': { $exists: true } }, { _id: 1 }).lean();
      expect(experts.length).toBeGreaterThanOrEqual(6);
      const defaultPage = matchingCatalog.readPageSize;
      const finds = jest.spyOn(PersonModel.collection, 'find');
      try {
        matchingCatalog.reset();
        matchingCatalog.readPageSize = 2;
        const catalog = await matchingCatalog.get();
        for (const { _id } of experts) expect(catalog.experts.get(hexId(_id))).toBeDefined();
        expect(catalog.experts.size).toBe(experts.length);
        // Full pages, then the one that came back short: no find asked for more than a page.
        const limits = finds.mock.calls.map(([, options]) => (options as { limit?: number }).limit);
        expect(limits).toEqual(new Array(Math.floor(experts.length / 2) + 1).fill(2));
      } finally {
        finds.mockRestore();
        matchingCatalog.readPageSize = defaultPage;
        matchingCatalog.reset();
      }
    });
  });
});
