import type http from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { z } from '@alliance-hub/types';
import type { Clock } from '../lib/clock';
import type { Logger } from '../logger';
import type { Scheduler } from '../jobs/scheduler';
import { errorHandler } from '../middleware/error-handler';
import { jsonBody } from '../middleware/json-body';
import { requestContext, type AppState } from '../middleware/request-context';
import { validated } from '../middleware/validate';
import type { FakeWechatServer } from './fake-wechat-server';

/**
 * Test controls for the browser tests, mounted only with TEST_CONTROLS=1 (refused in production):
 * they move cloud's clock forward, run the scheduler at once, and read what the fake WeChat server
 * received, so "the reminder is sent when due" is tested without waiting for the due date.
 * Not part of the product's API contract, hence its schema lives here rather than in types/.
 */
export type TestClock = { clock: Clock; advance(ms: number): Date };

/** Real time plus an offset the tests move forward: time still flows between steps. */
export function createTestClock(): TestClock {
  let offsetMs = 0;
  const clock: Clock = () => new Date(Date.now() + offsetMs);
  return {
    clock,
    advance(ms) {
      offsetMs += ms;
      return clock();
    },
  };
}

const YEAR_MS = 366 * 24 * 3600_000;
const ClockAdvanceBody = z.strictObject({ advanceMs: z.number().int().min(0).max(YEAR_MS) });

type TestControlDeps = {
  testClock: TestClock;
  /** The process's scheduler, once made (it is made after the app). */
  scheduler: () => Scheduler | undefined;
  fakeWechat: FakeWechatServer | undefined;
  logger: Logger;
};

const PREFIX = '/api/v1/test/';

/**
 * The product's request handler with the test controls in front of it: a separate small Koa app
 * answers /api/v1/test/*, so the product app (createApp) carries no test-only route at all.
 */
export function withTestControls(product: http.RequestListener, deps: TestControlDeps): http.RequestListener {
  const controls = new Koa<AppState>();
  controls.use(requestContext(deps.logger));
  controls.use(errorHandler());
  controls.use(jsonBody({ limit: '16kb' }));
  const router = testControlRoutes(deps);
  controls.use(router.routes()).use(router.allowedMethods());
  controls.silent = true;
  const handleControls = controls.callback();
  return (req, res) => (req.url?.startsWith(PREFIX) ? handleControls(req, res) : product(req, res));
}

function testControlRoutes(deps: TestControlDeps): Router {
  const router = new Router({ prefix: '/api/v1/test' });

  router.get('/clock', (ctx) => {
    ctx.body = { now: deps.testClock.clock().toISOString() };
  });

  // Moves the clock, then runs whatever the scheduler finds due, so the answer comes after the sends.
  router.post(
    '/clock',
    validated({ body: ClockAdvanceBody }, async ({ body }, ctx) => {
      const now = deps.testClock.advance(body.advanceMs);
      // Twice: the first may join a timer tick that read the clock before it moved.
      const scheduler = deps.scheduler();
      const ran = scheduler ? [...(await scheduler.tick()), ...(await scheduler.tick())] : [];
      ctx.body = { now: now.toISOString(), ran };
    }),
  );

  router.get('/wechat/subscribe-messages', (ctx) => {
    ctx.body = { items: deps.fakeWechat?.subscribeMessages() ?? [] };
  });

  return router;
}
