import { CardView, ContactView, SwapTokenView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { InteractionModel } from '../interactions/interaction.model';
import { PersonModel } from '../people/person.model';
import { ContactModel } from './contact.model';
import { SwapTokenModel } from './swap-token.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('card exchange', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SWAP_TOKEN_TTL_SECONDS: '60' });
  });
  afterAll(() => t.close());

  const setUpCard = (who: Signed, card: Record<string, unknown>) =>
    t.request.put('/api/v1/me/card').set('Authorization', who.auth).send(card).expect(200);
  const issue = async (who: Signed) =>
    SwapTokenView.parse(
      (await t.request.post('/api/v1/me/card/tokens').set('Authorization', who.auth).expect(201)).body,
    );
  const swap = (who: Signed, token: string) =>
    t.request.post('/api/v1/cards/swap').set('Authorization', who.auth).send({ token });
  const person = (viewer: Signed, personId: string) =>
    t.request.get(`/api/v1/people/${personId}`).set('Authorization', viewer.auth).expect(200);

  async function pair() {
    const a = await signIn(t, 'member');
    const b = await signIn(t, 'guest');
    const cardA = CardView.parse(
      (
        await setUpCard(a, {
          title: '总工程师',
          mobile: '13800000001',
          wechatId: 'zhang_gong',
          sharedFields: ['mobile', 'wechatId'],
          offer: '铝合金焊接工艺',
          seeking: '高校合作',
        })
      ).body,
    );
    const cardB = CardView.parse(
      (await setUpCard(b, { mobile: '13900000002', sharedFields: ['mobile'] })).body,
    );
    return { a, b, cardA, cardB };
  }

  describe('my card', () => {
    it('should create a card for a guest from their display name, and 400 on a bad mobile', async () => {
      const guest = await signIn(t, 'guest', '访客老周');
      const res = await t.request.get('/api/v1/me/card').set('Authorization', guest.auth).expect(200);
      expect(res.body).toMatchObject({ name: '访客老周', sharedFields: ['mobile', 'email', 'wechatId'] });
      const bad = await t.request
        .put('/api/v1/me/card')
        .set('Authorization', guest.auth)
        .send({ mobile: '123' })
        .expect(400);
      expect(bad.body.error.details[0]).toMatchObject({
        path: 'body.mobile',
        message: '请输入 11 位手机号码',
      });
      await t.request.get('/api/v1/me/card').expect(401);
    });
  });

  describe('validation messages', () => {
    it('should say limits in plain Chinese in the 400 details when a body or query is out of range', async () => {
      const member = await signIn(t, 'member');
      const long = await t.request
        .put('/api/v1/me/card')
        .set('Authorization', member.auth)
        .send({ name: '张'.repeat(41), sharedFields: ['mobile', 'email', 'wechatId', 'mobile'] })
        .expect(400);
      expect(long.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: expect.arrayContaining([
          { path: 'body.name', message: '最多 40 个字' },
          { path: 'body.sharedFields', message: '最多选择 3 项' },
        ]),
      });
      const query = await t.request
        .get('/api/v1/contacts?limit=0')
        .set('Authorization', member.auth)
        .expect(400);
      expect(query.body.error.details).toEqual([{ path: 'query.limit', message: '不能小于 1' }]);
    });
  });

  describe('POST /api/v1/cards/swap', () => {
    it('should exchange both cards at once, with only the shared fields visible to each other', async () => {
      const { a, b, cardA, cardB } = await pair();
      const { token, link } = await issue(a);
      expect(token.length).toBeLessThanOrEqual(32);
      expect(link).toContain(`t=${encodeURIComponent(token)}`);
      const res = await swap(b, token).expect(200);
      expect(res.body.created).toBe(true);
      const contact = ContactView.parse(res.body.contact);
      expect(contact.card).toMatchObject({
        name: cardA.name,
        offer: '铝合金焊接工艺',
        contacts: { mobile: '13800000001', wechatId: 'zhang_gong', email: null },
      });
      const aList = await t.request.get('/api/v1/contacts').set('Authorization', a.auth).expect(200);
      expect(aList.body.items.map((c: ContactView) => c.card.personId)).toEqual([cardB.personId]);
      expect(aList.body.items[0].card.contacts.mobile).toBe('13900000002');
      expect((await person(b, cardA.personId)).body.contacts.mobile).toBe('13800000001');
    });

    it('should keep contact fields hidden from a third user', async () => {
      const { a, b, cardA } = await pair();
      await swap(b, (await issue(a)).token).expect(200);
      const third = await signIn(t, 'member');
      const res = await person(third, cardA.personId);
      expect(res.body).toMatchObject({ contacts: null, contactsHidden: true });
    });

    it('should treat a double scan by the same person as one swap', async () => {
      const { a, b, cardB } = await pair();
      const { token } = await issue(a);
      const [first, second] = await Promise.all([swap(b, token), swap(b, token)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(await ContactModel.countDocuments({ ownerUserId: a.user.id, personId: cardB.personId })).toBe(1);
      const again = await swap(b, (await issue(a)).token).expect(200);
      expect(again.body.created).toBe(false);
      expect(
        await InteractionModel.countDocuments({ type: 'card_exchange', personIds: cardB.personId }),
      ).toBe(1);
    });

    it('should refuse a token already used by someone else (replay) with a clear message', async () => {
      const { a, b } = await pair();
      const { token } = await issue(a);
      await swap(b, token).expect(200);
      const c = await signIn(t, 'member');
      const res = await swap(c, token).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'SWAP_TOKEN_USED',
        message: expect.stringMatching(/刷新/),
      });
      const status = await t.request
        .get(`/api/v1/me/card/tokens/${encodeURIComponent(token)}`)
        .set('Authorization', a.auth)
        .expect(200);
      expect(status.body.state).toBe('used');
    });

    it('should refuse an expired token and a tampered one', async () => {
      const { a, b } = await pair();
      const { token } = await issue(a);
      await SwapTokenModel.updateOne(
        { nonce: token.split('.')[0] },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
      const expired = await swap(b, token).expect(410);
      expect(expired.body.error.code).toBe('SWAP_TOKEN_EXPIRED');
      const status = await t.request
        .get(`/api/v1/me/card/tokens/${encodeURIComponent(token)}`)
        .set('Authorization', a.auth)
        .expect(200);
      expect(status.body.state).toBe('expired');
      const fresh = await issue(a);
      const [nonce, sig] = fresh.token.split('.');
      const tampered = await swap(b, `${nonce}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`).expect(
        400,
      );
      expect(tampered.body.error.code).toBe('SWAP_TOKEN_INVALID');
      await swap(b, 'x').expect(400);
    });

    it('should explain scanning my own card and a disabled holder', async () => {
      const { a, b } = await pair();
      const own = await swap(a, (await issue(a)).token).expect(400);
      expect(own.body.error.message).toMatch(/自己/);
      const { token } = await issue(a);
      const admin = await signIn(t, 'secretariat');
      await t.request
        .patch(`/api/v1/users/${a.user.id}`)
        .set('Authorization', admin.auth)
        .send({ status: 'disabled' })
        .expect(200);
      const res = await swap(b, token).expect(410);
      expect(res.body.error.message).toMatch(/停用/);
    });
  });

  describe('withdrawing a field and removing a contact', () => {
    it('should hide a withdrawn field from people I exchanged with', async () => {
      const { a, b, cardA } = await pair();
      await swap(b, (await issue(a)).token).expect(200);
      await setUpCard(a, { sharedFields: ['wechatId'] });
      const res = await person(b, cardA.personId);
      expect(res.body.contacts).toEqual({ mobile: null, email: null, wechatId: 'zhang_gong' });
    });

    it('should hide a removed contact from my list, end my view of their fields, but keep the record', async () => {
      const { a, b, cardA } = await pair();
      const swapped = await swap(b, (await issue(a)).token).expect(200);
      await t.request
        .patch(`/api/v1/contacts/${swapped.body.contact.id}`)
        .set('Authorization', b.auth)
        .send({ note: '展会上聊过焊接' })
        .expect(200);
      await t.request
        .delete(`/api/v1/contacts/${swapped.body.contact.id}`)
        .set('Authorization', b.auth)
        .expect(204);
      const list = await t.request.get('/api/v1/contacts').set('Authorization', b.auth).expect(200);
      expect(list.body.items).toEqual([]);
      expect((await person(b, cardA.personId)).body.contacts).toBeNull();
      expect(await ContactModel.countDocuments({ _id: swapped.body.contact.id })).toBe(1);
      await t.request
        .delete(`/api/v1/contacts/${swapped.body.contact.id}`)
        .set('Authorization', a.auth)
        .expect(404);
    });

    it('should find a contact by name or by my private note when I search', async () => {
      const { a, b, cardA } = await pair();
      const swapped = await swap(b, (await issue(a)).token).expect(200);
      const noted = await t.request
        .patch(`/api/v1/contacts/${swapped.body.contact.id}`)
        .set('Authorization', b.auth)
        .send({ note: '两周后回访' })
        .expect(200);
      expect(noted.body.note).toBe('两周后回访');
      const found = await t.request
        .get(`/api/v1/contacts?q=${encodeURIComponent(cardA.name)}`)
        .set('Authorization', b.auth)
        .expect(200);
      expect(found.body.items).toHaveLength(1);
      const byNote = await t.request
        .get(`/api/v1/contacts?q=${encodeURIComponent('回访')}`)
        .set('Authorization', b.auth)
        .expect(200);
      expect(byNote.body.items.map((c: { id: string }) => c.id)).toEqual([swapped.body.contact.id]);
      const none = await t.request
        .get(`/api/v1/contacts?q=${encodeURIComponent('不存在的人')}`)
        .set('Authorization', b.auth)
        .expect(200);
      expect(none.body.items).toEqual([]);
    });
  });

  describe('request a card', () => {
    it('should say the person has no account (409), and show it on their page, when they never signed up', async () => {
      const member = await signIn(t, 'member');
      const offline = await PersonModel.create({ name: '未注册的专家' });
      const page = await person(member, offline._id.toHexString());
      expect(page.body.hasAccount).toBe(false);
      const res = await t.request
        .post('/api/v1/cards/requests')
        .set('Authorization', member.auth)
        .send({ personId: offline._id.toHexString() })
        .expect(409);
      expect(res.body.error).toMatchObject({
        code: 'PERSON_HAS_NO_ACCOUNT',
        message: expect.stringContaining('还没有开通联盟通账号'),
      });
      const { cardA } = await pair();
      expect((await person(member, cardA.personId)).body.hasAccount).toBe(true);
    });

    it('should exchange only after the other side approves, and ask once however often I ask', async () => {
      const { a, b, cardA } = await pair();
      const first = await t.request
        .post('/api/v1/cards/requests')
        .set('Authorization', b.auth)
        .send({ personId: cardA.personId, message: '想请教焊接问题' })
        .expect(201);
      const again = await t.request
        .post('/api/v1/cards/requests')
        .set('Authorization', b.auth)
        .send({ personId: cardA.personId })
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect((await person(b, cardA.personId)).body.contacts).toBeNull();
      const incoming = await t.request
        .get('/api/v1/cards/requests?box=incoming')
        .set('Authorization', a.auth)
        .expect(200);
      expect(incoming.body.items).toHaveLength(1);
      await t.request
        .post(`/api/v1/cards/requests/${first.body.id}/approve`)
        .set('Authorization', b.auth)
        .expect(404);
      const approved = await t.request
        .post(`/api/v1/cards/requests/${first.body.id}/approve`)
        .set('Authorization', a.auth)
        .expect(200);
      expect(approved.body.status).toBe('approved');
      expect((await person(b, cardA.personId)).body.contacts.mobile).toBe('13800000001');
    });

    it('should exchange nothing when declined', async () => {
      const { a, b, cardA } = await pair();
      const req = await t.request
        .post('/api/v1/cards/requests')
        .set('Authorization', b.auth)
        .send({ personId: cardA.personId })
        .expect(201);
      await t.request
        .post(`/api/v1/cards/requests/${req.body.id}/decline`)
        .set('Authorization', a.auth)
        .expect(200);
      expect((await person(b, cardA.personId)).body.contacts).toBeNull();
      await t.request
        .post(`/api/v1/cards/requests/${req.body.id}/approve`)
        .set('Authorization', a.auth)
        .expect(409);
    });
  });

  describe('who met whom', () => {
    it('should show coordinators names and organizations only', async () => {
      const { a, b } = await pair();
      await swap(b, (await issue(a)).token).expect(200);
      const coordinator = await signIn(t, 'coordinator');
      const res = await t.request
        .get('/api/v1/interactions/encounters')
        .set('Authorization', coordinator.auth)
        .expect(200);
      expect(res.body.items[0].people).toHaveLength(2);
      expect(JSON.stringify(res.body)).not.toMatch(/1380000|1390000|zhang_gong/);
      await t.request.get('/api/v1/interactions/encounters').set('Authorization', a.auth).expect(403);
    });
  });

  describe('mini-program code', () => {
    it('should make a mini-program code through the WeChat client with the token as scene', async () => {
      const { a } = await pair();
      const { token } = await issue(a);
      const res = await t.request
        .get(`/api/v1/me/card/tokens/${encodeURIComponent(token)}/wxacode`)
        .set('Authorization', a.auth)
        .expect(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(t.wechat.wxacodeScenes()).toContain(token);
      const other = await signIn(t, 'member');
      await t.request
        .get(`/api/v1/me/card/tokens/${encodeURIComponent(token)}/wxacode`)
        .set('Authorization', other.auth)
        .expect(404);
    });
  });
});
