import { randomUUID } from 'node:crypto';
import { EventDetailView, type RegistrationView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { EventModel } from './event.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

/** Who may see and run an event, decided by the policy on the loaded event (#10 items 10, 14). */
describe('/api/v1/events access', () => {
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
        title: '闭门对接会·邀请制',
        kind: 'closed_door',
        registrationMode: 'invite',
        startsAt: hoursFromNow(-1),
        endsAt: hoursFromNow(3),
        staff: [{ userId: doorStaff.user.id, duty: 'checkin' }],
        ...extra,
      })
      .expect(201);
    return EventDetailView.parse(res.body);
  }
  const register = (who: Signed, eventId: string, body: Record<string, unknown> = {}) =>
    t.request.post(`/api/v1/events/${eventId}/registrations`).set('Authorization', who.auth).send(body);
  const personIdOf = async (who: Signed) =>
    (await t.request.get('/api/v1/me/card').set('Authorization', who.auth).expect(200)).body
      .personId as string;

  describe('an invite-only event one is not on the list of', () => {
    it('should 404, as if it did not exist, when registering, even after it ended', async () => {
      const event = await createEvent();
      const outsider = await signIn(t, 'member');
      const res = await register(outsider, event.id).expect(404);
      expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: '活动不存在或已被删除' });
      expect(JSON.stringify(res.body)).not.toMatch(/邀请/);
      const ended = await createEvent({ startsAt: hoursFromNow(-5), endsAt: hoursFromNow(-4) });
      await register(outsider, ended.id).expect(404);
    });

    it('should 404 on self check-in whatever the code, and on the staff screens', async () => {
      const event = await createEvent();
      const outsider = await signIn(t, 'member');
      await t.request
        .post(`/api/v1/events/${event.id}/self-check-in`)
        .set('Authorization', outsider.auth)
        .send({ eventCode: 'guessed-code', clientId: randomUUID() })
        .expect(404);
      const eventCode = (await EventModel.findById(event.id).lean())!.eventCode;
      await t.request
        .post(`/api/v1/events/${event.id}/self-check-in`)
        .set('Authorization', outsider.auth)
        .send({ eventCode, clientId: randomUUID() })
        .expect(404);
      for (const path of ['attendees', 'roster', 'door', 'sign-in-sheet.xlsx']) {
        await t.request
          .get(`/api/v1/events/${event.id}/${path}`)
          .set('Authorization', outsider.auth)
          .expect(404);
      }
      // A coordinator off the staff list knows the event exists, but its door is not theirs.
      const otherCoordinator = await signIn(t, 'coordinator');
      await t.request
        .get(`/api/v1/events/${event.id}/attendees`)
        .set('Authorization', otherCoordinator.auth)
        .expect(403);
    });
  });

  describe('an invite-only event one is invited to', () => {
    it('should show the event and check the invitee in by the event code', async () => {
      const event = await createEvent();
      const invitee = await signIn(t, 'member');
      await register(doorStaff, event.id, { personId: await personIdOf(invitee) }).expect(201);
      await t.request.get(`/api/v1/events/${event.id}`).set('Authorization', invitee.auth).expect(200);
      const eventCode = (await EventModel.findById(event.id).lean())!.eventCode;
      const res = await t.request
        .post(`/api/v1/events/${event.id}/self-check-in`)
        .set('Authorization', invitee.auth)
        .send({ eventCode, clientId: randomUUID() })
        .expect(200);
      expect(res.body.outcome).toBe('checked_in');
    });
  });

  describe('deciding registrations', () => {
    it('should let the organisers approve and reject, and 403 anyone else', async () => {
      const event = await createEvent({ registrationMode: 'approval', title: '需求路演' });
      const [a, b] = [await signIn(t, 'member'), await signIn(t, 'member')];
      const regA = (await register(a, event.id).expect(201)).body as RegistrationView;
      const regB = (await register(b, event.id).expect(201)).body as RegistrationView;
      const decide = (who: Signed, reg: RegistrationView, what: 'approve' | 'reject') =>
        t.request
          .post(`/api/v1/events/${event.id}/registrations/${reg.id}/${what}`)
          .set('Authorization', who.auth);
      await decide(b, regA, 'approve').expect(403);
      await decide(a, regA, 'reject').expect(403);
      expect((await decide(doorStaff, regA, 'approve').expect(200)).body.status).toBe('registered');
      expect((await decide(organiser, regB, 'reject').expect(200)).body.status).toBe('rejected');
    });

    it('should admit a registration the organisers make directly, past the approval step', async () => {
      const event = await createEvent({ registrationMode: 'approval', title: '成果路演' });
      const guest = await signIn(t, 'guest');
      const reg = await register(doorStaff, event.id, { personId: await personIdOf(guest) }).expect(201);
      expect(reg.body.status).toBe('registered');
    });
  });

  describe('registering others', () => {
    it('should 403 when a guest or a member of another organization registers someone', async () => {
      const event = await createEvent({ registrationMode: 'open', title: '年会' });
      const [guest, member, colleague] = [
        await signIn(t, 'guest'),
        await signIn(t, 'member'),
        await signIn(t, 'member'),
      ];
      const target = await personIdOf(colleague);
      await register(guest, event.id, { personId: target }).expect(403);
      const res = await register(member, event.id, { personId: target }).expect(403);
      expect(res.body.error.message).toBe('只能为本单位的同事报名');
    });
  });
});
