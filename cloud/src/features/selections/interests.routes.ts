import Router from '@koa/router';
import {
  InterestCreateBody,
  InterestListQuery,
  ObjectIdString,
  SelectionItemKind,
  SelectionUpdateBody,
  z,
} from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import * as interests from './interest.service';

const IdParams = z.strictObject({ id: ObjectIdString });
// No body, or `{ note }`.
const CreateBody = z.preprocess((v) => v ?? {}, InterestCreateBody);
const PATHS: Record<SelectionItemKind, string> = {
  achievement: '/api/v1/achievements/:id/interest',
  demand: '/api/v1/demands/:id/interest',
};

/**
 * 我感兴趣 outside an event: POST on an item (idempotent per person and item), GET the staff's
 * event-less work list (or my own), PATCH marks one handled.
 */
export function interestRoutes(): Router {
  const router = new Router();

  for (const kind of SelectionItemKind.options) {
    router.post(
      PATHS[kind],
      allow('selection.create'),
      validated({ params: IdParams, body: CreateBody }, async ({ params, body }, ctx) => {
        const { created, interest } = await interests.expressInterest(actorOf(ctx), kind, params.id, body);
        ctx.status = created ? 201 : 200;
        ctx.body = interest;
      }),
    );
  }

  router.get(
    '/api/v1/interests',
    allow('selection.create'),
    validated({ query: InterestListQuery }, async ({ query }, ctx) => {
      ctx.body = await interests.listInterests(actorOf(ctx), query);
    }),
  );

  // The role-level gate; the service lets only the alliance's staff mark leads.
  router.patch(
    '/api/v1/interests/:id',
    allow(),
    validated({ params: IdParams, body: SelectionUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await interests.markInterestHandled(actorOf(ctx), params.id, body.handled);
    }),
  );

  return router;
}
