import { randomUUID } from 'node:crypto';
import { EventDetailView, RegistrationView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { EventModel } from './event.model';
import { RegistrationModel } from './registration.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('/api/v1/events/:id/registrations', () => {
  let t: TestApp;
  let organiser: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    organiser = await signIn(t, 'coordinator', '白衬衫·报名');
  });
  afterAll(() => t.close());

  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  async function createEvent(extra: Record<string, unknown> = {}): Promise<EventDetailView> {
    const res = await t.request
      .post('/api/v1/events')
      .set('Authorization', organiser.auth)
      .send({
        title: '需求路演',
        kind: 'demand_roadshow',
        startsAt: hoursFromNow(1),
        endsAt: hoursFromNow(3),
        ...extra,
      })
      .expect(201);
    return EventDetailView.parse(res.body);
  }
  const register = (who: Signed, eventId: string) =>
    t.request.post(`/api/v1/events/${eventId}/registrations`).set('Authorization', who.auth).send({});
  const act = (who: Signed, eventId: string, regId: string, action: 'cancel' | 'approve' | 'reject') =>
    t.request
      .post(`/api/v1/events/${eventId}/registrations/${regId}/${action}`)
      .set('Authorization', who.auth);

  /** The event's seat counter must always equal the registrations actually holding a seat. */
  async function seats(eventId: string) {
    const counter = (await EventModel.findById(eventId).lean())?.registeredCount;
    const held = await RegistrationModel.countDocuments({ eventId, status: 'registered' });
    return { counter, held };
  }

  describe('concurrent re-registration', () => {
    it('should take one seat for one person when they re-register several times at once after a cancel', async () => {
      // 20 trials: the race it guards against won 17 of 20 before seats moved with the state.
      for (let trial = 0; trial < 20; trial++) {
        const event = await createEvent({ capacity: 5 });
        const person = await signIn(t, 'member');
        const first = RegistrationView.parse((await register(person, event.id).expect(201)).body);
        await act(person, event.id, first.id, 'cancel').expect(200);
        const taps = await Promise.all([1, 2, 3].map(() => register(person, event.id)));
        expect(taps.map((r) => r.status).sort()).toEqual([200, 200, 201]);
        expect(new Set(taps.map((r) => r.body.id))).toEqual(new Set([first.id]));
        expect(taps.every((r) => r.body.status === 'registered')).toBe(true);
        expect(await seats(event.id)).toEqual({ counter: 1, held: 1 });
      }
    });

    it('should keep the seat count equal to the seats held when many people register, cancel and re-register at once', async () => {
      const event = await createEvent({ capacity: 4 });
      const people = await Promise.all(Array.from({ length: 8 }, () => signIn(t, 'member')));
      const regs = await Promise.all(
        people.map(async (p) => RegistrationView.parse((await register(p, event.id)).body)),
      );
      await Promise.all(
        regs.map((r, i) => (i % 2 === 0 ? act(people[i], event.id, r.id, 'cancel').expect(200) : null)),
      );
      await Promise.all(
        people.flatMap((p) => [register(p, event.id), register(p, event.id), register(p, event.id)]),
      );
      const { counter, held } = await seats(event.id);
      expect(held).toBe(4);
      expect(counter).toBe(held);
      expect(await RegistrationModel.countDocuments({ eventId: event.id, status: 'waitlisted' })).toBe(4);
    });

    it('should take one seat when an approval is sent several times at once', async () => {
      const event = await createEvent({ capacity: 2, registrationMode: 'approval' });
      const person = await signIn(t, 'member');
      const reg = RegistrationView.parse((await register(person, event.id).expect(201)).body);
      expect(reg.status).toBe('pending');
      const answers = await Promise.all([1, 2, 3, 4].map(() => act(organiser, event.id, reg.id, 'approve')));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(await seats(event.id)).toEqual({ counter: 1, held: 1 });
    });
  });

  describe('the URL names the event', () => {
    it("should 404 and change nothing when cancelling, approving or rejecting another event's registration", async () => {
      const eventA = await createEvent({ registrationMode: 'approval' });
      const eventB = await createEvent();
      const person = await signIn(t, 'member');
      const reg = RegistrationView.parse((await register(person, eventA.id).expect(201)).body);
      for (const action of ['approve', 'reject'] as const) {
        const res = await act(organiser, eventB.id, reg.id, action).expect(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      await act(person, eventB.id, reg.id, 'cancel').expect(404);
      expect((await RegistrationModel.findById(reg.id).lean())?.status).toBe('pending');
      await act(organiser, eventA.id, reg.id, 'approve').expect(200);
      expect((await RegistrationModel.findById(reg.id).lean())?.status).toBe('registered');
    });

    it("should 404 when checking in another event's registration by id", async () => {
      const eventA = await createEvent();
      const eventB = await createEvent();
      const person = await signIn(t, 'member');
      const reg = RegistrationView.parse((await register(person, eventA.id).expect(201)).body);
      await t.request
        .post(`/api/v1/events/${eventB.id}/check-ins`)
        .set('Authorization', organiser.auth)
        .send({
          clientId: randomUUID(),
          at: new Date().toISOString(),
          method: 'manual',
          registrationId: reg.id,
        })
        .expect(404);
      expect((await RegistrationModel.findById(reg.id).lean())?.checkIn).toBeUndefined();
    });
  });
});
