import { AchievementDetailView, EventDetailView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { representative } from './publication.test-helpers';

describe('roadshow agenda links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

  it('should show the linked achievement on the event page and 400 for a wrong or missing link', async () => {
    const university = await representative(t, { orgName: '燕山大学', kind: 'university' });
    const coordinator = await signIn(t, 'coordinator', '白衬衫·议程');
    const reviewer = await signIn(t, 'secretariat', '秘书处·议程');
    const created = await t.request
      .post('/api/v1/achievements')
      .set('Authorization', university.auth)
      .send({
        title: '高性能轴承钢热处理',
        summary: '寿命提升 30%。',
        fields: ['metal_materials'],
        maturity: 'pilot',
        transferModes: ['license'],
      })
      .expect(201);
    const achievement = AchievementDetailView.parse(created.body);
    await t.request
      .post(`/api/v1/achievements/${achievement.id}/submit`)
      .set('Authorization', university.auth)
      .expect(200);
    await t.request
      .post(`/api/v1/achievements/${achievement.id}/approve`)
      .set('Authorization', reviewer.auth)
      .expect(200);
    const event = (agenda: object[]) => ({
      title: '轴承钢成果路演',
      kind: 'achievement_roadshow',
      startsAt: hours(1),
      endsAt: hours(4),
      agenda,
    });
    const slot = {
      time: hours(2),
      title: '轴承钢热处理',
      speaker: '张教授',
      kind: 'achievement_roadshow',
      achievementId: achievement.id,
    };

    const wrongKind = await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send(event([{ ...slot, kind: 'session' }]))
      .expect(400);
    expect(wrongKind.body.error.details[0].path).toBe('body.agenda.0.achievementId');
    await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send(event([{ ...slot, achievementId: '0123456789abcdef01234567' }]))
      .expect(400);

    const res = await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send(event([slot]))
      .expect(201);
    const member = await representative(t);
    const seen = EventDetailView.parse(
      (await t.request.get(`/api/v1/events/${res.body.id}`).set('Authorization', member.auth).expect(200))
        .body,
    );
    expect(seen.agenda[0]).toMatchObject({
      kind: 'achievement_roadshow',
      speaker: '张教授',
      link: {
        kind: 'achievement',
        id: achievement.id,
        title: '高性能轴承钢热处理',
        owner: { name: '燕山大学' },
      },
    });
  });
});
