import Router from '@koa/router';
import {
  ApplicationCreateBody,
  ApplicationListQuery,
  ApplicationRejectBody,
  ObjectIdString,
  z,
} from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as applications from './application.service';

const IdParams = z.strictObject({ id: ObjectIdString });

export function applicationRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/applications' });

  router.post(
    '/',
    allow('application.create'),
    validated({ body: ApplicationCreateBody }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await applications.createApplication(actorOf(ctx), body);
    }),
  );

  router.get(
    '/mine',
    allow('application.readOwn'),
    validated({}, async (_input, ctx) => {
      ctx.body = { items: await applications.listMyApplications(actorOf(ctx)) };
    }),
  );

  router.get(
    '/',
    allow('application.list'),
    validated({ query: ApplicationListQuery }, async ({ query }, ctx) => {
      ctx.body = await applications.listApplications(query);
    }),
  );

  router.post(
    '/:id/withdraw',
    allow('application.withdrawOwn'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      ctx.body = await applications.withdrawApplication(actorOf(ctx), params.id);
    }),
  );

  router.post(
    '/:id/approve',
    allow('application.decide'),
    validated({ params: IdParams }, async ({ params }, ctx) => {
      ctx.body = await applications.approveApplication(actorOf(ctx), params.id);
    }),
  );

  router.post(
    '/:id/reject',
    allow('application.decide'),
    validated({ params: IdParams, body: ApplicationRejectBody }, async ({ params, body }, ctx) => {
      ctx.body = await applications.rejectApplication(actorOf(ctx), params.id, body.reason);
    }),
  );

  return router;
}
