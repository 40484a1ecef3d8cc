import { Types } from 'mongoose';
import { signIn } from '../test/factories';
import { startTestApp, type TestApp } from '../test/test-app';

/** Every list endpoint, each with cursors that are not cursors of its kind. */
const someId = new Types.ObjectId().toHexString();
const LISTS = [
  '/api/v1/applications',
  '/api/v1/audit',
  '/api/v1/users',
  '/api/v1/contacts',
  '/api/v1/interactions/encounters',
  '/api/v1/organizations',
  '/api/v1/people',
  '/api/v1/events',
  `/api/v1/events/${someId}/attendees`,
  `/api/v1/imports/${someId}/rows`,
];
const BAD_CURSORS = ['abc', '%%%', 'x'.repeat(201), '-1', `${someId}.${someId}`, '1.2.3'];

describe('list cursors', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp();
    auth = (await signIn(t, 'secretariat')).auth;
  });
  afterAll(() => t.close());

  it.each(LISTS)('should 400 INVALID_CURSOR, never 500, when %s gets a malformed cursor', async (list) => {
    for (const cursor of BAD_CURSORS) {
      const res = await t.request
        .get(`${list}?cursor=${encodeURIComponent(cursor)}`)
        .set('Authorization', auth);
      expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
      expect(res.body.error).toMatchObject({
        code: 'INVALID_CURSOR',
        message: expect.stringMatching(/分页游标无效/),
        details: [{ path: 'query.cursor', message: expect.any(String) }],
      });
    }
  });

  it('should 400 when an event-list cursor carries a timestamp beyond any date', async () => {
    const huge = `99999999999999999.${someId}`;
    const res = await t.request.get(`/api/v1/events?cursor=${huge}`).set('Authorization', auth).expect(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
    await t.request
      .get(`/api/v1/events?cursor=8640000000000001.${someId}`)
      .set('Authorization', auth)
      .expect(400);
  });

  it('should 400 when a search cursor names a ranking tier the search does not have', async () => {
    const res = await t.request
      .get(`/api/v1/organizations?q=${encodeURIComponent('材料')}&cursor=7.${someId}`)
      .set('Authorization', auth)
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('should accept a well-formed cursor of the list kind', async () => {
    await t.request.get(`/api/v1/users?cursor=${someId}`).set('Authorization', auth).expect(200);
    await t.request
      .get(`/api/v1/events?cursor=1733000000000.${someId}`)
      .set('Authorization', auth)
      .expect(200);
    // A directory cursor names a record whose name places the next page (pinyin order).
    const org = await t.request
      .post('/api/v1/organizations')
      .set('Authorization', auth)
      .send({ name: '游标测试新材料有限公司', kind: 'enterprise' })
      .expect(201);
    await t.request
      .get(`/api/v1/organizations?cursor=0.${org.body.id}`)
      .set('Authorization', auth)
      .expect(200);
  });

  it('should 400 INVALID_CURSOR with the refresh hint when the directory record a cursor names is gone', async () => {
    const res = await t.request
      .get(`/api/v1/organizations?cursor=0.${someId}`)
      .set('Authorization', auth)
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_CURSOR',
      message: '分页游标无效，请刷新列表后重试',
    });
  });
});
