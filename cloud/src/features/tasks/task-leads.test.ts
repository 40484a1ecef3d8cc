import {
  AchievementDetailView,
  EventDetailView,
  StaleIntentList,
  TaskSelectionPage,
} from '@alliance-hub/types';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { IntentModel } from '../intents/intent.model';
import { representative, type Rep } from '../publications/publication.test-helpers';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('我的待办 leads: GET /api/v1/tasks/selections and /tasks/stale-intents', () => {
  let t: TestApp;
  let university: Rep;
  let enterprise: Rep;
  let runner: Signed;
  let bystander: Signed;
  let secretariat: Signed;
  let eventId: string;
  let achievementId: string;

  beforeAll(async () => {
    t = await startTestApp();
    university = await representative(t, { orgName: '哈尔滨工业大学·线索', kind: 'university' });
    enterprise = await representative(t, { orgName: '东轻·线索', kind: 'enterprise' });
    runner = await signIn(t, 'coordinator', '白衬衫·路演负责');
    bystander = await signIn(t, 'coordinator', '白衬衫·旁观');
    secretariat = await signIn(t, 'secretariat', '秘书处·线索');
    const made = await t.request
      .post('/api/v1/achievements')
      .set('Authorization', university.auth)
      .send({
        title: '铝锂合金熔铸技术',
        summary: '可许可。',
        fields: ['metal_materials'],
        maturity: 'pilot',
        transferModes: ['license'],
      })
      .expect(201);
    achievementId = AchievementDetailView.parse(made.body).id;
    await t.request
      .post(`/api/v1/achievements/${achievementId}/submit`)
      .set('Authorization', university.auth)
      .expect(200);
    await t.request
      .post(`/api/v1/achievements/${achievementId}/approve`)
      .set('Authorization', secretariat.auth)
      .expect(200);
    const event = await t.request
      .post('/api/v1/events')
      .set('Authorization', runner.auth)
      .send({
        title: '轻合金成果路演',
        kind: 'achievement_roadshow',
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
      })
      .expect(201);
    eventId = EventDetailView.parse(event.body).id;
    await t.request
      .post(`/api/v1/events/${eventId}/selections`)
      .set('Authorization', enterprise.auth)
      .send({ itemKind: 'achievement', itemId: achievementId, note: '想了解量产成本' })
      .expect(201);
  });
  afterAll(() => t.close());

  const leads = (who: Signed) =>
    t.request
      .get('/api/v1/tasks/selections')
      .set('Authorization', who.auth)
      .expect(200)
      .then((r) => TaskSelectionPage.parse(r.body));

  it('should list an unhandled tick to the staff of its event and to the secretariat', async () => {
    const mine = await leads(runner);
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({
      event: { id: eventId, title: '轻合金成果路演' },
      item: { id: achievementId, title: '铝锂合金熔铸技术' },
      organization: { name: '东轻·线索' },
      note: '想了解量产成本',
      handled: false,
    });
    expect((await leads(secretariat)).total).toBeGreaterThanOrEqual(1);
  });

  it('should not list it to a coordinator who does not work the event', async () => {
    expect(await leads(bystander)).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('should drop a lead from the list once it is handled from there', async () => {
    const [lead] = (await leads(runner)).items;
    await t.request
      .patch(`/api/v1/events/${eventId}/selections/${lead.id}`)
      .set('Authorization', runner.auth)
      .send({ handled: true })
      .expect(200);
    expect((await leads(runner)).total).toBe(0);
  });

  it('should 403 a member and 400 a bad limit', async () => {
    await t.request.get('/api/v1/tasks/selections').set('Authorization', enterprise.auth).expect(403);
    const bad = await t.request
      .get('/api/v1/tasks/selections?limit=0')
      .set('Authorization', runner.auth)
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('should list an intent I own that had no contact for longer than its stage allows, and 403 a member', async () => {
    const stale = async (who: Signed) =>
      StaleIntentList.parse(
        (await t.request.get('/api/v1/tasks/stale-intents').set('Authorization', who.auth).expect(200)).body,
      ).items;
    expect(await stale(runner)).toEqual([]);
    const made = await t.request
      .post('/api/v1/intents')
      .set('Authorization', runner.auth)
      .send({
        clientId: randomUUID(),
        topic: '铝锂合金熔铸中试合作',
        parties: [
          { organizationId: enterprise.orgId, role: 'demand' },
          { organizationId: university.orgId, role: 'supply' },
        ],
      })
      .expect(201);
    const id = made.body.id as string;
    // A lead goes cold after 14 days without contact; this one was entered 20 days ago.
    const enteredAt = new Date(Date.now() - 20 * 24 * 3600_000 - 60_000);
    await IntentModel.updateOne(
      { _id: id },
      { $set: { stageEnteredAt: enteredAt }, $unset: { lastContactAt: 1 } },
    );
    const [item] = await stale(runner);
    expect(item).toMatchObject({ id, topic: '铝锂合金熔铸中试合作', stage: 'lead', daysSilent: 20 });
    expect(await stale(bystander)).toEqual([]);
    await t.request.get('/api/v1/tasks/stale-intents').set('Authorization', enterprise.auth).expect(403);
  });
});
