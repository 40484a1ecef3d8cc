import Router from '@koa/router';
import {
  MatchFeedbackBody,
  MatchListQuery,
  ObjectIdString,
  SynonymCreateBody,
  SynonymListQuery,
  SynonymUpdateBody,
  z,
} from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { giveFeedback, listMatches } from './matching.service';
import { recommendationsFor } from './recommendation.service';
import { createSynonymGroup, deleteSynonymGroup, listSynonyms, updateSynonymGroup } from './synonym.service';

const Params = z.strictObject({ id: ObjectIdString });

/**
 * Matches of a demand or achievement and feedback on them (under the items' own paths), 为你推荐,
 * and the synonym table. Visibility of the item is the publication service's rule (404 for what
 * the viewer may not see); staff-only demands among results are filtered per viewer.
 */
export function matchingRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1' });

  for (const [path, kind] of [
    ['demands', 'demand'],
    ['achievements', 'achievement'],
  ] as const) {
    router.get(
      `/${path}/:id/matches`,
      allow('match.read'),
      validated({ params: Params, query: MatchListQuery }, async ({ params, query }, ctx) => {
        ctx.body = await listMatches(actorOf(ctx), kind, params.id, query);
      }),
    );
    router.post(
      `/${path}/:id/matches/feedback`,
      allow('match.read'),
      validated({ params: Params, body: MatchFeedbackBody }, async ({ params, body }, ctx) => {
        ctx.body = await giveFeedback(actorOf(ctx), kind, params.id, body, deps.clock);
      }),
    );
  }

  router.get(
    '/matching/recommendations',
    allow('match.recommend'),
    validated({}, async (_input, ctx) => {
      ctx.body = await recommendationsFor(actorOf(ctx), deps.clock());
    }),
  );

  router.get(
    '/matching/synonyms',
    allow('synonym.read'),
    validated({ query: SynonymListQuery }, async ({ query }, ctx) => {
      ctx.body = await listSynonyms(actorOf(ctx), query.q);
    }),
  );
  router.post(
    '/matching/synonyms',
    allow('synonym.manage'),
    validated({ body: SynonymCreateBody }, async ({ body }, ctx) => {
      ctx.status = 201;
      ctx.body = await createSynonymGroup(actorOf(ctx), body);
    }),
  );
  router.patch(
    '/matching/synonyms/:id',
    allow('synonym.manage'),
    validated({ params: Params, body: SynonymUpdateBody }, async ({ params, body }, ctx) => {
      ctx.body = await updateSynonymGroup(actorOf(ctx), params.id, body);
    }),
  );
  router.delete(
    '/matching/synonyms/:id',
    allow('synonym.manage'),
    validated({ params: Params }, async ({ params }, ctx) => {
      await deleteSynonymGroup(actorOf(ctx), params.id);
      ctx.status = 204;
    }),
  );
  return router;
}
