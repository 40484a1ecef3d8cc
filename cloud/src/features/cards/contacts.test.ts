import { randomUUID } from 'node:crypto';
import { ContactView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('/api/v1/contacts privacy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const cardOf = async (who: Signed, card: Record<string, unknown> = {}) =>
    (await t.request.put('/api/v1/me/card').set('Authorization', who.auth).send(card).expect(200)).body;
  const swap = async (scanner: Signed, holder: Signed) => {
    const token = (
      await t.request.post('/api/v1/me/card/tokens').set('Authorization', holder.auth).expect(201)
    ).body.token;
    return t.request
      .post('/api/v1/cards/swap')
      .set('Authorization', scanner.auth)
      .send({ token })
      .expect(200);
  };

  describe('PATCH /api/v1/contacts/:id', () => {
    it('should 404 without any contact field when the contact was removed', async () => {
      const [a, b] = [await signIn(t, 'member'), await signIn(t, 'guest')];
      await cardOf(a, { mobile: '13800000011', email: 'a@example.com', sharedFields: ['mobile', 'email'] });
      const swapped = await swap(b, a);
      const id = swapped.body.contact.id as string;
      await t.request.delete(`/api/v1/contacts/${id}`).set('Authorization', b.auth).expect(204);
      const res = await t.request
        .patch(`/api/v1/contacts/${id}`)
        .set('Authorization', b.auth)
        .send({ note: '还想看看电话' })
        .expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toMatch(/13800000011|a@example\.com/);
    });
  });

  describe('the event a contact was met at', () => {
    it('should hide an invite-only event from a contact who was not on its list', async () => {
      const staff = await signIn(t, 'coordinator');
      const [holder, scanner] = [await signIn(t, 'member'), await signIn(t, 'member')];
      const event = await t.request
        .post('/api/v1/events')
        .set('Authorization', staff.auth)
        .send({
          title: '闭门对接会·保密专场',
          kind: 'closed_door',
          registrationMode: 'invite',
          startsAt: new Date(Date.now() - 3600_000).toISOString(),
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
          staff: [{ userId: staff.user.id, duty: 'checkin' }],
        })
        .expect(201);
      const scannerCard = await cardOf(scanner);
      const reg = await t.request
        .post(`/api/v1/events/${event.body.id}/registrations`)
        .set('Authorization', staff.auth)
        .send({ personId: scannerCard.personId })
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

      // The scanner was there: they see where they met.
      const swapped = await swap(scanner, holder);
      expect(swapped.body.contact.event).toEqual({ id: event.body.id, title: '闭门对接会·保密专场' });
      // The holder was not on the list: the meeting does not exist for them.
      const theirs = await t.request.get('/api/v1/contacts').set('Authorization', holder.auth).expect(200);
      const contact = ContactView.parse(theirs.body.items[0]);
      expect(contact.event).toBeNull();
      expect(JSON.stringify(theirs.body)).not.toContain('保密专场');
      const noted = await t.request
        .patch(`/api/v1/contacts/${contact.id}`)
        .set('Authorization', holder.auth)
        .send({ note: '年会认识' })
        .expect(200);
      expect(noted.body.event).toBeNull();
      // The alliance's staff see every event.
      const staffSwap = await swap(staff, scanner);
      expect(staffSwap.body.contact.event).toMatchObject({ title: '闭门对接会·保密专场' });
    });
  });
});
