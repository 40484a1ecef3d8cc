import Router from '@koa/router';
import { BreakdownQuery, StatRecordsQuery, StatYearParams, TargetsPutBody } from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import { getMatchReasons } from './match-reasons';
import { listStatRecords } from './stat-records';
import { getBreakdown, getFunnel, getStats } from './stats.service';
import { getTargets, putTargets } from './target.service';

/** The year's figures (挂图作战): KPIs against targets, the funnel, breakdowns, drill-down. */
export function statsRoutes(deps: { clock: Clock }): Router {
  const router = new Router({ prefix: '/api/v1/stats' });

  router.get(
    '/:year',
    allow('stats.read'),
    validated({ params: StatYearParams }, async ({ params }, ctx) => {
      ctx.body = await getStats(actorOf(ctx), params.year, deps.clock());
    }),
  );

  router.get(
    '/:year/funnel',
    allow('stats.read'),
    validated({ params: StatYearParams }, async ({ params }, ctx) => {
      ctx.body = await getFunnel(actorOf(ctx), params.year);
    }),
  );

  router.get(
    '/:year/breakdown',
    allow('stats.readAll'),
    validated({ params: StatYearParams, query: BreakdownQuery }, async ({ params, query }, ctx) => {
      ctx.body = await getBreakdown(actorOf(ctx), params.year, query);
    }),
  );

  router.get(
    '/:year/match-reasons',
    allow('stats.readAll'),
    validated({ params: StatYearParams }, async ({ params }, ctx) => {
      ctx.body = await getMatchReasons(actorOf(ctx), params.year);
    }),
  );

  router.get(
    '/:year/records',
    allow('stats.read'),
    validated({ params: StatYearParams, query: StatRecordsQuery }, async ({ params, query }, ctx) => {
      ctx.body = await listStatRecords(actorOf(ctx), params.year, query);
    }),
  );

  return router;
}

/** Yearly targets and hand-entered figures; the secretariat edits them. */
export function targetRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/targets' });

  router.get(
    '/:year',
    allow('stats.readAll'),
    validated({ params: StatYearParams }, async ({ params }, ctx) => {
      ctx.body = await getTargets(params.year);
    }),
  );

  router.put(
    '/:year',
    allow('targets.manage'),
    validated({ params: StatYearParams, body: TargetsPutBody }, async ({ params, body }, ctx) => {
      ctx.body = await putTargets(actorOf(ctx), params.year, body);
    }),
  );

  return router;
}
