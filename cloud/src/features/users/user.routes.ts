import Router from '@koa/router';
import { ObjectIdString, UserListQuery, UserUpdateBody, z } from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as users from './user.service';

const IdParams = z.strictObject({ id: ObjectIdString });

export function userRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/users' });

  router.get(
    '/',
    allow('user.list'),
    validated({ query: UserListQuery }, async ({ query }, ctx) => {
      ctx.body = await users.listUsers(query);
    }),
  );

  // For event organisers picking staff: coordinators may see who the other coordinators are.
  router.get(
    '/staff',
    allow('event.manage'),
    validated({}, async (_input, ctx) => {
      ctx.body = { items: await users.listStaffUsers() };
    }),
  );

  router.patch(
    '/:id',
    allow('user.list'),
    validated({ params: IdParams, body: UserUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await users.updateUser(actorOf(ctx), params.id, body);
    }),
  );

  return router;
}
