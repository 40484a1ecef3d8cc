import http from 'node:http';
import supertest from 'supertest';
import { createApp } from '../app';
import { loadConfig, type Config } from '../config';
import { connectDatabase, type Database } from '../database';
import { createLogger, silentLogger, type Logger } from '../logger';
import { startFakeWechat, type FakeWechatServer } from '../dev/fake-wechat-server';
import { createWechatClient } from '../wechat/wechat-client';
import { stopSpreadsheetWorker } from '../features/imports/import.parse';
import type { Clock } from '../lib/clock';

export type TestApp = {
  request: ReturnType<typeof supertest>;
  /** The HTTP server behind `request`; tests that need raw sockets call `listen(0)` on it. */
  server: http.Server;
  database: Database;
  wechat: FakeWechatServer;
  config: Config;
  close(): Promise<void>;
};

/**
 * A real app over real HTTP, on a fresh in-memory embedded database and a fake WeChat server
 * on loopback. One per test file (jest gives each file its own mongoose instance).
 */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<TestApp> {
  // A generous sign-in limit: test files sign in many users; the rate-limit test sets its own.
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_DEV_LOGIN: '1',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ...env,
  });
  // TEST_LOG=debug npx jest … shows the app's logs while debugging a test.
  const logger =
    options.logger ?? (process.env.TEST_LOG ? createLogger(process.env.TEST_LOG) : silentLogger());
  const secret = 'test-secret';
  const wechatServer = await startFakeWechat({ appId: config.wechat.appId, secret });
  // Test commands on, so a test can inject database faults (configureFailPoint failCommand).
  const database = await connectDatabase({
    persist: false,
    logger,
    embeddedThread: 'main',
    enableTestCommands: true,
  });
  const wechat = createWechatClient({
    appId: config.wechat.appId,
    secret,
    apiBase: wechatServer.baseUrl,
    logger,
  });
  const app = createApp({ config, logger, database, wechat, clock: options.clock });
  const server = http.createServer(app.callback());
  return {
    request: supertest(server),
    server,
    database,
    wechat: wechatServer,
    config,
    async close() {
      server.close();
      await database.close();
      await wechatServer.stop();
      await stopSpreadsheetWorker();
    },
  };
}
