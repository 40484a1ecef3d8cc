import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { CheckInResultView, EventDetailView, RegistrationView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { PersonModel } from '../people/person.model';
import { ATTENDEE_LOOKUPS_PER_MINUTE } from './events.routes';
import { RegistrationModel, dropRetiredRegistrationIndexes } from './registration.model';
import { RATE_WINDOW_TEST_TIMEOUT_MS, withinOneWindow } from '../../test/rate-window';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('/api/v1/events/:id/check-ins', () => {
  let t: TestApp;
  let organiser: Signed;
  let doorStaff: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    organiser = await signIn(t, 'coordinator', '白衬衫·签到组');
    doorStaff = await signIn(t, 'coordinator', '白衬衫·门口二');
  });
  afterAll(() => t.close());

  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  async function createEvent(): Promise<EventDetailView> {
    const res = await t.request
      .post('/api/v1/events')
      .set('Authorization', organiser.auth)
      .send({
        title: '年会',
        kind: 'annual_meeting',
        startsAt: hoursFromNow(1),
        endsAt: hoursFromNow(5),
        staff: [{ userId: doorStaff.user.id, duty: 'checkin' }],
      })
      .expect(201);
    return EventDetailView.parse(res.body);
  }
  const walkIn = (eventId: string, walk: Record<string, string>, clientId: string = randomUUID()) =>
    t.request
      .post(`/api/v1/events/${eventId}/check-ins`)
      .set('Authorization', doorStaff.auth)
      .send({ clientId, at: new Date().toISOString(), method: 'walk_in', walkIn: walk });
  const attendees = (eventId: string, query: string, who: Signed = doorStaff) =>
    t.request.get(`/api/v1/events/${eventId}/attendees?${query}`).set('Authorization', who.auth);
  async function sheetRows(eventId: string): Promise<string[][]> {
    const res = await t.request
      .get(`/api/v1/events/${eventId}/sign-in-sheet.xlsx`)
      .set('Authorization', doorStaff.auth)
      .responseType('blob')
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push([2, 3, 4, 5].map((c) => row.getCell(c).text)));
    return rows.slice(1);
  }

  describe('walk-ins', () => {
    it("should keep a walk-in's organization as their organization, not their title, online and from the offline batch", async () => {
      const org = await t.request
        .post('/api/v1/organizations')
        .set('Authorization', organiser.auth)
        .send({ name: '东北轻合金有限责任公司', kind: 'enterprise', aliases: ['东轻'] })
        .expect(201);
      const event = await createEvent();
      const online = CheckInResultView.parse(
        (await walkIn(event.id, { name: '钱工', organization: '某铝业新材料公司' }).expect(200)).body,
      );
      expect(online.registration?.organization).toEqual({ id: null, name: '某铝业新材料公司', kind: null });
      expect(online.registration?.person.title).toBeNull();
      const batch = await t.request
        .post(`/api/v1/events/${event.id}/check-ins/batch`)
        .set('Authorization', doorStaff.auth)
        .send({
          items: [
            {
              clientId: randomUUID(),
              at: new Date().toISOString(),
              method: 'walk_in',
              walkIn: { name: '孙工', organization: '东轻' },
            },
          ],
        })
        .expect(200);
      expect(batch.body.results[0].registration.organization).toEqual({
        id: org.body.id,
        name: '东北轻合金有限责任公司',
        kind: 'enterprise',
      });
      const sun = await PersonModel.findById(batch.body.results[0].registration.person.id).lean();
      expect(sun?.orgId?.toHexString()).toBe(org.body.id);
      expect(sun?.title).toBeUndefined();

      const list = await attendees(event.id, 'limit=20').expect(200);
      const orgs = Object.fromEntries(
        list.body.items.map((r: RegistrationView) => [r.person.name, r.organization?.name]),
      );
      expect(orgs).toEqual({ 钱工: '某铝业新材料公司', 孙工: '东北轻合金有限责任公司' });
      const rows = await sheetRows(event.id);
      expect(rows).toEqual(
        expect.arrayContaining([
          ['钱工', '某铝业新材料公司', '', ''],
          ['孙工', '东北轻合金有限责任公司', '企业', ''],
        ]),
      );
      const byOrg = await attendees(event.id, `q=${encodeURIComponent('铝业')}`).expect(200);
      expect(byOrg.body.items.map((r: RegistrationView) => r.person.name)).toEqual(['钱工']);
    });

    it('should scope walk-in ids to the event when a door phone reuses a client id at another event', async () => {
      const [eventA, eventB] = [await createEvent(), await createEvent()];
      const clientId = randomUUID();
      const atA = CheckInResultView.parse(
        (await walkIn(eventA.id, { name: '周工' }, clientId).expect(200)).body,
      );
      const atB = CheckInResultView.parse(
        (await walkIn(eventB.id, { name: '吴工' }, clientId).expect(200)).body,
      );
      expect(atB.outcome).toBe('walk_in_registered');
      expect(atB.registration?.person.name).toBe('吴工');
      expect(atB.registration?.id).not.toBe(atA.registration?.id);
      const regA = await RegistrationModel.findById(atA.registration?.id).lean();
      expect(regA?.eventId.toHexString()).toBe(eventA.id);
      expect(await RegistrationModel.countDocuments({ eventId: eventB.id, walkIn: true })).toBe(1);
      // The same scan retried at B still finds B's walk-in, once.
      const retry = CheckInResultView.parse(
        (await walkIn(eventB.id, { name: '吴工' }, clientId).expect(200)).body,
      );
      expect(retry.outcome).toBe('already_checked_in');
      expect(retry.registration?.id).toBe(atB.registration?.id);
    });
  });

  describe('scans', () => {
    it('should answer a first scan with the person, organization and who checked them in', async () => {
      const event = await createEvent();
      const member = await signIn(t, 'member', '刘工');
      const reg = RegistrationView.parse(
        (
          await t.request
            .post(`/api/v1/events/${event.id}/registrations`)
            .set('Authorization', member.auth)
            .send({})
        ).body,
      );
      const scan = (clientId: string) =>
        t.request
          .post(`/api/v1/events/${event.id}/check-ins`)
          .set('Authorization', doorStaff.auth)
          .send({ clientId, at: new Date().toISOString(), method: 'scan', entryCode: reg.entryCode });
      const first = CheckInResultView.parse((await scan(randomUUID()).expect(200)).body);
      expect(first).toMatchObject({ outcome: 'checked_in', message: '刘工 签到成功' });
      expect(first.registration).toMatchObject({
        id: reg.id,
        person: { name: '刘工' },
        entryCode: null,
        checkIn: { method: 'scan', by: { id: doorStaff.user.id, name: '白衬衫·门口二' } },
      });
      const again = CheckInResultView.parse((await scan(randomUUID()).expect(200)).body);
      expect(again.outcome).toBe('already_checked_in');
      expect(again.message).toMatch(/^已于 \d\d:\d\d 由 白衬衫·门口二 签到$/);
    });

    it('should refuse a scan from someone taken off the staff as soon as the event is edited', async () => {
      const event = await createEvent();
      const walk = { name: '蒋工' };
      await walkIn(event.id, walk).expect(200);
      await t.request
        .patch(`/api/v1/events/${event.id}`)
        .set('Authorization', organiser.auth)
        .send({ staff: [] })
        .expect(200);
      await walkIn(event.id, walk).expect(403);
    });
  });

  describe('looking attendees up by mobile', () => {
    it('should match exactly the last 4 digits, never a longer or shorter run', async () => {
      const event = await createEvent();
      await walkIn(event.id, { name: '郑工', mobile: '13912345678' }).expect(200);
      await walkIn(event.id, { name: '冯工', mobile: '13956785678' }).expect(200);
      await walkIn(event.id, { name: '陈工', mobile: '13800005670' }).expect(200);
      const tail = await attendees(event.id, 'q=5678').expect(200);
      expect(tail.body.items.map((r: RegistrationView) => r.person.name).sort()).toEqual(['冯工', '郑工']);
      // Longer runs would let staff recover the whole number digit by digit.
      for (const q of ['45678', '12345678', '13912345678', '567']) {
        const res = await attendees(event.id, `q=${q}`).expect(400);
        expect(res.body.error.details[0]).toEqual({
          path: 'query.q',
          message: '按手机号查找请输入后 4 位数字',
        });
      }
      // Digits inside the number are not a tail.
      expect((await attendees(event.id, 'q=1234').expect(200)).body.items).toEqual([]);
      const text = JSON.stringify(tail.body);
      expect(text).not.toContain('13912345678');
      expect(text).not.toContain('1391234');
    });

    it(
      'should rate-limit lookups per staff user, not per address',
      async () => {
        const event = await createEvent();
        // 61 lookups: ask for 20 s of the minute, so the budget cannot restart halfway.
        await withinOneWindow(60, 20_000);
        let last = 0;
        for (let i = 0; i < ATTENDEE_LOOKUPS_PER_MINUTE + 1; i++) {
          last = (await attendees(event.id, `q=${encodeURIComponent('某人')}`)).status;
          if (last === 429) break;
        }
        expect(last).toBe(429);
        // Another staff member at the same door still has their own budget; plain lists are not lookups.
        await attendees(event.id, `q=${encodeURIComponent('某人')}`, organiser).expect(200);
        await attendees(event.id, 'limit=10').expect(200);
      },
      RATE_WINDOW_TEST_TIMEOUT_MS,
    );
  });
});

describe('databases from before per-event walk-in ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should drop the old all-events walk-in index when it is still there', async () => {
    await RegistrationModel.collection.createIndex(
      { walkInClientId: 1 },
      {
        name: 'walkInClientId_1',
        unique: true,
        partialFilterExpression: { walkInClientId: { $type: 'string' } },
      },
    );
    await dropRetiredRegistrationIndexes();
    await dropRetiredRegistrationIndexes();
    const names = (await RegistrationModel.collection.indexes()).map((index) => index.name);
    expect(names).not.toContain('walkInClientId_1');
    expect(names).toContain('eventId_1_walkInClientId_1');
  });
});
