import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { CheckInResultView, EventDetailView, RegistrationView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { EventModel } from './event.model';
import { RegistrationModel } from './registration.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('/api/v1/events', () => {
  let t: TestApp;
  let coordinator: Signed;
  let doorStaff: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await signIn(t, 'coordinator', '白衬衫·活动');
    doorStaff = await signIn(t, 'coordinator', '白衬衫·门口');
  });
  afterAll(() => t.close());

  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  async function createEvent(extra: Record<string, unknown> = {}): Promise<EventDetailView> {
    const res = await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send({
        title: '2026 年度金属新材料联盟年会',
        kind: 'annual_meeting',
        startsAt: hoursFromNow(1),
        endsAt: hoursFromNow(6),
        place: '哈尔滨国际会展中心 A 馆',
        staff: [{ userId: doorStaff.user.id, duty: 'checkin' }],
        ...extra,
      })
      .expect(201);
    return EventDetailView.parse(res.body);
  }
  const register = (who: Signed, eventId: string, body: Record<string, unknown> = {}) =>
    t.request.post(`/api/v1/events/${eventId}/registrations`).set('Authorization', who.auth).send(body);
  const checkIn = (who: Signed, eventId: string, body: Record<string, unknown>) =>
    t.request
      .post(`/api/v1/events/${eventId}/check-ins`)
      .set('Authorization', who.auth)
      .send({ clientId: randomUUID(), at: new Date().toISOString(), method: 'scan', ...body });

  describe('creating', () => {
    it('should 400 with the field named when the end is before the start, and 403 for a member', async () => {
      const res = await t.request
        .post('/api/v1/events')
        .set('Authorization', coordinator.auth)
        .send({
          title: '路演',
          kind: 'achievement_roadshow',
          startsAt: hoursFromNow(5),
          endsAt: hoursFromNow(1),
        })
        .expect(400);
      expect(res.body.error.details[0]).toMatchObject({
        path: 'body.endsAt',
        message: '结束时间应晚于开始时间',
      });
      const member = await signIn(t, 'member');
      await t.request.post('/api/v1/events').set('Authorization', member.auth).send({}).expect(403);
    });

    it('should require a link for online matchmaking', async () => {
      const res = await t.request
        .post('/api/v1/events')
        .set('Authorization', coordinator.auth)
        .send({ title: '云对接', kind: 'online', startsAt: hoursFromNow(1), endsAt: hoursFromNow(2) })
        .expect(400);
      expect(res.body.error.details[0].path).toBe('body.link');
    });
  });

  describe('registration', () => {
    it('should fill the capacity, then put people on the waiting list, and promote on cancel', async () => {
      const event = await createEvent({ capacity: 2 });
      const [a, b, c] = [await signIn(t, 'member'), await signIn(t, 'member'), await signIn(t, 'guest')];
      const ra = RegistrationView.parse((await register(a, event.id).expect(201)).body);
      await register(b, event.id).expect(201);
      const rc = RegistrationView.parse((await register(c, event.id).expect(201)).body);
      expect([ra.status, rc.status]).toEqual(['registered', 'waitlisted']);
      expect(ra.entryCode).toEqual(expect.any(String));
      await t.request
        .post(`/api/v1/events/${event.id}/registrations/${ra.id}/cancel`)
        .set('Authorization', a.auth)
        .expect(200);
      expect((await RegistrationModel.findById(rc.id).lean())?.status).toBe('registered');
      expect((await EventModel.findById(event.id).lean())?.registeredCount).toBe(2);
    });

    it('should never overbook under concurrent sign-ups', async () => {
      const event = await createEvent({ capacity: 3 });
      const people = await Promise.all(Array.from({ length: 8 }, () => signIn(t, 'member')));
      const results = await Promise.all(people.map((p) => register(p, event.id)));
      const statuses = results.map((r) => r.body.status);
      expect(statuses.filter((s) => s === 'registered')).toHaveLength(3);
      expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(5);
    });

    it('should return the same registration when I register twice', async () => {
      const event = await createEvent();
      const a = await signIn(t, 'member');
      const first = await register(a, event.id).expect(201);
      const second = await register(a, event.id).expect(200);
      expect(second.body.id).toBe(first.body.id);
      expect(await RegistrationModel.countDocuments({ eventId: event.id })).toBe(1);
    });

    it('should hold registrations for approval when the event requires it', async () => {
      const event = await createEvent({ registrationMode: 'approval' });
      const a = await signIn(t, 'member');
      const reg = (await register(a, event.id).expect(201)).body as RegistrationView;
      expect(reg.status).toBe('pending');
      await t.request
        .post(`/api/v1/events/${event.id}/registrations/${reg.id}/approve`)
        .set('Authorization', a.auth)
        .expect(403);
      const approved = await t.request
        .post(`/api/v1/events/${event.id}/registrations/${reg.id}/approve`)
        .set('Authorization', coordinator.auth)
        .expect(200);
      expect(approved.body.status).toBe('registered');
    });

    it('should hide invite-only events from members: 404 on registering, absent from the list', async () => {
      const event = await createEvent({
        registrationMode: 'invite',
        title: '闭门对接会（邀请制）',
        kind: 'closed_door',
      });
      const a = await signIn(t, 'member');
      await register(a, event.id).expect(404);
      const list = await t.request.get('/api/v1/events').set('Authorization', a.auth).expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(event.id);
      await t.request.get(`/api/v1/events/${event.id}`).set('Authorization', a.auth).expect(404);
    });
  });

  describe('check-in', () => {
    it('should check in by entry code once, and answer a repeat scan with who and when', async () => {
      const event = await createEvent();
      const a = await signIn(t, 'member', '赵工');
      const reg = (await register(a, event.id).expect(201)).body as RegistrationView;
      const first = CheckInResultView.parse(
        (await checkIn(doorStaff, event.id, { entryCode: reg.entryCode }).expect(200)).body,
      );
      expect(first.outcome).toBe('checked_in');
      const again = CheckInResultView.parse(
        (await checkIn(doorStaff, event.id, { entryCode: reg.entryCode }).expect(200)).body,
      );
      expect(again.outcome).toBe('already_checked_in');
      expect(again.message).toMatch(/^已于 \d{2}:\d{2} 由 白衬衫·门口 签到$/);
    });

    it('should keep the earliest time when two coordinators check in the same person', async () => {
      const event = await createEvent({
        staff: [
          { userId: doorStaff.user.id, duty: 'checkin' },
          { userId: coordinator.user.id, duty: 'checkin' },
        ],
      });
      const a = await signIn(t, 'member');
      const reg = (await register(a, event.id).expect(201)).body as RegistrationView;
      const later = new Date(Date.now() - 60_000).toISOString();
      const earlier = new Date(Date.now() - 5 * 60_000).toISOString();
      await checkIn(doorStaff, event.id, { entryCode: reg.entryCode, at: later }).expect(200);
      const synced = await checkIn(coordinator, event.id, { entryCode: reg.entryCode, at: earlier }).expect(
        200,
      );
      expect(synced.body.registration.checkIn).toMatchObject({ at: earlier, by: { name: '白衬衫·活动' } });
    });

    it('should only let the staff of this event check others in', async () => {
      const event = await createEvent();
      const a = await signIn(t, 'member');
      const reg = (await register(a, event.id).expect(201)).body as RegistrationView;
      const outsider = await signIn(t, 'coordinator');
      const res = await checkIn(outsider, event.id, { entryCode: reg.entryCode }).expect(403);
      expect(res.body.error.message).toMatch(/工作人员/);
      await checkIn(a, event.id, { entryCode: reg.entryCode }).expect(403);
    });

    it('should register and check in a walk-in in one step, once however often the phone retries', async () => {
      const event = await createEvent();
      const clientId = randomUUID();
      const body = {
        clientId,
        method: 'walk_in',
        walkIn: { name: '钱工', organization: '哈尔滨某铝业公司', mobile: '13700000000' },
      };
      const first = await checkIn(doorStaff, event.id, body).expect(200);
      expect(first.body.outcome).toBe('walk_in_registered');
      await checkIn(doorStaff, event.id, body).expect(200);
      expect(await RegistrationModel.countDocuments({ eventId: event.id, walkIn: true })).toBe(1);
      const door = await t.request
        .get(`/api/v1/events/${event.id}/door`)
        .set('Authorization', doorStaff.auth)
        .expect(200);
      expect(door.body).toMatchObject({ walkIns: 1, checkedIn: 1 });
    });

    it('should sync a queue of offline scans exactly once, item by item', async () => {
      const event = await createEvent();
      const people = await Promise.all(Array.from({ length: 5 }, () => signIn(t, 'member')));
      const regs = await Promise.all(
        people.map(async (p) => (await register(p, event.id).expect(201)).body as RegistrationView),
      );
      const items = regs.map((r, i) => ({
        clientId: `offline-${event.id}-${i}`,
        at: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
        method: 'scan',
        entryCode: r.entryCode,
      }));
      items.push({
        clientId: 'bad-code-1',
        at: new Date().toISOString(),
        method: 'scan',
        entryCode: 'no-such-code',
      });
      const first = await t.request
        .post(`/api/v1/events/${event.id}/check-ins/batch`)
        .set('Authorization', doorStaff.auth)
        .send({ items })
        .expect(200);
      expect(first.body.results.map((r: CheckInResultView) => r.outcome)).toEqual([
        ...Array(5).fill('checked_in'),
        'rejected',
      ]);
      const retry = await t.request
        .post(`/api/v1/events/${event.id}/check-ins/batch`)
        .set('Authorization', doorStaff.auth)
        .send({ items })
        .expect(200);
      expect(
        retry.body.results.slice(0, 5).every((r: CheckInResultView) => r.outcome === 'already_checked_in'),
      ).toBe(true);
      const door = await t.request
        .get(`/api/v1/events/${event.id}/door`)
        .set('Authorization', doorStaff.auth)
        .expect(200);
      expect(door.body).toMatchObject({ registered: 5, checkedIn: 5, walkIns: 0 });
      expect(door.body.latest).toHaveLength(5);
    });

    it('should let an attendee check themself in with the event code inside the window', async () => {
      const event = await createEvent();
      const a = await signIn(t, 'member');
      await register(a, event.id).expect(201);
      const eventCode = (await EventModel.findById(event.id).lean())!.eventCode;
      await t.request
        .post(`/api/v1/events/${event.id}/self-check-in`)
        .set('Authorization', a.auth)
        .send({ eventCode: 'wrong-code', clientId: randomUUID() })
        .expect(400);
      const res = await t.request
        .post(`/api/v1/events/${event.id}/self-check-in`)
        .set('Authorization', a.auth)
        .send({ eventCode, clientId: randomUUID() })
        .expect(200);
      expect(res.body.registration.checkIn.method).toBe('self');
      const later = await createEvent({ startsAt: hoursFromNow(30), endsAt: hoursFromNow(32) });
      await register(a, later.id).expect(201);
      const code = (await EventModel.findById(later.id).lean())!.eventCode;
      const early = await t.request
        .post(`/api/v1/events/${later.id}/self-check-in`)
        .set('Authorization', a.auth)
        .send({ eventCode: code, clientId: randomUUID() })
        .expect(400);
      expect(early.body.error.details[0].message).toMatch(/签到时间/);
    });

    it('should export the sign-in sheet with arrival times for staff only', async () => {
      const event = await createEvent();
      const a = await signIn(t, 'member', '签到表测试');
      const reg = (await register(a, event.id).expect(201)).body as RegistrationView;
      await register(await signIn(t, 'member', '未到场者'), event.id).expect(201);
      await checkIn(doorStaff, event.id, { entryCode: reg.entryCode, at: '2026-01-01T01:12:00.000Z' });
      const res = await t.request
        .get(`/api/v1/events/${event.id}/sign-in-sheet.xlsx`)
        .set('Authorization', doorStaff.auth)
        .responseType('blob')
        .expect(200)
        .expect('Content-Type', /spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const rows: string[][] = [];
      book.worksheets[0].eachRow((row) => rows.push([2, 7, 9].map((c) => row.getCell(c).text)));
      expect(rows[0]).toEqual(['姓名', '签到时间', '签到人员']);
      expect(
        rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(['未到场者', '签到表测试']);
      expect(rows.find((r) => r[0] === '未到场者')?.[1]).toBe('未签到');
      await t.request
        .get(`/api/v1/events/${event.id}/sign-in-sheet.xlsx`)
        .set('Authorization', a.auth)
        .expect(403);
    });

    it('should find an attendee by name or the last digits of the mobile', async () => {
      const event = await createEvent();
      const a = await signIn(t, 'member', '孙立新');
      await t.request
        .put('/api/v1/me/card')
        .set('Authorization', a.auth)
        .send({ mobile: '13612348888' })
        .expect(200);
      await register(a, event.id).expect(201);
      const byName = await t.request
        .get(`/api/v1/events/${event.id}/attendees?q=${encodeURIComponent('孙立新')}`)
        .set('Authorization', doorStaff.auth)
        .expect(200);
      expect(byName.body.items.map((r: RegistrationView) => r.person.name)).toEqual(['孙立新']);
      const byDigits = await t.request
        .get(`/api/v1/events/${event.id}/attendees?q=8888`)
        .set('Authorization', doorStaff.auth)
        .expect(200);
      expect(byDigits.body.items).toHaveLength(1);
      const notYet = await t.request
        .get(`/api/v1/events/${event.id}/attendees?checkedIn=yes`)
        .set('Authorization', doorStaff.auth)
        .expect(200);
      expect(notYet.body.items).toEqual([]);
    });
  });
});

describe('card swaps at an event happening now', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should record the swap against the event the scanner is checked in to', async () => {
    const staff = await signIn(t, 'coordinator');
    const event = await t.request
      .post('/api/v1/events')
      .set('Authorization', staff.auth)
      .send({
        title: '闭门对接会·轻合金专场',
        kind: 'closed_door',
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        staff: [{ userId: staff.user.id, duty: 'checkin' }],
      })
      .expect(201);
    const [a, b] = [await signIn(t, 'member'), await signIn(t, 'member')];
    const reg = await t.request
      .post(`/api/v1/events/${event.body.id}/registrations`)
      .set('Authorization', b.auth)
      .send({})
      .expect(201);
    await t.request
      .post(`/api/v1/events/${event.body.id}/check-ins`)
      .set('Authorization', staff.auth)
      .send({
        clientId: randomUUID(),
        at: new Date().toISOString(),
        method: 'scan',
        entryCode: reg.body.entryCode,
      })
      .expect(200);
    const token = (await t.request.post('/api/v1/me/card/tokens').set('Authorization', a.auth).expect(201))
      .body.token;
    const swap = await t.request
      .post('/api/v1/cards/swap')
      .set('Authorization', b.auth)
      .send({ token })
      .expect(200);
    expect(swap.body.contact.event).toEqual({ id: event.body.id, title: '闭门对接会·轻合金专场' });
    const theirs = await t.request.get('/api/v1/contacts').set('Authorization', a.auth).expect(200);
    expect(theirs.body.items[0].event.title).toBe('闭门对接会·轻合金专场');
  });
});

describe('GET /api/v1/events order', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should list upcoming events soonest first and page through them without repeats', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    for (const [title, h] of [
      ['三天后', 72],
      ['一小时后', 1],
      ['明天', 24],
      ['已结束', -48],
    ] as const) {
      await t.request
        .post('/api/v1/events')
        .set('Authorization', coordinator.auth)
        .send({ title, kind: 'talk', startsAt: at(h), endsAt: at(h + 2) })
        .expect(201);
    }
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ title: string }>; nextCursor: string | null } } = await t.request
        .get(`/api/v1/events?when=upcoming&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', coordinator.auth)
        .expect(200);
      titles.push(...res.body.items.map((e) => e.title));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(titles).toEqual(['一小时后', '明天', '三天后']);
    const past = await t.request
      .get('/api/v1/events?when=past')
      .set('Authorization', coordinator.auth)
      .expect(200);
    expect(past.body.items.map((e: { title: string }) => e.title)).toEqual(['已结束']);
    await t.request.get('/api/v1/events?cursor=%%%').set('Authorization', coordinator.auth).expect(400);
  });
});

describe('GET /api/v1/events?staff=me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const titlesFor = async (who: Signed, query = 'staff=me') => {
    const res = await t.request.get(`/api/v1/events?${query}`).set('Authorization', who.auth).expect(200);
    return res.body.items.map((e: { title: string }) => e.title);
  };

  it('should list only the events I staff, soonest first, and follow changes to the staff', async () => {
    const organiser = await signIn(t, 'coordinator', '白衬衫·组织');
    const door = await signIn(t, 'coordinator', '白衬衫·签到');
    const other = await signIn(t, 'coordinator', '白衬衫·别的');
    const member = await signIn(t, 'member');
    const create = async (who: Signed, title: string, h: number, staff: Signed[] = []) =>
      (
        await t.request
          .post('/api/v1/events')
          .set('Authorization', who.auth)
          .send({
            title,
            kind: 'talk',
            startsAt: at(h),
            endsAt: at(h + 2),
            staff: staff.map((s) => ({ userId: s.user.id, duty: 'checkin' })),
          })
          .expect(201)
      ).body as EventDetailView;
    const withDoor = await create(organiser, '门口有人的沙龙', 48, [door]);
    await create(organiser, '组织者自己的讲座', 24);
    await create(other, '别人组织请我签到', 72, [organiser]);
    await create(other, '与我无关的路演', 30);

    expect(await titlesFor(organiser)).toEqual(['组织者自己的讲座', '门口有人的沙龙', '别人组织请我签到']);
    expect(await titlesFor(door)).toEqual(['门口有人的沙龙']);
    expect(await titlesFor(member)).toEqual([]);
    // Without the filter everyone still sees every open event.
    expect(await titlesFor(door, 'when=upcoming')).toHaveLength(4);

    await t.request
      .patch(`/api/v1/events/${withDoor.id}`)
      .set('Authorization', organiser.auth)
      .send({ staff: [{ userId: organiser.user.id, duty: 'organiser' }] })
      .expect(200);
    expect(await titlesFor(door)).toEqual([]);
  });

  it('should 400 with a stable code when staff is anything but me, and 401 when signed out', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const res = await t.request
      .get('/api/v1/events?staff=all')
      .set('Authorization', coordinator.auth)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    await t.request.get('/api/v1/events?staff=me').expect(401);
  });
});
