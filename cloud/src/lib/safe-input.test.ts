import { signIn } from '../test/factories';
import { startTestApp, type TestApp } from '../test/test-app';

/** Unsafe text and impossible dates are refused by the shared schemas, whichever endpoint takes them. */
describe('unsafe characters and impossible dates in stored input', () => {
  let t: TestApp;
  let coordinator: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    coordinator = await signIn(t, 'coordinator');
  });
  afterAll(() => t.close());

  const problemAt = (body: { error: { details: { path: string; message: string }[] } }, path: string) =>
    body.error.details.find((detail) => detail.path === path)?.message;

  it('should 400 when a card name carries NUL, and store nothing', async () => {
    const res = await t.request
      .put('/api/v1/me/card')
      .set('Authorization', coordinator.auth)
      .send({ name: '张三\u0000管理员' })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(problemAt(res.body, 'body.name')).toMatch(/控制字符/);
    const card = await t.request.get('/api/v1/me/card').set('Authorization', coordinator.auth).expect(200);
    expect(JSON.stringify(card.body)).not.toContain('\u0000');
  });

  it('should 400 when an organization name carries a right-to-left override', async () => {
    const res = await t.request
      .post('/api/v1/organizations')
      .set('Authorization', coordinator.auth)
      .send({ name: '哈尔滨\u202e司公限有', kind: 'enterprise' })
      .expect(400);
    expect(problemAt(res.body, 'body.name')).toMatch(/文字方向控制符/);
  });

  it('should 400 when a dev sign-in name carries a bidirectional isolate', async () => {
    await t.request.post('/api/v1/auth/dev').send({ name: '秘书\u2066处', role: 'guest' }).expect(400);
  });

  it.each([
    ['startsAt', '0000-01-01T09:00:00+08:00'],
    ['endsAt', '9999-12-31T18:00:00+08:00'],
  ])('should 400 when an event %s is in year 0000 or 9999', async (field, value) => {
    const res = await t.request
      .post('/api/v1/events')
      .set('Authorization', coordinator.auth)
      .send({
        title: '年份测试活动',
        kind: 'annual_meeting',
        startsAt: '2026-05-20T09:00:00+08:00',
        endsAt: '2026-05-20T18:00:00+08:00',
        [field]: value,
      })
      .expect(400);
    expect(problemAt(res.body, `body.${field}`)).toBe('请填写 2000 至 2099 年之间的时间');
  });
});
