import Router from '@koa/router';
import { SubscriptionAcceptBody } from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { latestDigest } from './digest.service';
import * as reminders from './reminder.service';

/** The in-app badge (我的 and 首页) and the one-time subscribe-message credits. */
export function reminderRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1/me' });

  router.get(
    '/badges',
    allow('me.read'),
    validated({}, async (_input, ctx) => {
      ctx.body = await reminders.badgesOf(actorOf(ctx).id, deps.clock());
    }),
  );

  router.post(
    '/reminders/read',
    allow('me.read'),
    validated({}, async (_input, ctx) => {
      await reminders.markRemindersRead(actorOf(ctx).id, deps.clock());
      ctx.status = 204;
    }),
  );

  // The secretariat's daily digest of overdue work; null for everyone else and before the first.
  router.get(
    '/digest',
    allow('me.read'),
    validated({}, async (_input, ctx) => {
      ctx.body = await latestDigest(actorOf(ctx).id);
    }),
  );

  router.get(
    '/subscriptions',
    allow('me.read'),
    validated({}, async (_input, ctx) => {
      ctx.body = await reminders.creditsOf(actorOf(ctx).id);
    }),
  );

  router.post(
    '/subscriptions',
    allow('me.read'),
    validated({ body: SubscriptionAcceptBody }, async ({ body }, ctx) => {
      ctx.body = await reminders.acceptSubscriptions(actorOf(ctx).id, body.accepted);
    }),
  );

  return router;
}
