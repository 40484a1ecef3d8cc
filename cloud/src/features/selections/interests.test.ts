import { AchievementDetailView, DemandDetailView, InterestPage, InterestView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { representative, type Rep } from '../publications/publication.test-helpers';
import { InterestModel } from './interest.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('我感兴趣 outside an event', () => {
  let t: TestApp;
  let university: Rep;
  let enterprise: Rep;
  let other: Rep;
  let coordinator: Signed;
  let reviewer: Signed;
  let achievementId: string;
  let demandId: string;
  let draftId: string;

  async function publish(kind: 'achievements' | 'demands', author: Rep, body: object): Promise<string> {
    const res = await t.request
      .post(`/api/v1/${kind}`)
      .set('Authorization', author.auth)
      .send(body)
      .expect(201);
    const id = res.body.id as string;
    await t.request.post(`/api/v1/${kind}/${id}/submit`).set('Authorization', author.auth).expect(200);
    await t.request.post(`/api/v1/${kind}/${id}/approve`).set('Authorization', reviewer.auth).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    university = await representative(t, { orgName: '东北大学', kind: 'university' });
    enterprise = await representative(t, { orgName: '鞍钢股份', kind: 'enterprise', person: '周工' });
    other = await representative(t, { orgName: '本钢板材', kind: 'enterprise' });
    coordinator = await signIn(t, 'coordinator', '白衬衫·线索');
    reviewer = await signIn(t, 'secretariat', '秘书处·线索');
    achievementId = await publish('achievements', university, {
      title: '高品质特殊钢冶炼技术',
      summary: '可转让。',
      fields: ['metal_materials'],
      maturity: 'pilot',
      transferModes: ['transfer'],
    });
    demandId = await publish('demands', enterprise, {
      title: '热轧板表面缺陷在线检测',
      description: '需要在线检测方案。',
      fields: ['metal_materials'],
      cooperationModes: ['commissioned'],
    });
    const draft = await t.request
      .post('/api/v1/achievements')
      .set('Authorization', university.auth)
      .send({
        title: '未发布的草稿成果',
        summary: '草稿。',
        fields: ['metal_materials'],
        maturity: 'lab',
        transferModes: ['license'],
      })
      .expect(201);
    draftId = draft.body.id;
  });
  afterAll(() => t.close());

  const interest = (who: Signed, path: string, body?: object) => {
    const req = t.request.post(`/api/v1/${path}/interest`).set('Authorization', who.auth);
    return body ? req.send(body) : req;
  };

  describe('POST /api/v1/achievements/:id/interest', () => {
    it('should 201 with a lead when a member expresses interest without an event, and 200 with the same lead when repeated', async () => {
      const first = await interest(enterprise, `achievements/${achievementId}`, {
        note: '想了解量产成本',
      }).expect(201);
      const lead = InterestView.parse(first.body);
      expect(lead).toMatchObject({
        item: {
          kind: 'achievement',
          id: achievementId,
          title: '高品质特殊钢冶炼技术',
          owner: { name: '东北大学' },
        },
        person: { name: '周工' },
        organization: { name: '鞍钢股份', kind: 'enterprise' },
        note: '想了解量产成本',
        handled: false,
      });
      const again = await interest(enterprise, `achievements/${achievementId}`).expect(200);
      expect(again.body).toMatchObject({ id: lead.id, note: '想了解量产成本' });
      expect(await InterestModel.countDocuments({ itemId: achievementId })).toBe(1);
      expect(await AuditModel.countDocuments({ action: 'interest.create', 'entity.id': lead.id })).toBe(1);
    });

    it('should count one interest per person towards the counts the owner sees', async () => {
      await interest(other, `achievements/${achievementId}`).expect(201);
      const res = await t.request
        .get(`/api/v1/achievements/${achievementId}`)
        .set('Authorization', university.auth)
        .expect(200);
      expect(AchievementDetailView.parse(res.body).interest).toMatchObject({ selections: 2 });
    });

    it('should keep one lead when the same interest is sent twice at once', async () => {
      const [a, b] = await Promise.all([
        interest(other, `demands/${demandId}`),
        interest(other, `demands/${demandId}`),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(await InterestModel.countDocuments({ itemId: demandId })).toBe(1);
    });

    it('should 403 when the owner organization expresses interest in its own item', async () => {
      const res = await interest(university, `achievements/${achievementId}`).expect(403);
      expect(res.body.error.message).toBe('这是本单位的成果，无需表示感兴趣');
    });

    it('should 404 for an unpublished item and 400 for an over-long note', async () => {
      await interest(enterprise, `achievements/${draftId}`).expect(404);
      const res = await interest(university, `demands/${demandId}`, { note: '很'.repeat(61) }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(await InterestModel.countDocuments({ itemId: demandId })).toBe(1);
    });

    it('should 401 without a session', async () => {
      await t.request.post(`/api/v1/achievements/${achievementId}/interest`).expect(401);
    });
  });

  describe('GET /api/v1/interests and PATCH /api/v1/interests/:id', () => {
    it('should list every event-less lead for the staff and only my own for a member', async () => {
      const staff = InterestPage.parse(
        (await t.request.get('/api/v1/interests').set('Authorization', coordinator.auth).expect(200)).body,
      );
      expect(staff.items.map((i) => i.person.name)).toEqual(
        expect.arrayContaining(['周工', expect.stringMatching(/^联系人/)]),
      );
      expect(staff.items).toHaveLength(3);
      const mine = InterestPage.parse(
        (
          await t.request
            .get('/api/v1/interests')
            .query({ itemId: achievementId })
            .set('Authorization', other.auth)
            .expect(200)
        ).body,
      );
      expect(mine.items).toHaveLength(1);
      expect(mine.items[0].organization?.name).toBe('本钢板材');
    });

    it('should let a coordinator mark a lead handled and filter the work list by it', async () => {
      const lead = (await InterestModel.findOne({ itemId: achievementId, note: '想了解量产成本' }).lean())!;
      const res = await t.request
        .patch(`/api/v1/interests/${lead._id.toHexString()}`)
        .set('Authorization', coordinator.auth)
        .send({ handled: true })
        .expect(200);
      expect(InterestView.parse(res.body)).toMatchObject({
        handled: true,
        handledBy: { displayName: '白衬衫·线索' },
      });
      const open = InterestPage.parse(
        (
          await t.request
            .get('/api/v1/interests?handled=no')
            .set('Authorization', coordinator.auth)
            .expect(200)
        ).body,
      );
      expect(open.items.map((i) => i.id)).not.toContain(lead._id.toHexString());
      expect(open.items).toHaveLength(2);
    });

    it('should 403 when a member marks a lead and 400 without handled', async () => {
      const lead = (await InterestModel.findOne({}).lean())!;
      await t.request
        .patch(`/api/v1/interests/${lead._id.toHexString()}`)
        .set('Authorization', enterprise.auth)
        .send({ handled: true })
        .expect(403);
      await t.request
        .patch(`/api/v1/interests/${lead._id.toHexString()}`)
        .set('Authorization', coordinator.auth)
        .send({})
        .expect(400);
    });
  });

  it('should keep demand details parseable with interest counts for the owner', async () => {
    const res = await t.request
      .get(`/api/v1/demands/${demandId}`)
      .set('Authorization', enterprise.auth)
      .expect(200);
    expect(DemandDetailView.parse(res.body).interest).toMatchObject({ selections: 1 });
  });
});
