import Router from '@koa/router';
import type Koa from 'koa';
import { validated } from '../../middleware/validate';
import { renderDocsPage } from './openapi.page';
import { buildOpenApi, type OpenApiDocument } from './openapi.document';

/**
 * GET /api/v1/openapi.json and the docs page GET /api/docs. Both are built from the app they are
 * mounted on (ctx.app) on first request, when every router is in place, and kept: routes do not
 * change while a process runs.
 */
export function openApiRoutes(deps: { version: string }): Router {
  const router = new Router();
  let spec: OpenApiDocument | undefined;
  let page: string | undefined;
  const specOf = (app: Koa) => (spec ??= buildOpenApi(app, deps.version));

  router.get(
    '/api/v1/openapi.json',
    validated({}, (_input, ctx) => {
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = specOf(ctx.app as Koa);
    }),
  );
  router.get(
    '/api/docs',
    validated({}, (_input, ctx) => {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'html';
      ctx.body = page ??= renderDocsPage(specOf(ctx.app as Koa));
    }),
  );
  return router;
}
