import { EventDetailView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { EventModel } from './event.model';
import { addCreatorsToStaff } from './event.service';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('PATCH /api/v1/events/:id', () => {
  let t: TestApp;
  let organiser: Signed;
  let doorStaff: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    organiser = await signIn(t, 'coordinator', '白衬衫·组织');
    doorStaff = await signIn(t, 'coordinator', '白衬衫·签到');
  });
  afterAll(() => t.close());

  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  async function createEvent(extra: Record<string, unknown> = {}): Promise<EventDetailView> {
    const res = await t.request
      .post('/api/v1/events')
      .set('Authorization', organiser.auth)
      .send({
        title: '闭门对接会',
        kind: 'closed_door',
        startsAt: hoursFromNow(24),
        endsAt: hoursFromNow(27),
        place: '市科技局 3 楼会议室',
        registrationMode: 'invite',
        capacity: 30,
        staff: [{ userId: doorStaff.user.id, duty: 'checkin' }],
        ...extra,
      })
      .expect(201);
    return EventDetailView.parse(res.body);
  }
  const patch = (id: string, body: Record<string, unknown>, who: Signed = organiser) =>
    t.request.patch(`/api/v1/events/${id}`).set('Authorization', who.auth).send(body);

  it('should change only the fields named when a partial body is sent', async () => {
    const event = await createEvent();
    const res = await patch(event.id, { title: '闭门对接会（改期）' }).expect(200);
    const after = EventDetailView.parse(res.body);
    expect(after.title).toBe('闭门对接会（改期）');
    expect(after.registrationMode).toBe('invite');
    expect(after.capacity).toBe(30);
    expect(after.place).toBe('市科技局 3 楼会议室');
    expect(after.staff.map((s) => s.userId)).toEqual(event.staff.map((s) => s.userId));
    const stored = await EventModel.findById(event.id).lean();
    expect(stored?.registrationMode).toBe('invite');
    expect(stored?.staff).toHaveLength(2);
  });

  it('should keep PUT working as the same partial update when an older client sends part of the event', async () => {
    const event = await createEvent();
    await t.request
      .put(`/api/v1/events/${event.id}`)
      .set('Authorization', organiser.auth)
      .send({ place: '哈尔滨国际会展中心' })
      .expect(200);
    const stored = await EventModel.findById(event.id).lean();
    expect(stored?.place).toBe('哈尔滨国际会展中心');
    expect(stored?.registrationMode).toBe('invite');
    expect(stored?.staff).toHaveLength(2);
  });

  it('should clear an optional field when it is sent as null', async () => {
    const event = await createEvent();
    const after = EventDetailView.parse(
      (await patch(event.id, { capacity: null, place: null }).expect(200)).body,
    );
    expect(after.capacity).toBeNull();
    expect(after.place).toBeNull();
    expect(after.title).toBe(event.title);
  });

  it('should 400 when a partial update would end the event before it starts', async () => {
    const event = await createEvent();
    const res = await patch(event.id, { endsAt: hoursFromNow(1) }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({
      path: 'body.endsAt',
      message: '结束时间应晚于开始时间',
    });
    const online = await patch(event.id, { kind: 'online' }).expect(400);
    expect(online.body.error.details[0].path).toBe('body.link');
    expect((await EventModel.findById(event.id).lean())?.kind).toBe('closed_door');
  });

  it('should 400 on unknown fields and 403 for a member', async () => {
    const event = await createEvent();
    await patch(event.id, { registeredCount: 0 }).expect(400);
    const member = await signIn(t, 'member');
    await patch(event.id, { title: '改名' }, member).expect(403);
  });
});

describe('event staff', () => {
  let t: TestApp;
  let organiser: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    organiser = await signIn(t, 'coordinator', '白衬衫·创建人');
  });
  afterAll(() => t.close());

  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const create = (staff: Array<{ userId: string; duty: string }>) =>
    t.request
      .post('/api/v1/events')
      .set('Authorization', organiser.auth)
      .send({
        title: '成果路演',
        kind: 'achievement_roadshow',
        startsAt: hoursFromNow(2),
        endsAt: hoursFromNow(4),
        staff,
      });

  it('should put the creator on the staff as organiser when the event is created', async () => {
    const res = await create([]).expect(201);
    const event = EventDetailView.parse(res.body);
    expect(event.staff).toEqual([{ userId: organiser.user.id, name: '白衬衫·创建人', duty: 'organiser' }]);
    expect(event.isStaff).toBe(true);
  });

  it('should not add the creator twice when they already chose a duty for themself', async () => {
    const res = await create([{ userId: organiser.user.id, duty: 'checkin' }]).expect(201);
    expect(EventDetailView.parse(res.body).staff).toEqual([
      { userId: organiser.user.id, name: '白衬衫·创建人', duty: 'checkin' },
    ]);
  });

  it('should 400 naming the person when a member or guest is put on the staff', async () => {
    const member = await signIn(t, 'member', '成员·王芳');
    const res = await create([{ userId: member.user.id, duty: 'checkin' }]).expect(400);
    expect(res.body.error.details).toEqual([
      { path: 'body.staff.0.userId', message: '成员·王芳 不是白衬衫或秘书处成员，不能担任活动工作人员' },
    ]);
    const event = EventDetailView.parse((await create([]).expect(201)).body);
    const guest = await signIn(t, 'guest', '访客·李雷');
    const patched = await t.request
      .patch(`/api/v1/events/${event.id}`)
      .set('Authorization', organiser.auth)
      .send({ staff: [{ userId: guest.user.id, duty: 'pickup' }] })
      .expect(400);
    expect(patched.body.error.details[0].message).toContain('访客·李雷');
    expect((await EventModel.findById(event.id).lean())?.staff).toHaveLength(1);
  });

  it('should add the creator of an older event to its staff once when the service starts', async () => {
    const res = await create([]).expect(201);
    const id = EventDetailView.parse(res.body).id;
    // As stored before creators joined their events' staff.
    await EventModel.updateOne({ _id: id }, { $set: { staff: [] } });
    expect(await addCreatorsToStaff()).toBeGreaterThanOrEqual(1);
    expect(await addCreatorsToStaff()).toBe(0);
    const event = EventDetailView.parse(
      (await t.request.get(`/api/v1/events/${id}`).set('Authorization', organiser.auth).expect(200)).body,
    );
    expect(event.staff).toEqual([{ userId: organiser.user.id, name: '白衬衫·创建人', duty: 'organiser' }]);
  });

  it('should accept coordinators and the secretariat as staff', async () => {
    const secretary = await signIn(t, 'secretariat');
    const coordinator = await signIn(t, 'coordinator');
    const res = await create([
      { userId: secretary.user.id, duty: 'consulting' },
      { userId: coordinator.user.id, duty: 'checkin' },
    ]).expect(201);
    expect(EventDetailView.parse(res.body).staff).toHaveLength(3);
  });
});
