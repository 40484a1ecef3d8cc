import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';

describe('GET /api/v1/fields', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat', '领域测试秘书处');
  });
  afterAll(() => t.close());

  const list = (etag?: string) => {
    const req = t.request.get('/api/v1/fields').set('Authorization', secretariat.auth);
    return etag ? req.set('If-None-Match', etag) : req;
  };

  it('should make clients revalidate, answer 304 while unchanged, and the new list once a field is added', async () => {
    const first = await list().expect(200);
    // A list cached for minutes is what made pages show raw codes after an import added fields.
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    await list(etag).expect(304);

    await t.request
      .post('/api/v1/fields')
      .set('Authorization', secretariat.auth)
      .send({ label: '粉末冶金' })
      .expect(201);
    const after = await list(etag).expect(200);
    expect(after.body.items.map((f: { label: string }) => f.label)).toContain('粉末冶金');
    expect(after.headers.etag).not.toBe(etag);
  });

  it('should 401 without sign-in', async () => {
    await t.request.get('/api/v1/fields').expect(401);
  });
});
