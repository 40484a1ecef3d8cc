import http from 'node:http';
import Koa from 'koa';
import supertest from 'supertest';
import { startTestApp, type TestApp } from '../test/test-app';
import { clientAddress } from './client-address';
import { RATE_WINDOW_TEST_TIMEOUT_MS, withinOneWindow } from '../test/rate-window';

function whoAmI(trustedProxies: string[]) {
  const app = new Koa({ proxy: trustedProxies.length > 0 });
  app.use(clientAddress(trustedProxies));
  app.use((ctx) => {
    ctx.body = { ip: ctx.ip, protocol: ctx.protocol, host: ctx.host };
  });
  return supertest(http.createServer(app.callback()))
    .get('/')
    .set('X-Forwarded-For', '203.0.113.5')
    .set('X-Forwarded-Proto', 'https')
    .set('X-Forwarded-Host', 'hub.example.cn');
}

describe('clientAddress()', () => {
  it('should use the socket and ignore X-Forwarded-* when the peer is not a trusted proxy', async () => {
    const res = await whoAmI(['10.0.0.0/8']).expect(200);
    expect(res.body.ip).toMatch(/127\.0\.0\.1/);
    expect(res.body.protocol).toBe('http');
    expect(res.body.host).not.toBe('hub.example.cn');
  });

  it('should believe X-Forwarded-* from a trusted proxy', async () => {
    const res = await whoAmI(['loopback']).expect(200);
    expect(res.body).toEqual({ ip: '203.0.113.5', protocol: 'https', host: 'hub.example.cn' });
  });
});

// supertest connects from 127.0.0.1: "loopback" makes the test itself the trusted proxy.
const signIn = (t: TestApp, forwardedFor?: string) => {
  const req = t.request.post('/api/v1/auth/wechat');
  return (forwardedFor ? req.set('X-Forwarded-For', forwardedFor) : req).send({ code: 'err-40029' });
};

describe('sign-in rate limit behind no trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it(
    'should still limit when a client spoofs a new X-Forwarded-For on every attempt',
    async () => {
      await withinOneWindow();
      for (let i = 0; i < 3; i++) await signIn(t, `203.0.113.${i}`).expect(401);
      const res = await signIn(t, '203.0.113.99').expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
    },
    RATE_WINDOW_TEST_TIMEOUT_MS,
  );
});

describe('sign-in rate limit behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUSTED_PROXIES: 'loopback' });
  });
  afterAll(() => t.close());

  it(
    'should give each forwarded client its own budget',
    async () => {
      await withinOneWindow();
      for (let i = 0; i < 3; i++) await signIn(t, '198.51.100.7').expect(401);
      await signIn(t, '198.51.100.7').expect(429);
      await signIn(t, '198.51.100.8').expect(401);
    },
    RATE_WINDOW_TEST_TIMEOUT_MS,
  );

  it(
    'should not let a client behind the proxy spoof the address the proxy saw',
    async () => {
      // The proxy appends the real peer (198.51.100.9) after whatever the client claimed.
      await withinOneWindow();
      for (let i = 0; i < 3; i++) await signIn(t, `10.9.9.${i}, 198.51.100.9`).expect(401);
      await signIn(t, '10.9.9.200, 198.51.100.9').expect(429);
    },
    RATE_WINDOW_TEST_TIMEOUT_MS,
  );
});
