import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { silentLogger } from '../logger';
import { startFakeWechat, type FakeWechatServer } from '../dev/fake-wechat-server';
import { createWechatClient, WechatApiError, WECHAT_UNREACHABLE } from './wechat-client';

describe('WeChat client against the fake WeChat server', () => {
  let fake: FakeWechatServer;
  const appId = 'wxtestappid';
  const secret = 'secret-1';
  const client = () => createWechatClient({ appId, secret, apiBase: fake.baseUrl, logger: silentLogger() });

  beforeAll(async () => {
    fake = await startFakeWechat({ appId, secret });
  });
  afterAll(() => fake.stop());

  it('should exchange an issued code for the openid and unionid', async () => {
    const code = fake.issueCode({ openid: 'o-alice', unionid: 'u-alice' });
    const session = await client().code2Session(code);
    expect(session).toMatchObject({ openid: 'o-alice', unionid: 'u-alice' });
    expect(session.sessionKey).toEqual(expect.any(String));
  });

  it('should report 40163 when a code is used twice', async () => {
    const code = fake.issueCode({ openid: 'o-bob' });
    await client().code2Session(code);
    await expect(client().code2Session(code)).rejects.toMatchObject({ errcode: 40163 });
  });

  it.each([40029, 45011, -1])('should surface WeChat errcode %i', async (errcode) => {
    const error = await client()
      .code2Session(`err-${errcode}`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode, api: 'jscode2session' });
  });

  it('should reject an unknown code with 40029 outside lenient mode', async () => {
    await expect(client().code2Session('made-up')).rejects.toMatchObject({ errcode: 40029 });
  });

  it('should report a wrong secret as 40125', async () => {
    const wrong = createWechatClient({
      appId,
      secret: 'nope',
      apiBase: fake.baseUrl,
      logger: silentLogger(),
    });
    await expect(wrong.getAccessToken()).rejects.toMatchObject({ errcode: 40125 });
  });

  it('should cache the stable access token and share one request between concurrent callers', async () => {
    const c = client();
    const before = fake.calls('stable_token');
    const [a, b] = await Promise.all([c.getAccessToken(), c.getAccessToken()]);
    const again = await c.getAccessToken();
    expect(a).toBe(b);
    expect(again).toBe(a);
    expect(fake.calls('stable_token') - before).toBe(1);
    const refreshed = await c.getAccessToken(true);
    expect(refreshed).not.toBe(a);
  });

  it('should turn an unreachable WeChat into a WechatApiError, not a crash', async () => {
    const down = createWechatClient({
      appId,
      secret,
      apiBase: 'http://127.0.0.1:1',
      logger: silentLogger(),
      timeoutMs: 500,
    });
    await expect(down.code2Session('x')).rejects.toMatchObject({ errcode: WECHAT_UNREACHABLE });
  });
});

describe('getwxacodeunlimit against the fake WeChat server', () => {
  let fake: FakeWechatServer;
  const appId = 'wxcodeapp';
  const secret = 'secret-2';
  beforeAll(async () => {
    fake = await startFakeWechat({ appId, secret });
  });
  afterAll(() => fake.stop());

  it('should return the image and pass the scene through', async () => {
    const client = createWechatClient({ appId, secret, apiBase: fake.baseUrl, logger: silentLogger() });
    const { image, contentType } = await client.getWxaCodeUnlimited({
      scene: 'abc.def',
      page: 'packages/cards/swap/index',
    });
    expect(contentType).toBe('image/png');
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(fake.wxacodeScenes()).toContain('abc.def');
  });

  it('should answer a scannable QR code of the scene at the width asked when the fake makes a code', async () => {
    const client = createWechatClient({ appId, secret, apiBase: fake.baseUrl, logger: silentLogger() });
    const { image } = await client.getWxaCodeUnlimited({
      scene: 'wt_0123456789abcdef',
      page: 'packages/account/web-login/index',
      width: 280,
    });
    const png = PNG.sync.read(image);
    expect([png.width, png.height]).toEqual([280, 280]);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe('wt_0123456789abcdef');
  });

  it('should answer WeChat’s default 430 px when no width is asked', async () => {
    const client = createWechatClient({ appId, secret, apiBase: fake.baseUrl, logger: silentLogger() });
    const { image } = await client.getWxaCodeUnlimited({ scene: 'abc', page: 'p' });
    expect(PNG.sync.read(image).width).toBe(430);
  });

  it('should refresh an invalid access token once and retry', async () => {
    const client = createWechatClient({ appId, secret, apiBase: fake.baseUrl, logger: silentLogger() });
    await client.getAccessToken();
    fake.failNext('getwxacodeunlimit', 40001);
    const before = fake.calls('stable_token');
    await expect(client.getWxaCodeUnlimited({ scene: 's1', page: 'p' })).resolves.toBeDefined();
    expect(fake.calls('stable_token') - before).toBe(1);
  });

  it('should refuse a scene over 32 characters before calling WeChat', async () => {
    const client = createWechatClient({ appId, secret, apiBase: fake.baseUrl, logger: silentLogger() });
    await expect(client.getWxaCodeUnlimited({ scene: 'x'.repeat(33), page: 'p' })).rejects.toMatchObject({
      errcode: 40097,
    });
  });
});
