import Router from '@koa/router';
import {
  ObjectIdString,
  SelectionCreateBody,
  SelectionListQuery,
  SelectionUpdateBody,
  z,
} from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as selections from './selection.service';

const EventParams = z.strictObject({ id: ObjectIdString });
const SelectionParams = z.strictObject({ id: ObjectIdString, selectionId: ObjectIdString });

/** 点菜式 selections at an event: POST ticks (idempotent), GET the work list, PATCH marks handled. */
export function selectionRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/events/:id/selections' });

  router.post(
    '/',
    allow('selection.create'),
    validated({ params: EventParams, body: SelectionCreateBody }, async ({ params, body }, ctx) => {
      const { created, selection } = await selections.select(actorOf(ctx), params.id, body);
      ctx.status = created ? 201 : 200;
      ctx.body = selection;
    }),
  );

  router.get(
    '/',
    allow('selection.create'),
    validated({ params: EventParams, query: SelectionListQuery }, async ({ params, query }, ctx) => {
      ctx.body = await selections.listSelections(actorOf(ctx), params.id, query);
    }),
  );

  // The role-level gate; the service checks the actor runs this event.
  router.patch(
    '/:selectionId',
    allow(),
    validated({ params: SelectionParams, body: SelectionUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await selections.markHandled(actorOf(ctx), params.id, params.selectionId, body.handled);
    }),
  );

  return router;
}
