import Router from '@koa/router';
import type { AppDeps } from '../../app';
import { checkHealth } from './health.service';

export function healthRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/v1/health' });
  router.get('/', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await checkHealth(deps.database, deps.config.version);
  });
  return router;
}
