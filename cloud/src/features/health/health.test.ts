import http from 'node:http';
import supertest from 'supertest';
import { HealthView } from '@alliance-hub/types';
import { createApp } from '../../app';
import { loadConfig } from '../../config';
import type { Database } from '../../database';
import { silentLogger } from '../../logger';
import { startTestApp, type TestApp } from '../../test/test-app';
import type { WechatClient } from '../../wechat/wechat-client';

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
