import Router from '@koa/router';
import type { Context } from 'koa';
import {
  DevLoginBody,
  ObjectIdString,
  WEB_TICKET_SECRET_HEADER,
  WechatLoginBody,
  z,
} from '@alliance-hub/types';
import type { AppDeps } from '../../app';
import { AppError } from '../../errors';
import { actorOf, allow, signedInUserOf } from '../../middleware/auth';
import { rateLimit } from '../../middleware/rate-limit';
import { validated } from '../../middleware/validate';
import { withUserRefs } from '../users/user.queries';
import { presentMe } from '../users/user.presenter';
import * as auth from './auth.service';
import * as webTickets from './web-ticket.service';
import { systemClock } from '../../lib/clock';

const clientOf = (ctx: Context, kind: auth.ClientInfo['kind']): auth.ClientInfo => ({
  kind,
  userAgent: ctx.get('User-Agent') || undefined,
  ip: ctx.ip,
});

const SessionParams = z.strictObject({ id: ObjectIdString });
const TicketParams = z.strictObject({ id: ObjectIdString });

export function authRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/v1' });
  const signInLimit = rateLimit({ name: 'sign-in', limit: deps.config.signInRateLimit, windowSeconds: 60 });
  const devOnly = async (_ctx: Context, next: () => Promise<unknown>) => {
    if (!deps.config.authDevLogin) throw new AppError(404, 'DEV_LOGIN_DISABLED', '此环境未开放开发登录');
    await next();
  };

  router.post(
    '/auth/wechat',
    signInLimit,
    validated({ body: WechatLoginBody }, async ({ body }, ctx) => {
      ctx.body = await auth.signInWithWechat(deps.wechat, body.code, clientOf(ctx, 'weapp'));
    }),
  );

  // Web sign-in by scanning (#16): the browser asks and polls, the phone scans and confirms.
  const clock = deps.clock ?? systemClock;
  router.post(
    '/auth/web-tickets',
    signInLimit,
    validated({}, async (_input, ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = await webTickets.createWebTicket(deps.wechat, clientOf(ctx, 'h5'), clock);
    }),
  );

  router.get(
    '/auth/web-tickets/:id',
    validated({ params: TicketParams }, async ({ params }, ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await webTickets.pollWebTicket(
        params.id,
        ctx.get(WEB_TICKET_SECRET_HEADER) || undefined,
        clock,
      );
    }),
  );

  router.post(
    '/auth/web-tickets/:id/scan',
    allow(),
    validated({ params: TicketParams }, async ({ params }, ctx) => {
      ctx.body = await webTickets.scanWebTicket(actorOf(ctx), params.id, clock);
    }),
  );

  router.post(
    '/auth/web-tickets/:id/confirm',
    allow(),
    validated({ params: TicketParams }, async ({ params }, ctx) => {
      ctx.body = await webTickets.confirmWebTicket(actorOf(ctx), params.id, clock);
    }),
  );

  router.post(
    '/auth/web-tickets/:id/cancel',
    allow(),
    validated({ params: TicketParams }, async ({ params }, ctx) => {
      await webTickets.cancelWebTicket(actorOf(ctx), params.id, clock);
      ctx.status = 204;
    }),
  );

  router.get(
    '/auth/dev/users',
    devOnly,
    validated({}, async (_input, ctx) => {
      ctx.body = { items: await auth.listDevUsers() };
    }),
  );

  router.post(
    '/auth/dev',
    devOnly,
    signInLimit,
    validated({ body: DevLoginBody }, async ({ body }, ctx) => {
      ctx.body = await auth.signInForDev(body, clientOf(ctx, 'dev'));
    }),
  );

  router.post(
    '/auth/logout',
    allow(),
    validated({}, async (_input, ctx) => {
      const actor = actorOf(ctx);
      await auth.revokeSession(actor.id, actor.sessionId);
      ctx.status = 204;
    }),
  );

  router.get(
    '/me',
    allow('me.read'),
    validated({}, async (_input, ctx) => {
      // The user was read fresh with the session by allow(): only its links remain to read.
      ctx.body = presentMe(await withUserRefs(signedInUserOf(ctx)));
    }),
  );

  router.get(
    '/me/sessions',
    allow('session.manage'),
    validated({}, async (_input, ctx) => {
      const actor = actorOf(ctx);
      ctx.body = { items: await auth.listSessions(actor.id, actor.sessionId) };
    }),
  );

  router.delete(
    '/me/sessions/:id',
    allow('session.manage'),
    validated({ params: SessionParams }, async ({ params }, ctx) => {
      await auth.revokeSession(actorOf(ctx).id, params.id);
      ctx.status = 204;
    }),
  );

  return router;
}
