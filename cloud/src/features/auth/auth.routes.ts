import Router from '@koa/router';
import type { Context } from 'koa';
import { DevLoginBody, ObjectIdString, WechatLoginBody, z } from '@alliance-hub/types';
import type { AppDeps } from '../../app';
import { AppError } from '../../errors';
import { actorOf, allow } from '../../middleware/auth';
import { rateLimit } from '../../middleware/rate-limit';
import { validated } from '../../middleware/validate';
import { loadUserWithRefs } from '../users/user.queries';
import { presentMe } from '../users/user.presenter';
import * as auth from './auth.service';

const clientOf = (ctx: Context, kind: auth.ClientInfo['kind']): auth.ClientInfo => ({
  kind,
  userAgent: ctx.get('User-Agent') || undefined,
  ip: ctx.ip,
});

const SessionParams = z.strictObject({ id: ObjectIdString });

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

  router.get('/auth/dev/users', devOnly, async (ctx) => {
    ctx.body = { items: await auth.listDevUsers() };
  });

  router.post(
    '/auth/dev',
    devOnly,
    signInLimit,
    validated({ body: DevLoginBody }, async ({ body }, ctx) => {
      ctx.body = await auth.signInForDev(body, clientOf(ctx, 'dev'));
    }),
  );

  router.post('/auth/logout', allow(), async (ctx) => {
    const actor = actorOf(ctx);
    await auth.revokeSession(actor.id, actor.sessionId);
    ctx.status = 204;
  });

  router.get('/me', allow('me.read'), async (ctx) => {
    ctx.body = presentMe(await loadUserWithRefs(actorOf(ctx).id));
  });

  router.get('/me/sessions', allow('session.manage'), async (ctx) => {
    const actor = actorOf(ctx);
    ctx.body = { items: await auth.listSessions(actor.id, actor.sessionId) };
  });

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
