import Router from '@koa/router';

/** Placeholder until the import/export feature lands (issue 5). */
export function importRoutes(): Router {
  return new Router({ prefix: '/api/v1/imports' });
}
