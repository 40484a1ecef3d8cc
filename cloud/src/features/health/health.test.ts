import http from 'node:http';
import supertest from 'supertest';
import { HealthView, LivenessView, ReadinessView } from '@alliance-hub/types';
import { createApp } from '../../app';
import { loadConfig } from '../../config';
import type { Database } from '../../database';
import { silentLogger } from '../../logger';
import { startTestApp, type TestApp } from '../../test/test-app';
import type { WechatClient } from '../../wechat/wechat-client';
import { createLifecycle, type Lifecycle } from '../../lifecycle';
import { ensureIndexes } from './index-report';

describe('GET /api/v1/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should report the embedded database up, with the version, over real HTTP', async () => {
    const res = await t.request.get('/api/v1/health').expect(200);
    const health = HealthView.parse(res.body);
    expect(health).toMatchObject({
      status: 'ok',
      version: t.config.version,
      database: { state: 'up', kind: 'embedded' },
    });
    expect(Date.parse(health.time)).not.toBeNaN();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('should report degraded when the database does not answer', async () => {
    const downDatabase = { kind: 'external', state: async () => 'down' } as unknown as Database;
    const app = createApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: silentLogger(),
      database: downDatabase,
      wechat: {} as WechatClient,
    });
    const res = await supertest(http.createServer(app.callback())).get('/api/v1/health').expect(200);
    expect(res.body).toMatchObject({ status: 'degraded', database: { state: 'down', kind: 'external' } });
  });
});

describe('GET /api/v1/health/live and /ready', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const appWith = (lifecycle: Lifecycle | undefined) =>
    supertest(
      http.createServer(
        createApp({
          config: t.config,
          logger: silentLogger(),
          database: t.database,
          wechat: {} as WechatClient,
          lifecycle,
        }).callback(),
      ),
    );

  it('should answer liveness without the database', async () => {
    const downDatabase = { kind: 'external', state: async () => 'down' } as unknown as Database;
    const app = createApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: silentLogger(),
      database: downDatabase,
      wechat: {} as WechatClient,
    });
    const res = await supertest(http.createServer(app.callback())).get('/api/v1/health/live').expect(200);
    expect(LivenessView.parse(res.body).status).toBe('ok');
  });

  it('should be ready once the indexes are checked and the database is up', async () => {
    const lifecycle = createLifecycle();
    lifecycle.indexes = await ensureIndexes(silentLogger());
    const res = await appWith(lifecycle).get('/api/v1/health/ready').expect(200);
    expect(ReadinessView.parse(res.body)).toMatchObject({
      ready: true,
      reasons: [],
      indexes: { checked: true, missing: 0, extra: 0 },
    });
  });

  it('should answer 503 indexes_pending when the index pass has not run', async () => {
    const res = await appWith(undefined).get('/api/v1/health/ready').expect(503);
    expect(res.body).toMatchObject({ ready: false, reasons: ['indexes_pending'] });
  });

  it('should answer 503 draining once shutdown began, while liveness stays 200', async () => {
    const lifecycle = createLifecycle();
    lifecycle.indexes = { checkedAt: new Date().toISOString(), missing: [], extra: [] };
    lifecycle.draining = true;
    const app = appWith(lifecycle);
    const res = await app.get('/api/v1/health/ready').expect(503);
    expect(res.body.reasons).toEqual(['draining']);
    await app.get('/api/v1/health/live').expect(200);
  });
});
