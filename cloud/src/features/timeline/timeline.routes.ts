import Router from '@koa/router';
import { ObjectIdString, TimelineQuery, z } from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { organizationTimeline, personTimeline } from './timeline.service';

const Params = z.strictObject({ id: ObjectIdString });

/** Organization and person timelines; each source is filtered by what the viewer may see. */
export function timelineRoutes(): Router {
  const router = new Router({ prefix: '/api/v1' });

  router.get(
    '/organizations/:id/timeline',
    allow('timeline.read'),
    validated({ params: Params, query: TimelineQuery }, async ({ params, query }, ctx) => {
      ctx.body = await organizationTimeline(actorOf(ctx), params.id, query);
    }),
  );

  router.get(
    '/people/:id/timeline',
    allow('timeline.read'),
    validated({ params: Params, query: TimelineQuery }, async ({ params, query }, ctx) => {
      ctx.body = await personTimeline(actorOf(ctx), params.id, query);
    }),
  );

  return router;
}
