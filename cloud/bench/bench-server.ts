import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/database';
import { createLogger, silentLogger } from '../src/logger';
import { startFakeWechat } from '../src/dev/fake-wechat-server';
import { createWechatClient } from '../src/wechat/wechat-client';

/**
 * The API over real HTTP on loopback, on a fresh embedded database (or MONGODB_URI), with dev
 * sign-in and a fake WeChat server: what the HTTP benchmarks measure against.
 * BENCH_LOG=debug shows the app's logs.
 */
export async function startBenchServer() {
  const logger = process.env.BENCH_LOG ? createLogger(process.env.BENCH_LOG) : silentLogger();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_DEV_LOGIN: '1',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
  });
  const fake = await startFakeWechat({ appId: config.wechat.appId, secret: 's' });
  // The pool warmed at connect, as server.ts has it.
  const database = await connectDatabase({
    mongodbUri: process.env.MONGODB_URI,
    persist: false,
    warmPool: true,
    logger,
  });
  const wechat = createWechatClient({
    appId: config.wechat.appId,
    secret: 's',
    apiBase: fake.baseUrl,
    logger,
  });
  const server = http.createServer(createApp({ config, logger, database, wechat }).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    database,
    async close() {
      server.close();
      await database.close();
      await fake.stop();
    },
  };
}
