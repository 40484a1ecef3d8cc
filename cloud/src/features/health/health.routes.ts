import Router from '@koa/router';
import { HealthView, LivenessView, ReadinessView } from '@alliance-hub/types';
import { validated } from '../../middleware/validate';
import type { AppDeps } from '../../app';
import { createLifecycle } from '../../lifecycle';
import { checkHealth, checkLiveness, checkReadiness } from './health.service';

export function healthRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/v1/health' });
  // An app built without a lifecycle (tests, tools) never ran the index pass: not ready.
  const lifecycle = deps.lifecycle ?? createLifecycle();
  router.get(
    '/',
    validated({ response: HealthView }, async (_input, ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await checkHealth(deps.database, deps.config.version);
    }),
  );
  router.get(
    '/live',
    validated({ response: LivenessView }, (_input, ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = checkLiveness();
    }),
  );
  router.get(
    '/ready',
    validated({ response: ReadinessView }, async (_input, ctx) => {
      ctx.set('Cache-Control', 'no-store');
      const view = await checkReadiness(deps.database, lifecycle);
      ctx.status = view.ready ? 200 : 503;
      ctx.body = view;
    }),
  );
  return router;
}
