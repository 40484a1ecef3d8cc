import { AchievementDetailView, EventDetailView, SelectionPage, SelectionView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AchievementModel } from '../achievements/achievement.model';
import { representative, type Rep } from '../publications/publication.test-helpers';
import { SelectionModel } from './selection.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('/api/v1/events/:id/selections', () => {
  let t: TestApp;
  let university: Rep;
  let enterprise: Rep;
  let other: Rep;
  let coordinator: Signed;
  let reviewer: Signed;
  let eventId: string;
  const achievements: string[] = [];
  let draftId: string;

  beforeAll(async () => {
    t = await startTestApp();
    university = await representative(t, { orgName: '东北大学', kind: 'university' });
    enterprise = await representative(t, { orgName: '鞍钢股份', kind: 'enterprise' });
    other = await representative(t, { orgName: '本钢板材', kind: 'enterprise' });
    coordinator = await signIn(t, 'coordinator', '白衬衫·路演');
    reviewer = await signIn(t, 'secretariat', '秘书处·路演');
    for (const title of ['高品质特殊钢冶炼技术', '钢材表面涂层新工艺']) {
      const res = await t.request
        .post('/api/v1/achievements')
        .set('Authorization', university.auth)
        .send({
          title,
          summary: '可转让。',
          fields: ['metal_materials'],
          maturity: 'pilot',
          transferModes: ['transfer'],
        })
        .expect(201);
      const id = AchievementDetailView.parse(res.body).id;
      await t.request
        .post(`/api/v1/achievements/${id}/submit`)
        .set('Authorization', university.auth)
        .expect(200);
      await t.request
        .post(`/api/v1/achievements/${id}/approve`)
        .set('Authorization', reviewer.auth)
        .expect(200);
      achievements.push(id);
    }
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
    const event = await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send({
        title: '金属新材料成果路演',
        kind: 'achievement_roadshow',
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
      })
      .expect(201);
    eventId = EventDetailView.parse(event.body).id;
  });
  afterAll(() => t.close());

  const tick = (who: Signed, itemId: string, note?: string) =>
    t.request
      .post(`/api/v1/events/${eventId}/selections`)
      .set('Authorization', who.auth)
      .send({ itemKind: 'achievement', itemId, ...(note ? { note } : {}) });
  const list = (who: Signed, qs = '') =>
    t.request.get(`/api/v1/events/${eventId}/selections${qs}`).set('Authorization', who.auth);

  it('should create a lead (201) and answer the same one (200) when the same person ticks again', async () => {
    const first = SelectionView.parse(
      (await tick(enterprise, achievements[0], '想了解量产成本').expect(201)).body,
    );
    expect(first).toMatchObject({
      item: {
        kind: 'achievement',
        id: achievements[0],
        title: '高品质特殊钢冶炼技术',
        owner: { name: '东北大学' },
      },
      organization: { name: '鞍钢股份' },
      note: '想了解量产成本',
      handled: false,
    });
    const again = SelectionView.parse((await tick(enterprise, achievements[0]).expect(200)).body);
    expect(again.id).toBe(first.id);
    expect(again.note).toBe('想了解量产成本');
  });

  it('should store one selection and count one when the same tick arrives concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => tick(other, achievements[1])));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await SelectionModel.countDocuments({ itemId: achievements[1], personId: other.personId })).toBe(
      1,
    );
    expect((await AchievementModel.findById(achievements[1]).lean())?.selections).toBe(1);
  });

  it('should show the owner the selection count on the achievement', async () => {
    await tick(enterprise, achievements[1]).expect(201);
    const own = AchievementDetailView.parse(
      (
        await t.request
          .get(`/api/v1/achievements/${achievements[1]}`)
          .set('Authorization', university.auth)
          .expect(200)
      ).body,
    );
    expect(own.interest?.selections).toBe(2);
  });

  it('should 400 when the note is longer than 60 characters and 404 for an unpublished item', async () => {
    const res = await tick(enterprise, achievements[0], '字'.repeat(61)).expect(400);
    expect(res.body.error.details[0]).toEqual({ path: 'body.note', message: '最多 60 个字' });
    await tick(enterprise, draftId).expect(404);
    await t.request
      .post('/api/v1/events/0123456789abcdef01234567/selections')
      .set('Authorization', enterprise.auth)
      .send({ itemKind: 'achievement', itemId: achievements[0] })
      .expect(404);
  });

  it('should 404 when the event is invite-only and the member is not on its list', async () => {
    const invite = await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send({
        title: '闭门对接会（邀请制）',
        kind: 'closed_door',
        registrationMode: 'invite',
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      })
      .expect(201);
    await t.request
      .post(`/api/v1/events/${invite.body.id}/selections`)
      .set('Authorization', enterprise.auth)
      .send({ itemKind: 'achievement', itemId: achievements[0] })
      .expect(404);
  });

  it('should 401 without a session and 403 for someone without a person record', async () => {
    await t.request
      .post(`/api/v1/events/${eventId}/selections`)
      .send({ itemKind: 'achievement', itemId: achievements[0] })
      .expect(401);
    const bare = await signIn(t, 'member');
    await tick(bare, achievements[0]).expect(403);
  });

  it('should give coordinators the whole work list and members their own ticks', async () => {
    const all = SelectionPage.parse((await list(coordinator, '?limit=100').expect(200)).body);
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const mine = SelectionPage.parse((await list(enterprise).expect(200)).body);
    expect(mine.items.every((s) => s.person.id === enterprise.personId)).toBe(true);
    expect(mine.items).toHaveLength(2);
  });

  it('should let the coordinator mark a lead handled, 403 for a member, and filter by handled', async () => {
    const [lead] = SelectionPage.parse((await list(enterprise).expect(200)).body).items;
    await t.request
      .patch(`/api/v1/events/${eventId}/selections/${lead.id}`)
      .set('Authorization', enterprise.auth)
      .send({ handled: true })
      .expect(403);
    const handled = SelectionView.parse(
      (
        await t.request
          .patch(`/api/v1/events/${eventId}/selections/${lead.id}`)
          .set('Authorization', coordinator.auth)
          .send({ handled: true })
          .expect(200)
      ).body,
    );
    expect(handled).toMatchObject({ handled: true, handledBy: { displayName: '白衬衫·路演' } });
    const open = SelectionPage.parse((await list(coordinator, '?handled=no&limit=100').expect(200)).body);
    expect(open.items.map((s) => s.id)).not.toContain(lead.id);
    await t.request
      .patch(`/api/v1/events/${eventId}/selections/0123456789abcdef01234567`)
      .set('Authorization', coordinator.auth)
      .send({ handled: true })
      .expect(404);
  });
});
