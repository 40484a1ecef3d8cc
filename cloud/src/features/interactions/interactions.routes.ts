import Router from '@koa/router';
import {
  InteractionBatchBody,
  InteractionCreateBody,
  InteractionListQuery,
  InteractionUpdateBody,
  ObjectIdString,
  z,
} from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { logInteractionBatch } from './interaction-batch';
import * as interactions from './interaction.service';

const Params = z.strictObject({ id: ObjectIdString });

/**
 * The interaction log. Signed-in is the route gate; who may log, read, see notes and change an
 * entry depends on the entry itself (the organizations involved, its visibility, its author),
 * so the service asks the policy with the loaded record.
 */
export function interactionRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1/interactions' });

  router.post(
    '/',
    allow(),
    validated({ body: InteractionCreateBody }, async ({ body }, ctx) => {
      const { created, interaction } = await interactions.logInteraction(actorOf(ctx), body, deps.clock);
      ctx.status = created ? 201 : 200;
      ctx.body = interaction;
    }),
  );

  // The offline outbox's queue in one request: one result per item, in order; 200 even when
  // some items are refused (each result says), so the stored ones are never sent again.
  router.post(
    '/batch',
    allow(),
    validated({ body: InteractionBatchBody }, async ({ body }, ctx) => {
      ctx.body = await logInteractionBatch(actorOf(ctx), body.items, deps.clock);
    }),
  );

  router.get(
    '/',
    allow(),
    validated({ query: InteractionListQuery }, async ({ query }, ctx) => {
      ctx.body = await interactions.listInteractions(actorOf(ctx), query);
    }),
  );

  router.get(
    '/:id',
    allow(),
    validated({ params: Params }, async ({ params }, ctx) => {
      ctx.body = await interactions.getInteraction(actorOf(ctx), params.id);
    }),
  );

  router.patch(
    '/:id',
    allow(),
    validated({ params: Params, body: InteractionUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await interactions.updateInteraction(actorOf(ctx), params.id, body, deps.clock);
    }),
  );

  router.delete(
    '/:id',
    allow(),
    validated({ params: Params }, async ({ params }, ctx) => {
      await interactions.deleteInteraction(actorOf(ctx), params.id, deps.clock);
      ctx.status = 204;
    }),
  );

  return router;
}
