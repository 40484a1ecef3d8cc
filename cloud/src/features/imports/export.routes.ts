import Router from '@koa/router';
import { OrgExportQuery, PersonExportQuery } from '@alliance-hub/types';
import { actorOf, allow } from '../../middleware/auth';
import { validated } from '../../middleware/validate';
import type { AppState } from '../../middleware/request-context';
import { sendXlsx } from '../../lib/xlsx-stream';
import { exportOrganizations, exportPeople } from './export.service';

export function exportRoutes(): Router {
  const router = new Router({ prefix: '/api/v1/exports' });

  router.get(
    '/organizations.xlsx',
    allow('directory.export'),
    validated({ query: OrgExportQuery }, async ({ query }, ctx) => {
      sendXlsx(ctx, '单位名录', exportOrganizations(query, (ctx.state as AppState).log));
    }),
  );

  router.get(
    '/people.xlsx',
    allow('directory.export'),
    validated({ query: PersonExportQuery }, async ({ query }, ctx) => {
      sendXlsx(ctx, '人员名录', exportPeople(actorOf(ctx), query, (ctx.state as AppState).log));
    }),
  );

  return router;
}
